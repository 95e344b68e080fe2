import type { ReplicaApi, Row } from '@dynaring/core';
import { unwrapRange, type TokenRange } from '@dynaring/cluster';

const PAGE_ROWS = 500;
const PARALLEL_APPLIES = 32;

/**
 * Copies one table's rows in a token range from one replica to another, page by page, with
 * their cells, timestamps and tombstones as stored: applying them merges under
 * last-write-wins, so copying a range the target partly has (or that is being written
 * meanwhile) is harmless. Returns the number of rows copied.
 */
export async function streamRange(
  tableId: string,
  range: TokenRange,
  source: ReplicaApi,
  target: ReplicaApi,
): Promise<number> {
  let copied = 0;
  for (const part of unwrapRange(range)) {
    let after: Row | undefined;
    for (;;) {
      const rows: Row[] = await source.scanRange({
        tableId,
        startAfter: after ? { token: after.token, key: after.key } : undefined,
        startAfterToken: after ? undefined : part.start,
        endToken: part.end,
        limit: PAGE_ROWS,
      });
      for (let i = 0; i < rows.length; i += PARALLEL_APPLIES) {
        await Promise.all(
          rows.slice(i, i + PARALLEL_APPLIES).map((row) =>
            target.apply({ tableId, token: row.token, key: row.key, cells: row.record.cells, itemTombstoneMicros: row.record.tombstoneMicros }),
          ),
        );
      }
      copied += rows.length;
      if (rows.length < PAGE_ROWS) break;
      after = rows[rows.length - 1];
    }
  }
  return copied;
}
