import { purgeTombstones } from '@dynaring/core';
import type { RangeScan, Row } from '@dynaring/core';
import type { StorageEngine } from './storage-engine.js';

export interface SweepOptions {
  /** Rows read per scan; default 512. */
  pageSize?: number;
  /** Checked between pages: a sweep asked to stop ends early (node shutdown). */
  shouldStop?: () => boolean;
}

export interface SweepResult {
  scannedRows: number;
  /** Rows deleted: nothing but expired tombstones and dead cells was left in them. */
  purgedRows: number;
  /** Rows kept with their live cells, rewritten without their expired tombstones. */
  rewrittenRows: number;
}

/**
 * LevelDB has no compaction hook to drop tombstones, so this sweep does: it scans a table's
 * rows in pages and purges, through the engine's write path, the tombstones written before
 * `purgeBeforeMicros` (now minus the table's gc_grace_seconds). The scan only picks
 * candidates; each purge re-reads its row in line with the applies, so a write racing the
 * sweep is never lost and a tombstone renewed meanwhile is kept.
 */
export async function sweepTombstones(
  engine: Pick<StorageEngine, 'scanRange' | 'purgeTombstones'>,
  tableId: string,
  purgeBeforeMicros: number,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const pageSize = options.pageSize ?? 512;
  const result: SweepResult = { scannedRows: 0, purgedRows: 0, rewrittenRows: 0 };
  let startAfter: RangeScan['startAfter'];
  for (;;) {
    if (options.shouldStop?.()) return result;
    const rows: Row[] = await engine.scanRange({ tableId, ...(startAfter ? { startAfter } : {}), limit: pageSize });
    result.scannedRows += rows.length;
    const candidates = rows.filter((row) => purgeTombstones(row.record, purgeBeforeMicros) !== row.record);
    // Issued together so that they form one group commit.
    const outcomes = await Promise.all(
      candidates.map((row) => engine.purgeTombstones(tableId, row.token, row.key, purgeBeforeMicros)),
    );
    for (const outcome of outcomes) {
      if (outcome === 'deleted') result.purgedRows++;
      else if (outcome === 'rewritten') result.rewrittenRows++;
    }
    if (rows.length < pageSize) return result;
    const last = rows[rows.length - 1]!;
    startAfter = { token: last.token, key: last.key };
  }
}
