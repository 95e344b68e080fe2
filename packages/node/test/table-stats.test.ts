import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { stampWrite, type SecondaryIndexMeta, type TableMeta, type Timers } from '@dynaring/core';
import { StorageEngine } from '@dynaring/storage';
import { KEYS_ONLY_ITEM_BYTES, clusterTableStats, type LocalTableStats } from '../src/stats/cluster-table-stats.js';
import { TableStatsKeeper } from '../src/stats/table-stats-keeper.js';

const index = (name: string, id: string, projection: SecondaryIndexMeta['projection']['type']): SecondaryIndexMeta => ({
  name,
  kind: 'global',
  id,
  keySchema: { hash: { name: name, type: 'S' } },
  projection: { type: projection },
  status: 'ACTIVE',
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  createdMs: 0,
});

const table = (id: string, rf: number, indexes: SecondaryIndexMeta[] = []): TableMeta => ({
  name: `t-${id}`,
  id,
  keySchema: { hash: { name: 'pk', type: 'S' } },
  attributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  billingMode: 'PAY_PER_REQUEST',
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  creationDateTimeMs: 0,
  rf,
  tags: {},
  indexes,
});

const localStats = (stats: Record<string, LocalTableStats>) => (id: string) => stats[id] ?? { items: 0, bytes: 0 };

describe('clusterTableStats', () => {
  it('reports the local counts on one node and on three nodes with RF 3', () => {
    const local = localStats({ base: { items: 8, bytes: 800 } });
    expect(clusterTableStats(table('base', 1), local, 1)).toMatchObject({ itemCount: 8, sizeBytes: 800 });
    expect(clusterTableStats(table('base', 3), local, 3)).toMatchObject({ itemCount: 8, sizeBytes: 800 });
  });

  it('scales by nodes / RF when each node holds a share, and never below one replica per node', () => {
    const local = localStats({ base: { items: 10, bytes: 1000 } });
    expect(clusterTableStats(table('base', 3), local, 6)).toMatchObject({ itemCount: 20, sizeBytes: 2000 });
    expect(clusterTableStats(table('base', 1), local, 3)).toMatchObject({ itemCount: 30, sizeBytes: 3000 });
    // RF 3 on two nodes: each holds everything.
    expect(clusterTableStats(table('base', 3), local, 2)).toMatchObject({ itemCount: 10, sizeBytes: 1000 });
  });

  it('sizes an ALL index by the average base item and a KEYS_ONLY one by a fixed key size', () => {
    const meta = table('base', 1, [index('all', 'i-all', 'ALL'), index('keys', 'i-keys', 'KEYS_ONLY')]);
    const local = localStats({ base: { items: 4, bytes: 4000 }, 'i-all': { items: 2, bytes: 60 }, 'i-keys': { items: 3, bytes: 90 } });
    expect(clusterTableStats(meta, local, 1).indexes).toEqual({
      all: { itemCount: 2, sizeBytes: 2000 },
      keys: { itemCount: 3, sizeBytes: 3 * KEYS_ONLY_ITEM_BYTES },
    });
  });
});

describe('TableStatsKeeper', () => {
  const T1 = '11111111-1111-4111-8111-111111111111';
  let dir: string;
  let engine: StorageEngine;
  let ticks: Array<() => void>;
  const timers: Timers = {
    setTimeout: (callback) => (setImmediate(callback), { cancel: () => {} }),
    setInterval: (callback) => {
      ticks.push(callback);
      return { cancel: () => (ticks = ticks.filter((t) => t !== callback)) };
    },
  };
  const silent = { info: () => {}, debug: () => {}, warn: () => {} };
  const keeper = () =>
    new TableStatsKeeper({ storage: engine, tables: () => [table(T1, 1)], timers, persistIntervalMs: 5000, pageDelayMs: 0, pageSize: 2, log: silent });
  const put = (i: number) => engine.apply(stampWrite(T1, BigInt(i), { hash: { S: `k${i}` } }, { kind: 'put', item: { pk: { S: `k${i}` } } }, 100));

  beforeEach(async () => {
    ticks = [];
    dir = await mkdtemp(join(tmpdir(), 'dynaring-table-stats-'));
    engine = await StorageEngine.open(dir);
  });

  afterEach(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Reopens the engine as after a crash that lost the counters' last saves. */
  async function reopenAfterCrash(): Promise<void> {
    await engine.close();
    const db = new Level<string, string>(dir);
    await db.sublevel<string, string>('local', {}).put('table_stats', JSON.stringify({ clean: false, tables: { [T1]: [1, 1] } }));
    await db.close();
    engine = await StorageEngine.open(dir);
  }

  it('recounts every table after an unclean start, then marks the counters clean', async () => {
    for (let i = 0; i < 5; i++) await put(i);
    const exact = engine.tableStats(T1);
    await reopenAfterCrash();
    const k = keeper();
    k.start();
    await k.idle();
    expect(engine.tableStats(T1)).toEqual(exact);
    expect(engine.tableStatsClean()).toBe(true);
    await k.stop();
  });

  it('leaves clean counters alone', async () => {
    await put(1);
    await engine.close();
    engine = await StorageEngine.open(dir);
    const k = keeper();
    k.start();
    await k.idle();
    expect(engine.tableStats(T1).items).toBe(1);
    await k.stop();
  });

  it('does not mark the counters clean when stopped before the recount ends', async () => {
    for (let i = 0; i < 5; i++) await put(i);
    await reopenAfterCrash();
    const k = keeper();
    k.start();
    await k.stop();
    expect(engine.tableStatsClean()).toBe(false);
  });

  it('saves changed counters on its interval', async () => {
    const k = keeper();
    k.start();
    await put(1);
    for (const tick of ticks) tick();
    await vi.waitFor(async () => {
      const saved = JSON.parse((await engine.local.get('table_stats'))!) as { tables: Record<string, [number, number]> };
      expect(saved.tables[T1]?.[0]).toBe(1);
    });
    await k.stop();
  });
});
