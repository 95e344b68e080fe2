import type { AttributeMap } from './attribute-value.js';

export type ScalarKeyType = 'S' | 'N' | 'B';
export type ScalarKeyValue = { S: string } | { N: string } | { B: string };

export interface KeyAttribute {
  name: string;
  type: ScalarKeyType;
}

/** A table's (or, later, an index's) primary key: a hash key and an optional range key. */
export interface KeySchema {
  hash: KeyAttribute;
  range?: KeyAttribute;
}

/** One item's primary key values, already canonical. */
export interface PrimaryKey {
  hash: ScalarKeyValue;
  range?: ScalarKeyValue;
}

export function scalarType(v: ScalarKeyValue): ScalarKeyType {
  return 'S' in v ? 'S' : 'N' in v ? 'N' : 'B';
}

export function scalarText(v: ScalarKeyValue): string {
  return 'S' in v ? v.S : 'N' in v ? v.N : v.B;
}

/** The key attributes of an item as DynamoDB returns them (e.g. LastEvaluatedKey). */
export function keyToAttributes(schema: KeySchema, key: PrimaryKey): AttributeMap {
  const out: AttributeMap = { [schema.hash.name]: key.hash };
  if (schema.range && key.range) out[schema.range.name] = key.range;
  return out;
}
