import { addNumbers, NumberError, typeOf, type AttributeMap, type AttributeValue } from '@dynaring/core';
import { canonicalValue } from '../attribute-value.js';
import { validation } from '../errors.js';
import type { AppliedUpdate, CompiledUpdate } from '../request-expressions.js';

/** One entry of UpdateItem's AttributeUpdates. */
export interface AttributeValueUpdate {
  Action?: 'PUT' | 'ADD' | 'DELETE';
  Value?: unknown;
}

/** One checked legacy update action. */
export type LegacyUpdateAction =
  | { kind: 'PUT'; attribute: string; value: AttributeValue }
  | { kind: 'ADD'; attribute: string; value: AttributeValue }
  | { kind: 'DELETE'; attribute: string; value?: AttributeValue };

const INVALID = 'One or more parameter values were invalid: ';
const SETS = new Set(['SS', 'NS', 'BS']);
const ADDABLE = new Set(['N', 'SS', 'NS', 'BS', 'L']);
const TYPE_MISMATCH = 'Type mismatch for attribute to update';

/**
 * Checks the AttributeUpdates of a request (before the table is looked up), with DynamoDB's
 * messages. Unlike UpdateExpression's ADD, the legacy ADD also appends to lists.
 */
export function checkAttributeUpdates(updates: Record<string, AttributeValueUpdate | undefined>): LegacyUpdateAction[] {
  return Object.entries(updates).map(([attribute, update]) => {
    const kind = update?.Action ?? 'PUT';
    const value = update?.Value === undefined ? undefined : canonicalValue(update.Value);
    if (value === undefined) {
      if (kind !== 'DELETE') throw validation(`${INVALID}Only DELETE action is allowed when no attribute value is specified`);
      return { kind, attribute };
    }
    const type = typeOf(value);
    if (kind === 'DELETE' && !SETS.has(type)) throw validation(`${INVALID}DELETE action with value is not supported for the type ${type}`);
    if (kind === 'ADD' && !ADDABLE.has(type)) throw validation(`${INVALID}ADD action is not supported for the type ${type}`);
    return { kind, attribute, value };
  });
}

/** The checked updates as the update the write path applies, once the key schema is known. */
export function compileAttributeUpdates(actions: readonly LegacyUpdateAction[], keyNames: readonly string[]): CompiledUpdate {
  for (const action of actions) {
    if (keyNames.includes(action.attribute)) {
      throw validation(`${INVALID}Cannot update attribute ${action.attribute}. This attribute is part of the key`);
    }
  }
  return {
    // PUT and whole-attribute DELETE are blind writes; ADD and set DELETE need the old value.
    readsItem: actions.some((a) => a.kind === 'ADD' || (a.kind === 'DELETE' && a.value !== undefined)),
    apply: (item) => applyActions(actions, item),
  };
}

function applyActions(actions: readonly LegacyUpdateAction[], item: AttributeMap | null): AppliedUpdate {
  const old = item ?? {};
  const next: AttributeMap = { ...old };
  for (const action of actions) {
    const existing = next[action.attribute];
    const result = applyOne(action, existing);
    if (result === undefined) delete next[action.attribute];
    else next[action.attribute] = result;
  }
  const touched = new Set(actions.map((a) => a.attribute));
  const updatedOld: AttributeMap = {};
  const updatedNew: AttributeMap = {};
  for (const name of touched) {
    if (old[name] !== undefined) updatedOld[name] = old[name]!;
    if (next[name] !== undefined) updatedNew[name] = next[name]!;
  }
  return { item: next, touched, updatedOld, updatedNew };
}

function applyOne(action: LegacyUpdateAction, existing: AttributeValue | undefined): AttributeValue | undefined {
  switch (action.kind) {
    case 'PUT':
      return action.value;
    case 'DELETE': {
      if (action.value === undefined) return undefined;
      if (existing === undefined) return undefined;
      const t = typeOf(action.value);
      if (typeOf(existing) !== t) throw validation(TYPE_MISMATCH);
      // Sets hold canonical text (numbers and base64 alike), so text equality is value equality.
      const drop = (action.value as Record<string, string[]>)[t]!;
      const kept = (existing as Record<string, string[]>)[t]!.filter((e) => !drop.includes(e));
      return kept.length === 0 ? undefined : ({ [t]: kept } as AttributeValue);
    }
    case 'ADD': {
      if (existing === undefined) return action.value;
      const t = typeOf(action.value);
      if (typeOf(existing) !== t) throw validation(TYPE_MISMATCH);
      if ('N' in existing && 'N' in action.value) return { N: sum(existing.N, action.value.N) };
      if ('L' in existing && 'L' in action.value) return { L: [...existing.L, ...action.value.L] };
      const current = (existing as Record<string, string[]>)[t]!;
      const extra = (action.value as Record<string, string[]>)[t]!.filter((e) => !current.includes(e));
      return { [t]: [...current, ...extra] } as AttributeValue;
    }
  }
}

function sum(a: string, b: string): string {
  try {
    return addNumbers(a, b);
  } catch (e) {
    if (e instanceof NumberError) throw validation(e.message);
    throw e;
  }
}
