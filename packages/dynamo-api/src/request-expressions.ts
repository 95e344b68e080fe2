import type { AttributeMap, KeySchema, RangeKeyBounds, ScalarKeyValue } from '@dynaring/core';
import { canonicalValue } from './attribute-value.js';
import { DynamoApiError, validation } from './errors.js';
import { assertNoDuplicateNames } from './legacy/parameter-mixing.js';
import {
  ExpressionAttributes,
  applyUpdate,
  assertKeyNotUpdated,
  conditionTopLevelNames,
  evaluateCondition,
  parseConditionExpression,
  parseKeyConditionExpression,
  parseProjectionExpression,
  parseUpdateExpression,
  project,
  resolveKeyCondition,
  updateReadsItem,
  type Condition,
  type DocumentPath,
  type ResolvedKeyCondition,
} from './expressions/index.js';

export interface CompiledCondition {
  evaluate(item: AttributeMap | null): boolean;
  /** Top-level attribute names the condition reads. */
  topLevelNames(): Set<string>;
}

export interface AppliedUpdate {
  item: AttributeMap;
  /** Top-level attributes the write must carry: rewritten whole or tombstoned. */
  touched: Set<string>;
  updatedOld: AttributeMap;
  updatedNew: AttributeMap;
}

export interface CompiledUpdate {
  /** Whether the update needs the current item (and so isolation from concurrent writes). */
  readsItem: boolean;
  /**
   * `exists` says whether the item is stored, for callers that pass a missing item as its
   * key attributes so that the update can read them.
   */
  apply(item: AttributeMap | null, exists?: boolean): AppliedUpdate;
}

export interface CompiledProjection {
  apply(item: AttributeMap): AttributeMap;
}

export interface KeyCondition {
  hash: ScalarKeyValue;
  bounds: RangeKeyBounds;
}

/**
 * The expressions of one request and the placeholder maps they share. Every expression of
 * the request is compiled through one instance, then `finish()` rejects unused placeholders.
 */
export class RequestExpressions {
  private readonly attrs: ExpressionAttributes;
  private readonly hasNames: boolean;
  private readonly hasValues: boolean;
  /** Whether any expression of the request was given (placeholders need one). */
  private anyExpression = false;

  constructor(names: Record<string, string> | undefined, values: Record<string, unknown> | undefined) {
    if (names !== undefined && Object.keys(names).length === 0) {
      throw validation('ExpressionAttributeNames must not be empty');
    }
    if (values !== undefined && Object.keys(values).length === 0) {
      throw validation('ExpressionAttributeValues must not be empty');
    }
    this.hasNames = names !== undefined;
    this.hasValues = values !== undefined;
    this.attrs = new ExpressionAttributes(names, values === undefined ? undefined : canonicalValues(values));
  }

  condition(text: string | undefined, kind: 'ConditionExpression' | 'FilterExpression'): CompiledCondition | undefined {
    if (text === undefined) return undefined;
    this.anyExpression = true;
    const condition = parseConditionExpression(text, this.attrs, kind);
    return { evaluate: (item) => evaluateCondition(condition, item), topLevelNames: () => conditionTopLevelNames(condition) };
  }

  update(text: string | undefined, keyNames: readonly string[]): CompiledUpdate | undefined {
    if (text === undefined) return undefined;
    this.anyExpression = true;
    const update = parseUpdateExpression(text, this.attrs);
    assertKeyNotUpdated(update, keyNames);
    return {
      readsItem: updateReadsItem(update),
      apply: (item, exists) => {
        const r = applyUpdate(update, item, keyNames, exists);
        return {
          item: r.item,
          touched: new Set([...r.updatedTopLevel, ...r.removedTopLevel]),
          updatedOld: r.updatedOld,
          updatedNew: r.updatedNew,
        };
      },
    };
  }

  projection(text: string | undefined, attributesToGet: string[] | undefined): CompiledProjection | undefined {
    let paths: DocumentPath[];
    if (text !== undefined) {
      this.anyExpression = true;
      paths = parseProjectionExpression(text, this.attrs);
    }
    else if (attributesToGet !== undefined) {
      assertNoDuplicateNames(attributesToGet);
      paths = attributesToGet.map((name) => [name]);
    }
    else return undefined;
    return { apply: (item) => project(item, paths) };
  }

  keyCondition(text: string, schema: KeySchema): KeyCondition {
    this.anyExpression = true;
    const resolved = resolveKeyCondition(parseKeyConditionExpression(text, this.attrs), schema);
    return { hash: resolved.hashValue, bounds: toBounds(resolved) };
  }

  finish(): void {
    if (!this.anyExpression) {
      if (this.hasNames) throw validation('ExpressionAttributeNames can only be specified when using expressions');
      if (this.hasValues) throw validation('ExpressionAttributeValues can only be specified when using expressions');
    }
    this.attrs.assertAllUsed();
  }
}

/** A condition built from legacy parameters (Expected, QueryFilter, ScanFilter), evaluated like an expression. */
export function compiledCondition(condition: Condition | undefined): CompiledCondition | undefined {
  return condition === undefined
    ? undefined
    : { evaluate: (item) => evaluateCondition(condition, item), topLevelNames: () => conditionTopLevelNames(condition) };
}

function canonicalValues(values: Record<string, unknown>): AttributeMap {
  const out: AttributeMap = {};
  for (const [name, raw] of Object.entries(values)) {
    try {
      out[name] = canonicalValue(raw);
    } catch (err) {
      if (err instanceof DynamoApiError && err.type === 'ValidationException') {
        throw validation(`ExpressionAttributeValues contains invalid value: ${err.message} for key ${name}`);
      }
      throw err;
    }
  }
  return out;
}

function toBounds(resolved: ResolvedKeyCondition): RangeKeyBounds {
  const range = resolved.range;
  if (!range) return {};
  const [a, b] = range.values as [ScalarKeyValue, ScalarKeyValue | undefined];
  switch (range.op) {
    case '=':
      return { lower: { value: a, inclusive: true }, upper: { value: a, inclusive: true } };
    case '<':
      return { upper: { value: a, inclusive: false } };
    case '<=':
      return { upper: { value: a, inclusive: true } };
    case '>':
      return { lower: { value: a, inclusive: false } };
    case '>=':
      return { lower: { value: a, inclusive: true } };
    case 'BETWEEN':
      return { lower: { value: a, inclusive: true }, upper: { value: b!, inclusive: true } };
    case 'begins_with':
      return { prefix: a };
  }
}
