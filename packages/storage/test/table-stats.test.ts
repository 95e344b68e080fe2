import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { stampWrite } from '@dynaring/core';
import type { ItemWrite } from '@dynaring/core';
import { StorageEngine, encodeRecord } from '../src/index.js';

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';

let dir: string;
let engine: StorageEngine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dynaring-table-stats-'));
  engine = await StorageEngine.open(dir);
});

afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

const key = (i: number) => ({ hash: { S: `k${i}` } });
const write = (i: number, w: ItemWrite, ts: number, tableId = T1) => engine.apply(stampWrite(tableId, BigInt(i), key(i), w, ts));
const put = (i: number, ts: number, value = 'v', tableId = T1) => write(i, { kind: 'put', item: { pk: { S: `k${i}` }, v: { S: value } } }, ts, tableId);
const del = (i: number, ts: number) => write(i, { kind: 'delete' }, ts);

/** What the counters should say: live rows as stored and their encoded lengths. */
async function exactStats(tableId = T1): Promise<{ items: number; bytes: number }> {
  const rows = await engine.scanRange({ tableId, limit: 10_000 });
  const live = rows.filter((row) => Object.values(row.record.cells).some((c) => c.value !== null && c.timestampMicros > row.record.tombstoneMicros));
  return { items: live.length, bytes: live.reduce((sum, row) => sum + encodeRecord(row.record).length, 0) };
}

describe('table stats counters', () => {
  it('count an inserted item with its encoded length', async () => {
    await put(1, 100);
    const stats = engine.tableStats(T1);
    expect(stats.items).toBe(1);
    expect(stats.bytes).toBeGreaterThan(0);
    expect(stats).toEqual(await exactStats());
    expect(engine.tableStats(T2)).toEqual({ items: 0, bytes: 0 });
  });

  it('count an overwritten item once, at its new size', async () => {
    await put(1, 100, 'short');
    await put(1, 200, 'a much longer value than before');
    expect(engine.tableStats(T1).items).toBe(1);
    expect(engine.tableStats(T1)).toEqual(await exactStats());
  });

  it('drop a deleted item and count it again when re-inserted', async () => {
    await put(1, 100);
    await put(2, 100);
    await del(1, 200);
    expect(engine.tableStats(T1)).toEqual(await exactStats());
    expect(engine.tableStats(T1).items).toBe(1);
    await del(1, 300); // deleting a deleted item changes nothing
    expect(engine.tableStats(T1).items).toBe(1);
    await put(1, 400);
    expect(engine.tableStats(T1).items).toBe(2);
    expect(engine.tableStats(T1)).toEqual(await exactStats());
  });

  it('count an item emptied by an update as gone, and counts items the same within one group', async () => {
    await Promise.all([put(1, 100), put(2, 100), put(3, 100), del(3, 150)]);
    await write(2, { kind: 'update', set: {}, remove: ['pk', 'v'] }, 200);
    expect(engine.tableStats(T1).items).toBe(1);
    expect(engine.tableStats(T1)).toEqual(await exactStats());
  });

  it('follow tombstone purges: a purged dead row changes nothing, a rewritten live row its size', async () => {
    await put(1, 100);
    await put(1, 200); // replaced: keeps the item tombstone at 199
    await put(2, 100);
    await del(2, 200);
    const before = engine.tableStats(T1);
    expect(await engine.purgeTombstones(T1, 2n, key(2), 1_000)).toBe('deleted');
    expect(engine.tableStats(T1)).toEqual(before);
    expect(await engine.purgeTombstones(T1, 1n, key(1), 1_000)).toBe('rewritten');
    expect(engine.tableStats(T1).items).toBe(1);
    expect(engine.tableStats(T1).bytes).toBeLessThan(before.bytes);
    expect(engine.tableStats(T1)).toEqual(await exactStats());
  });

  it('forget a dropped table', async () => {
    await put(1, 100);
    await engine.dropTable(T1);
    expect(engine.tableStats(T1)).toEqual({ items: 0, bytes: 0 });
  });

  it('survive a clean close and reopen', async () => {
    await put(1, 100);
    await put(2, 100, 'x', T2);
    const saved = engine.tableStats(T1);
    await engine.close();
    engine = await StorageEngine.open(dir);
    expect(engine.tableStatsClean()).toBe(true);
    expect(engine.tableStats(T1)).toEqual(saved);
    expect(engine.tableStats(T2).items).toBe(1);
  });

  it('are unclean after a start without a clean close, and a recount corrects them', async () => {
    await put(1, 100);
    await put(2, 100);
    await engine.close();
    // What a crash leaves behind: counters saved a while before the last writes, not clean.
    const db = new Level<string, string>(dir);
    await db.sublevel<string, string>('local', {}).put('table_stats', JSON.stringify({ clean: false, tables: { [T1]: [7, 9] } }));
    await db.close();
    engine = await StorageEngine.open(dir);
    expect(engine.tableStatsClean()).toBe(false);
    expect(engine.tableStats(T1)).toEqual({ items: 7, bytes: 9 });
    expect(await engine.recountTable(T1)).toEqual(await exactStats());
    expect(engine.tableStats(T1)).toEqual(await exactStats());
    engine.markTableStatsClean();
    await engine.close();
    engine = await StorageEngine.open(dir);
    expect(engine.tableStatsClean()).toBe(true);
    expect(engine.tableStats(T1).items).toBe(2);
  });

  it('are clean in a new database, unclean beside rows stored before counters existed', async () => {
    expect(engine.tableStatsClean()).toBe(true);
    await put(1, 100);
    await engine.close();
    const db = new Level<string, string>(dir);
    await db.sublevel<string, string>('local', {}).del('table_stats');
    await db.close();
    engine = await StorageEngine.open(dir);
    expect(engine.tableStatsClean()).toBe(false);
    // Until recounted, even across a clean close.
    await engine.close();
    engine = await StorageEngine.open(dir);
    expect(engine.tableStatsClean()).toBe(false);
  });

  it('count writes racing a recount on either side of its cursor', async () => {
    for (let i = 1; i <= 6; i++) await put(i, 100);
    let raced = false;
    const result = await engine.recountTable(T1, {
      pageSize: 2,
      betweenPages: async () => {
        if (raced) return;
        raced = true;
        // Row 1 is behind the cursor (already counted), row 9 ahead of it (still to come).
        await Promise.all([del(1, 200), put(9, 200), put(2, 300, 'a longer value for row two')]);
      },
    });
    expect(result).toEqual(await exactStats());
    expect(result!.items).toBe(6);
    expect(engine.tableStats(T1)).toEqual(result);
  });

  it('give up a recount asked to stop, leaving the counters alone', async () => {
    for (let i = 1; i <= 4; i++) await put(i, 100);
    const before = engine.tableStats(T1);
    expect(await engine.recountTable(T1, { pageSize: 2, shouldStop: () => true })).toBeUndefined();
    expect(engine.tableStats(T1)).toEqual(before);
  });

  it('persist lazily: a persist saves what changed, without marking them clean', async () => {
    await put(1, 100);
    await engine.persistTableStats();
    const saved = JSON.parse((await engine.local.get('table_stats'))!) as { clean: boolean; tables: Record<string, [number, number]> };
    expect(saved.clean).toBe(false);
    expect(saved.tables[T1]![0]).toBe(1);
  });
});
