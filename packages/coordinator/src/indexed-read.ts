import {
  attributeValuesEqual,
  decodePointerKey,
  indexKeyOf,
  liveItem,
  type ConsistencyLevel,
  type ItemRecord,
  type PrimaryKey,
  type Row,
  type SecondaryIndexMeta,
  type TableMeta,
} from '@dynaring/core';

/** How a base item is read (Coordinator.readRecord): the same consistency as the index read. */
export type RecordReader = (table: TableMeta, key: PrimaryKey, cl: ConsistencyLevel) => Promise<ItemRecord | null>;

/** Base reads in flight at once for one page; each batches with the others per replica. */
const PARALLEL_READS = 64;

const emptyRecord = (): ItemRecord => ({ cells: {}, tombstoneMicros: -1 });

function sameIndexKey(a: PrimaryKey, b: PrimaryKey): boolean {
  if (!attributeValuesEqual(a.hash, b.hash)) return false;
  if (a.range === undefined || b.range === undefined) return a.range === b.range;
  return attributeValuesEqual(a.range, b.range);
}

/**
 * Resolves a page of pointer rows of `index` (read from `pointerTableMeta(table, index)`) to
 * the base items they point at. The answer has one row per pointer row, in the same order and
 * with the pointer's token and key (so a reader resumes after it), holding the base record
 * when the item's current index key still equals the pointer's, else an empty record: a
 * pointer alone is never trusted (it may be a delete not yet delivered or repaired), yet a
 * stale one still takes up its position in the page. Base items are read in parallel at `cl`,
 * each once however many pointers of the page name it.
 */
export async function readIndexedItems(
  readRecord: RecordReader,
  table: TableMeta,
  index: SecondaryIndexMeta,
  pointerRows: readonly Row[],
  cl: ConsistencyLevel,
): Promise<Row[]> {
  const reads = new Map<string, { key: PrimaryKey; record?: ItemRecord | null }>();
  const wanted = pointerRows.map((row) => {
    if (liveItem(row.record) === null) return undefined;
    const { indexKey, baseKey } = decodePointerKey(index, table.keySchema, row.key);
    const id = JSON.stringify(baseKey);
    if (!reads.has(id)) reads.set(id, { key: baseKey });
    return { id, indexKey };
  });
  const pending = [...reads.values()];
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const read = pending[next++]!;
      read.record = await readRecord(table, read.key, cl);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, pending.length) }, worker));
  return pointerRows.map((row, i) => {
    const want = wanted[i];
    const record = want ? reads.get(want.id)!.record : undefined;
    const current = record ? indexKeyOf(index, liveItem(record)) : undefined;
    const fresh = current !== undefined && sameIndexKey(current, want!.indexKey);
    return { token: row.token, key: row.key, record: fresh ? record! : emptyRecord() };
  });
}
