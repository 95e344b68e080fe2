import { compareScalars, mergeRecords, type Row, type ScalarKeyValue } from '@dynaring/core';

function compareHash(a: ScalarKeyValue, b: ScalarKeyValue): number {
  const ta = Object.keys(a)[0]!;
  const tb = Object.keys(b)[0]!;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return compareScalars(a, b);
}

/** Storage order of rows: token, then hash key, then range key. */
export function compareRows(a: Row, b: Row): number {
  if (a.token !== b.token) return a.token < b.token ? -1 : 1;
  const byHash = compareHash(a.key.hash, b.key.hash);
  if (byHash !== 0) return byHash;
  if (!a.key.range || !b.key.range) return a.key.range ? 1 : b.key.range ? -1 : 0;
  return compareScalars(a.key.range, b.key.range);
}

/**
 * Merges the same rows read from several replicas under last-write-wins, in storage order
 * (reversed when `forward` is false), keeping at most `limit` rows: each replica's first
 * `limit` rows together cover the first `limit` rows of their union.
 */
export function mergeRowLists(lists: Row[][], forward: boolean, limit: number): Row[] {
  const merged = new Map<string, Row>();
  for (const list of lists) {
    for (const row of list) {
      const id = JSON.stringify(row.key);
      const prev = merged.get(id);
      merged.set(id, prev ? { ...row, record: mergeRecords(prev.record, row.record) } : row);
    }
  }
  const rows = [...merged.values()].sort(compareRows);
  if (!forward) rows.reverse();
  return rows.slice(0, limit);
}
