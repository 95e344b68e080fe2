import type { AttributeMap, AttributeValue } from './attribute-value.js';
import type { KeyAttribute, KeySchema, PrimaryKey, ScalarKeyValue } from './key.js';
import { liveItem, type Cell, type ItemRecord, type Mutation } from './mutation.js';
import type { SecondaryIndexMeta } from './table.js';
import { pointerKey } from './index-key.js';

/**
 * Pointer rows derived from base records. Every replica derives them from the record before
 * and after each merge, with timestamps taken from the base cells (never from a clock), so
 * replicas that saw the same writes in any order produce pointer rows that converge under
 * last-write-wins to the pointers of the final base record.
 *
 * Let e(a) be the effective timestamp of key attribute a in a record (a live cell's
 * timestamp; for a missing attribute the newer of its cell tombstone and the item tombstone)
 * and s the sum of e over the index key attributes. Within one replica records only move
 * forward, and a record that enters or leaves key K has rewritten some key attribute, so s
 * grows strictly between any two states that differ in membership of K. Then:
 *
 * - put(K) at ceil(s/2), delete(K) at floor(s/2) (for a hash-only index: both at s).
 *   Each put beats every delete derived from an earlier record and each delete at least
 *   ties (the tombstone wins ties) every put derived from an earlier record, so the last
 *   transition wins on every replica, and merging replicas' pointer rows keeps that outcome.
 *   The values stay between the key cells' timestamps, so they age like wall-clock time.
 *
 * The design first used the newest key cell timestamp for both. That fails once writes
 * arrive out of order: g=a@80 with r=1@30 (put@80), a late item delete@50 removes r
 * (delete@80), then r=1@70 returns the item to K (put@80): the tombstone wins the tie and a
 * live item is missing from the index. No single-timestamp rule based on the newest cell
 * alone can order those three, as they differ only in the older cell.
 *
 * The exception: two different writes of one key attribute at the same timestamp can move
 * the item K -> L -> K without s growing (the larger value wins the tie), and the delete of
 * K may then shadow its new put. Timestamps are microseconds from distinct coordinators, so
 * we accept that.
 */

/** The one cell of a pointer row: `{NULL: true}` while the pointer is live, else a tombstone. */
export const POINTER_CELL = 'p';

function keyValue(v: AttributeValue | undefined, attribute: KeyAttribute): ScalarKeyValue | undefined {
  if (v === undefined) return undefined;
  switch (attribute.type) {
    // An empty string or binary is no key value: such an item (written before the index
    // existed; writes are rejected since) stays out of the index, as in DynamoDB.
    case 'S':
      return 'S' in v && v.S !== '' ? { S: v.S } : undefined;
    case 'N':
      return 'N' in v ? { N: v.N } : undefined;
    case 'B':
      return 'B' in v && v.B !== '' ? { B: v.B } : undefined;
  }
}

/** The item's key in the index, or undefined when an index key attribute is missing or of another type. */
export function indexKeyOf(index: SecondaryIndexMeta, item: AttributeMap | null): PrimaryKey | undefined {
  if (!item) return undefined;
  const { hash: hashAttribute, range: rangeAttribute } = index.keySchema;
  const hash = keyValue(item[hashAttribute.name], hashAttribute);
  if (hash === undefined) return undefined;
  if (!rangeAttribute) return { hash };
  const range = keyValue(item[rangeAttribute.name], rangeAttribute);
  return range === undefined ? undefined : { hash, range };
}

// Values inside dynaring are canonical (numbers, base64), so equal values have equal text.
function scalarEquals(a: ScalarKeyValue | undefined, b: ScalarKeyValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if ('S' in a) return 'S' in b && a.S === b.S;
  if ('N' in a) return 'N' in b && a.N === b.N;
  return 'B' in b && a.B === b.B;
}

/** s: the sum of the effective timestamps of the index key attributes (see above), and their count. */
function keyTimestampSum(index: SecondaryIndexMeta, record: ItemRecord): { sum: number; count: number } {
  const { hash, range } = index.keySchema;
  const sum = effectiveTimestamp(record, hash.name) + (range ? effectiveTimestamp(record, range.name) : 0);
  return { sum, count: range ? 2 : 1 };
}

function effectiveTimestamp(record: ItemRecord, name: string): number {
  const cell = record.cells[name];
  if (cell !== undefined && cell.value !== null && cell.timestampMicros > record.tombstoneMicros) return cell.timestampMicros;
  return Math.max(cell?.timestampMicros ?? -1, record.tombstoneMicros);
}

// Sums of two microsecond timestamps stay below 2^53, so the arithmetic is exact.
function putTimestamp(index: SecondaryIndexMeta, record: ItemRecord): number {
  const { sum, count } = keyTimestampSum(index, record);
  return count === 1 ? sum : Math.ceil(sum / 2);
}

function deleteTimestamp(index: SecondaryIndexMeta, record: ItemRecord): number {
  const { sum, count } = keyTimestampSum(index, record);
  return count === 1 ? sum : Math.floor(sum / 2);
}

function pointerMutation(
  index: SecondaryIndexMeta,
  baseSchema: KeySchema,
  indexKey: PrimaryKey,
  baseKey: PrimaryKey,
  cell: Cell,
  tokenOf: (hash: ScalarKeyValue) => bigint,
): Mutation {
  return {
    tableId: index.id,
    token: tokenOf(indexKey.hash),
    key: pointerKey(index, baseSchema, indexKey, baseKey),
    cells: { [POINTER_CELL]: cell },
    itemTombstoneMicros: -1,
  };
}

/** Pointer mutations (delete old / put new) for one base item whose record went from `before` to `after`. */
export function pointerMutations(
  index: SecondaryIndexMeta,
  baseSchema: KeySchema,
  baseKey: PrimaryKey,
  before: ItemRecord | null,
  after: ItemRecord | null,
  tokenOf: (hash: ScalarKeyValue) => bigint,
): Mutation[] {
  const oldKey = indexKeyOf(index, liveItem(before));
  const newKey = indexKeyOf(index, liveItem(after));
  if (oldKey === undefined && newKey === undefined) return [];
  if (oldKey !== undefined && newKey !== undefined && scalarEquals(oldKey.hash, newKey.hash) && scalarEquals(oldKey.range, newKey.range)) {
    return [];
  }
  const out: Mutation[] = [];
  if (oldKey !== undefined) {
    // A record that vanished entirely (never the case for a merge) removes the pointer at the
    // timestamp of its put, which the tombstone wins.
    const ts = after ? deleteTimestamp(index, after) : putTimestamp(index, before!);
    out.push(pointerMutation(index, baseSchema, oldKey, baseKey, { value: null, timestampMicros: ts }, tokenOf));
  }
  if (newKey !== undefined) {
    out.push(pointerMutation(index, baseSchema, newKey, baseKey, { value: { NULL: true }, timestampMicros: putTimestamp(index, after!) }, tokenOf));
  }
  return out;
}

/** The put pointer of one stored base record (backfill), or undefined when the item is not in the index. */
export function pointerForRecord(
  index: SecondaryIndexMeta,
  baseSchema: KeySchema,
  baseKey: PrimaryKey,
  record: ItemRecord,
  tokenOf: (hash: ScalarKeyValue) => bigint,
): Mutation | undefined {
  const indexKey = indexKeyOf(index, liveItem(record));
  if (indexKey === undefined) return undefined;
  return pointerMutation(index, baseSchema, indexKey, baseKey, { value: { NULL: true }, timestampMicros: putTimestamp(index, record) }, tokenOf);
}
