import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveItem, stampWrite } from '@dynaring/core';
import type { ItemWrite, Mutation, RangeScan } from '@dynaring/core';
import { StorageEngine, sweepTombstones } from '../src/index.js';

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
/** "Now" in these tests; gc_grace is 1 000 µs, so tombstones before 9 000 are purgeable. */
const NOW = 10_000;
const PURGE_BEFORE = 9_000;

let dir: string;
let engine: StorageEngine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dynaring-sweeper-'));
  engine = await StorageEngine.open(dir);
});

afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

const key = (i: number) => ({ hash: { S: `k${i}` } });
const write = (i: number, w: ItemWrite, ts: number, tableId = T1): Mutation => stampWrite(tableId, BigInt(i), key(i), w, ts);
const put = (i: number, ts: number, tableId = T1) => write(i, { kind: 'put', item: { pk: { S: `k${i}` }, v: { N: String(i) } } }, ts, tableId);
const del = (i: number, ts: number) => write(i, { kind: 'delete' }, ts);
const read = (i: number, tableId = T1) => engine.read(tableId, BigInt(i), key(i));
const rowCount = async (tableId = T1) => (await engine.scanRange({ tableId, limit: 10_000 })).length;

describe('StorageEngine.purgeTombstones', () => {
  it('deletes a row holding only an expired tombstone', async () => {
    await engine.apply(put(1, 100));
    await engine.apply(del(1, 200));
    expect(await engine.purgeTombstones(T1, 1n, key(1), PURGE_BEFORE)).toBe('deleted');
    expect(await read(1)).toBeNull();
    expect(await rowCount()).toBe(0);
  });

  it('keeps a tombstone younger than the threshold', async () => {
    await engine.apply(put(1, 100));
    await engine.apply(del(1, NOW - 10));
    expect(await engine.purgeTombstones(T1, 1n, key(1), PURGE_BEFORE)).toBe('unchanged');
    expect(await read(1)).toEqual({ cells: {}, tombstoneMicros: NOW - 10 });
  });

  it('rewrites a replaced item without its expired tombstone, keeping its cells', async () => {
    await engine.apply(put(1, 100));
    await engine.apply(put(1, 200));
    expect((await read(1))!.tombstoneMicros).toBe(199);
    expect(await engine.purgeTombstones(T1, 1n, key(1), PURGE_BEFORE)).toBe('rewritten');
    const record = await read(1);
    expect(record!.tombstoneMicros).toBe(-1);
    expect(liveItem(record)).toEqual({ pk: { S: 'k1' }, v: { N: '1' } });
  });

  it('does nothing to a missing row', async () => {
    expect(await engine.purgeTombstones(T1, 1n, key(1), PURGE_BEFORE)).toBe('unchanged');
    expect(await rowCount()).toBe(0);
  });

  it('lets a write issued in the same turn after the purge recreate the row', async () => {
    await engine.apply(del(1, 200));
    const [outcome] = await Promise.all([engine.purgeTombstones(T1, 1n, key(1), PURGE_BEFORE), engine.apply(put(1, NOW))]);
    expect(outcome).toBe('deleted');
    expect(liveItem(await read(1))).toEqual({ pk: { S: 'k1' }, v: { N: '1' } });
  });

  it('sees a write issued in the same turn before it', async () => {
    await engine.apply(del(1, 200));
    const update = write(1, { kind: 'update', set: { v: { N: '7' } }, remove: [] }, NOW);
    const [, outcome] = await Promise.all([engine.apply(update), engine.purgeTombstones(T1, 1n, key(1), PURGE_BEFORE)]);
    expect(outcome).toBe('rewritten');
    expect(await read(1)).toEqual({ cells: { v: { value: { N: '7' }, timestampMicros: NOW } }, tombstoneMicros: -1 });
  });
});

describe('sweepTombstones', () => {
  it('removes rows deleted long ago, keeps young tombstones, leaves live rows as they are', async () => {
    for (let i = 0; i < 30; i++) await engine.apply(put(i, 100 + i));
    for (let i = 0; i < 10; i++) await engine.apply(del(i, 1_000 + i)); // deleted long ago
    for (let i = 10; i < 15; i++) await engine.apply(del(i, NOW - 5)); // deleted a moment ago
    const liveBefore = await Promise.all(Array.from({ length: 15 }, (_, j) => read(15 + j)));
    await engine.apply(put(0, 100, T2));
    await engine.apply(del(0, 200));

    const result = await sweepTombstones(engine, T1, PURGE_BEFORE, { pageSize: 4 });

    expect(result).toEqual({ scannedRows: 30, purgedRows: 10, rewrittenRows: 15 });
    for (let i = 0; i < 10; i++) expect(await read(i)).toBeNull();
    for (let i = 10; i < 15; i++) expect(await read(i)).toEqual({ cells: {}, tombstoneMicros: NOW - 5 });
    for (let j = 0; j < 15; j++) {
      const after = await read(15 + j);
      expect(liveItem(after)).toEqual(liveItem(liveBefore[j]));
      expect(after!.tombstoneMicros).toBe(-1);
    }
    expect(await rowCount()).toBe(20);
    // Other tables are not swept.
    expect(await rowCount(T2)).toBe(1);
  });

  it('a second sweep finds nothing left to purge', async () => {
    for (let i = 0; i < 5; i++) await engine.apply(del(i, 100));
    await sweepTombstones(engine, T1, PURGE_BEFORE);
    expect(await sweepTombstones(engine, T1, PURGE_BEFORE)).toEqual({ scannedRows: 0, purgedRows: 0, rewrittenRows: 0 });
  });

  it('loses no write that lands between its scan and its purge', async () => {
    for (let i = 0; i < 20; i++) await engine.apply(del(i, 100));
    // Writes issued right after the scan returned, before the sweep issues its purges: new
    // values on even rows, fresh deletes on odd ones.
    const racing: Promise<void>[] = [];
    const racingEngine = {
      scanRange: async (s: RangeScan) => {
        const rows = await engine.scanRange(s);
        for (const row of rows) {
          const i = Number((row.key.hash as { S: string }).S.slice(1));
          racing.push(engine.apply(i % 2 === 0 ? put(i, NOW) : del(i, NOW)));
        }
        return rows;
      },
      purgeTombstones: engine.purgeTombstones.bind(engine),
    };

    const result = await sweepTombstones(racingEngine, T1, PURGE_BEFORE, { pageSize: 8 });
    await Promise.all(racing);

    expect(result.purgedRows).toBe(0);
    for (let i = 0; i < 20; i++) {
      if (i % 2 === 0) expect(liveItem(await read(i))).toEqual({ pk: { S: `k${i}` }, v: { N: String(i) } });
      else expect(await read(i)).toEqual({ cells: {}, tombstoneMicros: NOW });
    }
  });

  it('stops between pages when asked to', async () => {
    for (let i = 0; i < 10; i++) await engine.apply(del(i, 100));
    let pages = 0;
    const result = await sweepTombstones(engine, T1, PURGE_BEFORE, { pageSize: 3, shouldStop: () => pages++ >= 1 });
    expect(result.scannedRows).toBe(3);
    expect(await rowCount()).toBe(7);
  });

  it('purged rows stay gone across a reopen', async () => {
    await engine.apply(del(1, 100));
    await engine.apply(put(2, 100));
    await sweepTombstones(engine, T1, PURGE_BEFORE);
    await engine.close();
    engine = await StorageEngine.open(dir);
    expect(await read(1)).toBeNull();
    expect(liveItem(await read(2))).toEqual({ pk: { S: 'k2' }, v: { N: '2' } });
  });
});
