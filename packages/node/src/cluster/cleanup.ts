import type { TableMeta } from '@dynaring/core';
import { MAX_TOKEN, MIN_TOKEN, compareBigint, unwrapRange, type TokenRing } from '@dynaring/cluster';

/**
 * The token ranges (after, end] a node does not replicate for a table of `rf`: the gaps
 * between the (unwrapped) ranges it does, over the whole ring.
 */
export function unownedRanges(ring: TokenRing, endpoint: string, rf: number): { after: bigint; end: bigint }[] {
  const owned = ring
    .rangesOf(endpoint, rf)
    .flatMap(unwrapRange)
    .sort((a, b) => compareBigint(a.start, b.start));
  const gaps: { after: bigint; end: bigint }[] = [];
  let cursor = MIN_TOKEN;
  for (const range of owned) {
    if (range.start > cursor) gaps.push({ after: cursor, end: range.start });
    if (range.end > cursor) cursor = range.end;
  }
  if (cursor < MAX_TOKEN) gaps.push({ after: cursor, end: MAX_TOKEN });
  // Tokens equal to MIN_TOKEN never hold keys, so (MIN, x] gaps cover everything below x.
  return ring.isEmpty() || ring.tokensOf(endpoint).length === 0 ? [] : gaps;
}

export async function cleanupTables(
  tables: TableMeta[],
  ring: TokenRing,
  self: string,
  deleteRange: (tableId: string, after: bigint, end: bigint) => Promise<void>,
  progress: (message: string) => void,
): Promise<void> {
  for (const table of tables) {
    const gaps = unownedRanges(ring, self, table.rf);
    for (const gap of gaps) await deleteRange(table.id, gap.after, gap.end);
    progress(`cleaned up ${table.name}: dropped data in ${gaps.length} ranges this node does not replicate`);
  }
}
