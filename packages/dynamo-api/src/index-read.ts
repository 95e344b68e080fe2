import {
  pointerKey,
  typeOf,
  type AttributeMap,
  type KeyAttribute,
  type KeySchema,
  type PrimaryKey,
  type ScalarKeyValue,
  type SecondaryIndexMeta,
  type TableMeta,
} from '@dynaring/core';
import { canonicalItem } from './attribute-value.js';
import { validation } from './errors.js';

type Select = 'SPECIFIC_ATTRIBUTES' | 'COUNT' | 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES';

const INVALID_START = 'The provided starting key is invalid';

/**
 * The index a Query or Scan names, with DynamoDB's refusals in its order: an unknown index
 * (or any starting key for one), a consistent read or ALL_ATTRIBUTES on a GSI that cannot
 * serve them, and a GSI still being backfilled.
 */
export function requireIndex(
  table: TableMeta,
  req: { IndexName: string; ConsistentRead?: boolean; ExclusiveStartKey?: unknown },
  select: Select,
): SecondaryIndexMeta {
  const index = table.indexes?.find((i) => i.name === req.IndexName && i.status !== 'DELETING');
  if (!index) {
    if (req.ExclusiveStartKey !== undefined) throw validation(INVALID_START);
    throw validation(`The table does not have the specified index: ${req.IndexName}`);
  }
  if (index.kind === 'global') {
    if (req.ConsistentRead === true) throw validation('Consistent reads are not supported on global secondary indexes');
    if (select === 'ALL_ATTRIBUTES' && index.projection.type !== 'ALL') {
      throw validation(
        `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`,
      );
    }
    if (index.status === 'CREATING') throw validation(`Cannot read from backfilling global secondary index: ${index.name}`);
  }
  return index;
}

function keyAttributesOf(schema: KeySchema): KeyAttribute[] {
  return schema.range ? [schema.hash, schema.range] : [schema.hash];
}

/** Table key attributes first, then the index's that are not also the table's. */
export function indexStartKeyAttributes(table: TableMeta, index: SecondaryIndexMeta): KeyAttribute[] {
  const out = keyAttributesOf(table.keySchema);
  for (const a of keyAttributesOf(index.keySchema)) if (!out.some((o) => o.name === a.name)) out.push(a);
  return out;
}

/** A position in an index: the item's index key and base key, as ExclusiveStartKey names it. */
export interface IndexPosition {
  indexKey: PrimaryKey;
  baseKey: PrimaryKey;
}

/** ExclusiveStartKey of an index read: exactly the table's and the index's key attributes, typed by their schemas. */
export function validateIndexStartKey(table: TableMeta, index: SecondaryIndexMeta, raw: Record<string, unknown> | undefined): IndexPosition | undefined {
  if (raw === undefined) return undefined;
  const item = canonicalItem(raw);
  const attributes = indexStartKeyAttributes(table, index);
  if (Object.keys(item).length !== attributes.length) throw validation(INVALID_START);
  for (const a of attributes) {
    const value = item[a.name];
    if (value === undefined) throw validation(INVALID_START);
    if (typeOf(value) !== a.type) throw validation(`${INVALID_START}: The provided key element does not match the schema`);
  }
  const keyOf = (schema: KeySchema): PrimaryKey => {
    const key: PrimaryKey = { hash: item[schema.hash.name] as ScalarKeyValue };
    if (schema.range) key.range = item[schema.range.name] as ScalarKeyValue;
    return key;
  };
  return { indexKey: keyOf(index.keySchema), baseKey: keyOf(table.keySchema) };
}

/** The pointer row key a read resumes after. */
export function pointerPosition(table: TableMeta, index: SecondaryIndexMeta, position: IndexPosition): PrimaryKey {
  return pointerKey(index, table.keySchema, position.indexKey, position.baseKey);
}

/** LastEvaluatedKey of an index read: the table's and the index's key attributes of the last item. */
export function indexLastKey(table: TableMeta, index: SecondaryIndexMeta): (item: AttributeMap) => AttributeMap {
  const names = indexStartKeyAttributes(table, index).map((a) => a.name);
  return (item) => Object.fromEntries(names.map((n) => [n, item[n]!]));
}

/** What the index holds of an item: its table and index keys, plus NonKeyAttributes for INCLUDE. */
export function indexProjection(table: TableMeta, index: SecondaryIndexMeta): ((item: AttributeMap) => AttributeMap) | undefined {
  if (index.projection.type === 'ALL') return undefined;
  const names = [...indexStartKeyAttributes(table, index).map((a) => a.name), ...(index.projection.nonKeyAttributes ?? [])];
  return (item) => {
    const out: AttributeMap = {};
    for (const n of names) if (item[n] !== undefined) out[n] = item[n]!;
    return out;
  };
}

/**
 * How an index read shapes items. A GSI holds only its projection, so filters and
 * ProjectionExpression see nothing else. An LSI read fetches missing attributes from the
 * base item (DynamoDB charges extra for it), so only ALL_PROJECTED_ATTRIBUTES narrows it.
 */
export function indexItemShaping(
  table: TableMeta,
  index: SecondaryIndexMeta,
  select: Select,
): { view?: (item: AttributeMap) => AttributeMap; output?: (item: AttributeMap) => AttributeMap } {
  const projection = indexProjection(table, index);
  if (!projection) return {};
  if (index.kind === 'global') return { view: projection };
  return select === 'ALL_PROJECTED_ATTRIBUTES' ? { output: projection } : {};
}
