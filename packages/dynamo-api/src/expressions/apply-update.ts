import { addNumbers, NumberError, subtractNumbers, typeOf, type AttributeMap, type AttributeValue } from '@dynaring/core';
import { validation } from '../errors.js';
import type { UpdateExpression, UpdateValue } from './ast.js';
import { child, valueAtPath } from './document-path.js';
import { project } from './projection.js';

export interface UpdateResult {
  /** The item after the update (key attributes are whatever the input item held). */
  readonly item: AttributeMap;
  /** Top-level attributes the update wrote and that exist afterwards (write these whole). */
  readonly updatedTopLevel: ReadonlySet<string>;
  /** Top-level attributes the update touched and that no longer exist (tombstone these). */
  readonly removedTopLevel: ReadonlySet<string>;
  /** ReturnValues UPDATED_OLD: the old item projected on the update's paths ({} if none). */
  readonly updatedOld: AttributeMap;
  /** ReturnValues UPDATED_NEW: the new item projected on the update's paths ({} if none). */
  readonly updatedNew: AttributeMap;
}

const MISSING_OPERAND = 'The provided expression refers to an attribute that does not exist in the item';
const WRONG_TYPE = 'An operand in the update expression has an incorrect data type';
const BAD_PATH = 'The document path provided in the update expression is invalid for update';

/** A list slot removed by this update; lists are compacted after all actions ran. */
const REMOVED = { NULL: true } as AttributeValue;

/** Updating any part of a key attribute is refused before the item is even read. */
export function assertKeyNotUpdated(update: UpdateExpression, keyNames: readonly string[]): void {
  for (const action of update.actions) {
    const head = action.path[0] as string;
    if (keyNames.includes(head)) {
      throw validation(`One or more parameter values were invalid: Cannot update attribute ${head}. This attribute is part of the key`);
    }
  }
}

/** Whether applying the update needs the current item (a read-modify-write) rather than a blind write. */
export function updateReadsItem(update: UpdateExpression): boolean {
  const reads = (v: UpdateValue): boolean =>
    v.kind !== 'value' && (v.kind === 'path' || v.kind === 'if_not_exists' || reads(v.left) || reads(v.right));
  return update.actions.some(
    (a) => a.path.length > 1 || a.action === 'ADD' || a.action === 'DELETE' || (a.action === 'SET' && reads(a.value)),
  );
}

/**
 * Applies a resolved UpdateExpression to an item (null when it does not exist yet), the way
 * DynamoDB does: every SET right-hand side is read from the *old* item, list indexes refer to
 * positions before the update, setting past the end of a list appends (in index order), and
 * a DELETE that empties a set removes the attribute.
 */
export function applyUpdate(
  update: UpdateExpression,
  item: AttributeMap | null,
  keyNames: readonly string[],
  exists: boolean = item !== null,
): UpdateResult {
  assertKeyNotUpdated(update, keyNames);
  const old = item ?? {};
  const values = update.actions.map((a) => (a.action === 'SET' ? evaluate(a.value, old) : undefined));

  // Copy-on-write: only the touched top-level attributes are cloned.
  const next: AttributeMap = { ...old };
  const touched = new Set(update.actions.map((a) => a.path[0] as string));
  for (const name of touched) {
    if (next[name] !== undefined) next[name] = structuredClone(next[name]!);
  }

  const lists = new ListEdits();
  update.actions.forEach((action, i) => {
    const path = action.path;
    const last = path[path.length - 1]!;
    const parent = path.length === 1 ? { M: next } : valueAtPath(next, path.slice(0, -1));
    const container = containerOf(parent, last);
    if (container === undefined) {
      // DynamoDB quietly ignores REMOVE of a nested path on an item that does not exist.
      if (action.action === 'REMOVE' && !exists) return;
      throw validation(BAD_PATH);
    }
    const slot = new Slot(container, last, lists);
    switch (action.action) {
      case 'SET':
        slot.set(values[i]!);
        return;
      case 'REMOVE':
        slot.remove();
        return;
      case 'ADD':
        slot.set(add(slot.get(), action.value));
        return;
      case 'DELETE': {
        const existing = slot.get();
        if (existing === undefined) return;
        const remaining = deleteElements(existing, action.value);
        if (remaining === undefined) slot.remove();
        else slot.set(remaining);
        return;
      }
    }
  });
  lists.compact();

  const updatedTopLevel = new Set<string>();
  const removedTopLevel = new Set<string>();
  for (const name of touched) (next[name] === undefined ? removedTopLevel : updatedTopLevel).add(name);
  for (const name of removedTopLevel) delete next[name];

  const paths = update.actions.map((a) => a.path);
  return { item: next, updatedTopLevel, removedTopLevel, updatedOld: project(old, paths), updatedNew: project(next, paths) };
}

function containerOf(parent: AttributeValue | undefined, step: string | number): AttributeValue[] | AttributeMap | undefined {
  if (parent === undefined || parent === REMOVED) return undefined;
  if (typeof step === 'number') return 'L' in parent ? parent.L : undefined;
  return 'M' in parent ? parent.M : undefined;
}

function evaluate(v: UpdateValue, item: AttributeMap): AttributeValue {
  switch (v.kind) {
    case 'value':
      return v.value;
    case 'path': {
      const found = valueAtPath(item, v.path);
      if (found === undefined) throw validation(MISSING_OPERAND);
      return found;
    }
    case 'if_not_exists':
      return valueAtPath(item, v.path) ?? evaluate(v.fallback, item);
    case 'list_append': {
      const a = evaluate(v.left, item);
      const b = evaluate(v.right, item);
      if (!('L' in a) || !('L' in b)) throw validation(WRONG_TYPE);
      return { L: [...a.L, ...b.L] };
    }
    case '+':
    case '-': {
      const a = evaluate(v.left, item);
      const b = evaluate(v.right, item);
      if (!('N' in a) || !('N' in b)) throw validation(WRONG_TYPE);
      return { N: numeric(() => (v.kind === '+' ? addNumbers(a.N, b.N) : subtractNumbers(a.N, b.N))) };
    }
  }
}

function numeric(f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (e instanceof NumberError) throw validation(e.message);
    throw e;
  }
}

function add(existing: AttributeValue | undefined, operand: AttributeValue): AttributeValue {
  if (existing === undefined) return structuredClone(operand);
  const t = typeOf(operand);
  if (typeOf(existing) !== t) throw validation(WRONG_TYPE);
  if ('N' in existing && 'N' in operand) return { N: numeric(() => addNumbers(existing.N, operand.N)) };
  // Sets hold canonical text (numbers and base64 alike), so text equality is value equality.
  const current = (existing as Record<string, string[]>)[t]!;
  const extra = (operand as Record<string, string[]>)[t]!.filter((e) => !current.includes(e));
  return { [t]: [...current, ...extra] } as AttributeValue;
}

function deleteElements(existing: AttributeValue, operand: AttributeValue): AttributeValue | undefined {
  const t = typeOf(operand);
  if (typeOf(existing) !== t) throw validation(WRONG_TYPE);
  const drop = (operand as Record<string, string[]>)[t]!;
  const kept = (existing as Record<string, string[]>)[t]!.filter((e) => !drop.includes(e));
  return kept.length === 0 ? undefined : ({ [t]: kept } as AttributeValue);
}

/** Deferred list edits, so that every index in one update means the original position. */
class ListEdits {
  private readonly appends = new Map<AttributeValue[], Array<{ index: number; value: AttributeValue }>>();
  private readonly removals = new Set<AttributeValue[]>();

  append(list: AttributeValue[], index: number, value: AttributeValue): void {
    const pending = this.appends.get(list) ?? [];
    pending.push({ index, value });
    this.appends.set(list, pending);
  }

  remove(list: AttributeValue[], index: number): void {
    list[index] = REMOVED;
    this.removals.add(list);
  }

  compact(): void {
    for (const list of this.removals) {
      const kept = list.filter((v) => v !== REMOVED);
      list.splice(0, list.length, ...kept);
    }
    for (const [list, pending] of this.appends) {
      pending.sort((a, b) => a.index - b.index);
      list.push(...pending.map((p) => p.value));
    }
  }
}

/** One addressed place: a key of a map or an index of a list. */
class Slot {
  constructor(
    private readonly container: AttributeValue[] | AttributeMap,
    private readonly step: string | number,
    private readonly lists: ListEdits,
  ) {}

  get(): AttributeValue | undefined {
    if (Array.isArray(this.container)) {
      const v = this.container[this.step as number];
      return v === REMOVED ? undefined : v;
    }
    return child({ M: this.container }, this.step);
  }

  set(value: AttributeValue): void {
    if (Array.isArray(this.container)) {
      const index = this.step as number;
      if (index < this.container.length) this.container[index] = value;
      else this.lists.append(this.container, index, value);
    } else {
      this.container[this.step as string] = value;
    }
  }

  remove(): void {
    if (Array.isArray(this.container)) {
      const index = this.step as number;
      if (index < this.container.length) this.lists.remove(this.container, index);
    } else {
      delete this.container[this.step as string];
    }
  }
}
