import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stampWrite, type TableMeta, type Timers } from '@dynaring/core';
import { StorageEngine } from '@dynaring/storage';
import { parseConfig } from '../src/config.js';
import { GC_GRACE_TAG, TombstoneSweeps, tableGcGraceSeconds } from '../src/tombstone-sweeps.js';

const table = (name: string, id: string, tags: Record<string, string> = {}): TableMeta => ({
  name,
  id,
  keySchema: { hash: { name: 'pk', type: 'S' } } as unknown as TableMeta['keySchema'],
  attributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  billingMode: 'PAY_PER_REQUEST',
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  creationDateTimeMs: 0,
  rf: 1,
  tags,
});

describe('gc_grace_seconds configuration', () => {
  it('defaults to 10 days, with an hourly sweep', () => {
    const config = parseConfig([]);
    expect(config.gcGraceSeconds).toBe(864_000);
    expect(config.tombstoneSweepIntervalMs).toBe(3_600_000);
  });

  it('is read from --gc-grace-seconds and --tombstone-sweep-interval-ms', () => {
    const config = parseConfig(['--gc-grace-seconds', '0', '--tombstone-sweep-interval-ms', '250']);
    expect(config.gcGraceSeconds).toBe(0);
    expect(config.tombstoneSweepIntervalMs).toBe(250);
  });

  it('is overridden per table by the system:gc_grace_seconds tag when it is a non-negative integer', () => {
    expect(tableGcGraceSeconds(table('a', 'a'), 864_000)).toBe(864_000);
    expect(tableGcGraceSeconds(table('a', 'a', { [GC_GRACE_TAG]: '3600' }), 864_000)).toBe(3600);
    expect(tableGcGraceSeconds(table('a', 'a', { [GC_GRACE_TAG]: '0' }), 864_000)).toBe(0);
    for (const bad of ['-1', '1.5', 'ten', '']) expect(tableGcGraceSeconds(table('a', 'a', { [GC_GRACE_TAG]: bad }), 77)).toBe(77);
  });
});

describe('TombstoneSweeps', () => {
  const SHORT = '11111111-1111-4111-8111-111111111111';
  const LONG = '22222222-2222-4222-8222-222222222222';
  let dir: string;
  let engine: StorageEngine;
  let ticks: Array<() => void>;
  const timers: Timers = {
    setTimeout: () => ({ cancel: () => {} }),
    setInterval: (callback) => {
      ticks.push(callback);
      return { cancel: () => (ticks = ticks.filter((t) => t !== callback)) };
    },
  };
  const silent = { info: () => {}, debug: () => {}, error: () => {} };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dynaring-sweeps-'));
    engine = await StorageEngine.open(dir);
    ticks = [];
  });
  afterEach(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  const deleteAt = (tableId: string, i: number, micros: number) =>
    engine.apply(stampWrite(tableId, BigInt(i), { hash: { S: `k${i}` } }, { kind: 'delete' }, micros));
  const rows = async (tableId: string) => (await engine.scanRange({ tableId, limit: 100 })).length;

  it('sweeps each table with its own gc_grace on every tick', async () => {
    const nowMicros = 100 * 1_000_000;
    // Deleted 50 s ago: past the 10 s grace of one table, within the default 1 000 s of the other.
    await deleteAt(SHORT, 1, nowMicros - 50_000_000);
    await deleteAt(LONG, 1, nowMicros - 50_000_000);
    await deleteAt(SHORT, 2, nowMicros - 1_000_000);
    const sweeps = new TombstoneSweeps({
      storage: engine,
      tables: () => [table('short', SHORT, { [GC_GRACE_TAG]: '10' }), table('long', LONG)],
      nowMicros: () => nowMicros,
      timers,
      intervalMs: 1000,
      defaultGcGraceSeconds: 1000,
      log: silent,
    });
    sweeps.start();
    expect(ticks).toHaveLength(1);
    ticks[0]!();
    await sweeps.sweepAll(); // the round the tick started
    await sweeps.stop();
    expect(await rows(SHORT)).toBe(1);
    expect(await rows(LONG)).toBe(1);
    expect(sweeps.totals).toEqual({ sweeps: 2, purgedRows: 1, rewrittenRows: 0 });
    expect(ticks).toHaveLength(0);
  });

  it('logs a failed table sweep and goes on with the next table', async () => {
    const errors: string[] = [];
    await deleteAt(LONG, 1, 1);
    const sweeps = new TombstoneSweeps({
      storage: {
        scanRange: (s) => (s.tableId === SHORT ? Promise.reject(new Error('disk on fire')) : engine.scanRange(s)),
        purgeTombstones: engine.purgeTombstones.bind(engine),
      },
      tables: () => [table('short', SHORT), table('long', LONG)],
      nowMicros: () => 1_000_000_000,
      timers,
      intervalMs: 1000,
      defaultGcGraceSeconds: 0,
      log: { ...silent, error: (fields: unknown) => void errors.push(String((fields as { table: string }).table)) },
    });
    await sweeps.sweepAll();
    expect(errors).toEqual(['short']);
    expect(await rows(LONG)).toBe(0);
  });
});
