import { typeOf, type KeySchema, type RangeKeyBounds, type ScalarKeyValue } from '@dynaring/core';
import { validation } from '../errors.js';
import type { CheckedCondition } from './filter-conditions.js';

/** What the Query path needs from KeyConditions: the partition and the range of sort keys. */
export interface LegacyKeyCondition {
  hash: ScalarKeyValue;
  bounds: RangeKeyBounds;
}

const NOT_INDEXABLE = new Set(['NULL', 'NOT_NULL', 'NE', 'CONTAINS', 'NOT_CONTAINS', 'IN']);

/** The count rule holds before the table is known; the rest needs its key schema. */
export function assertConditionCount(conditions: readonly CheckedCondition[]): void {
  if (conditions.length !== 1 && conditions.length !== 2) throw validation('Conditions can be of length 1 or 2 only');
}

/** Matches checked KeyConditions to the key schema, with DynamoDB's messages in its order (hash key first). */
export function resolveKeyConditions(conditions: readonly CheckedCondition[], schema: KeySchema): LegacyKeyCondition {
  const byName = new Map(conditions.map((c) => [c.attribute, c]));
  const keys = [{ ...schema.hash, isHash: true }, ...(schema.range ? [{ ...schema.range, isHash: false }] : [])];
  for (const key of keys) {
    if (key.isHash && !schema.range && conditions.length > 1) throw validation('Query key condition not supported');
    const condition = byName.get(key.name);
    if (!condition) {
      if (key.isHash || conditions.length > 1) throw validation(`Query condition missed key schema element: ${key.name}`);
      continue;
    }
    if (NOT_INDEXABLE.has(condition.op)) throw validation('Attempted conditional constraint is not an indexable operation');
    if (condition.values.some((v) => typeOf(v) !== key.type)) {
      throw validation('One or more parameter values were invalid: Condition parameter type does not match schema type');
    }
    if (key.isHash && condition.op !== 'EQ') throw validation('Query key condition not supported');
  }
  const hash = byName.get(schema.hash.name)!.values[0] as ScalarKeyValue;
  const range = schema.range ? byName.get(schema.range.name) : undefined;
  return { hash, bounds: range ? rangeBounds(range) : {} };
}

function rangeBounds(c: CheckedCondition): RangeKeyBounds {
  const [a, b] = c.values as ScalarKeyValue[];
  switch (c.op) {
    case 'EQ':
      return { lower: { value: a!, inclusive: true }, upper: { value: a!, inclusive: true } };
    case 'LT':
      return { upper: { value: a!, inclusive: false } };
    case 'LE':
      return { upper: { value: a!, inclusive: true } };
    case 'GT':
      return { lower: { value: a!, inclusive: false } };
    case 'GE':
      return { lower: { value: a!, inclusive: true } };
    case 'BETWEEN':
      return { lower: { value: a!, inclusive: true }, upper: { value: b!, inclusive: true } };
    case 'BEGINS_WITH':
      return { prefix: a! };
    default:
      throw new Error(`not a key operator: ${c.op}`);
  }
}
