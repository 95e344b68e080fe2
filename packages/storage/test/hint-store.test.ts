import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stampWrite, type Mutation } from '@dynaring/core';
import { StorageEngine } from '../src/index.js';

const TABLE = '11111111-1111-4111-8111-111111111111';
const HOST_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const HOST_B = 'bbbbbbbb-0000-4000-8000-00000000000b';

let dir: string;
let engine: StorageEngine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dynaring-hints-'));
  engine = await StorageEngine.open(dir);
});

afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

const mutation = (pk: string, ts: number): Mutation =>
  stampWrite(TABLE, -1234567890123456789n, { hash: { S: pk } }, { kind: 'put', item: { pk: { S: pk }, n: { N: String(ts) } } }, ts);

describe('HintStore', () => {
  it('round-trips a mutation with its bigint token, cells, timestamps and item tombstone', async () => {
    const m = mutation('k1', 1_700_000_000_000_123);
    await engine.hints.append(HOST_A, 1000, m);
    const [hint] = await engine.hints.list(HOST_A, 10);
    expect(hint).toMatchObject({ targetHostId: HOST_A, createdAtMs: 1000 });
    expect(hint!.mutation).toEqual({ ...m, cells: { ...m.cells } });
    expect(hint!.mutation.token).toBe(-1234567890123456789n);
  });

  it('lists one target\'s hints in creation order, apart from other targets', async () => {
    await Promise.all([
      engine.hints.append(HOST_A, 3000, mutation('a3', 3)),
      engine.hints.append(HOST_B, 1000, mutation('b1', 1)),
      engine.hints.append(HOST_A, 1000, mutation('a1', 1)),
      engine.hints.append(HOST_A, 20_000, mutation('a20', 20)),
      engine.hints.append(HOST_A, 1000, mutation('a1-second', 2)),
    ]);
    const a = await engine.hints.list(HOST_A, 100);
    expect(a.map((h) => h.mutation.key.hash)).toEqual([{ S: 'a1' }, { S: 'a1-second' }, { S: 'a3' }, { S: 'a20' }]);
    expect((await engine.hints.list(HOST_B, 100)).map((h) => h.mutation.key.hash)).toEqual([{ S: 'b1' }]);
  });

  it('pages after a given hint', async () => {
    for (let i = 0; i < 5; i++) await engine.hints.append(HOST_A, 100 + i, mutation(`k${i}`, i));
    const first = await engine.hints.list(HOST_A, 2);
    const next = await engine.hints.list(HOST_A, 10, first[1]!.id);
    expect(next.map((h) => h.createdAtMs)).toEqual([102, 103, 104]);
  });

  it('counts per target and drops deleted hints', async () => {
    for (let i = 0; i < 3; i++) await engine.hints.append(HOST_A, 100 + i, mutation(`k${i}`, i));
    await engine.hints.append(HOST_B, 50, mutation('b', 1));
    const [oldest] = await engine.hints.list(HOST_A, 1);
    await engine.hints.delete(oldest!.id);
    expect(await engine.hints.count(HOST_A)).toBe(2);
    expect(await engine.hints.count(HOST_B)).toBe(1);
    const stats = await engine.hints.stats();
    expect(stats.sort((x, y) => (x.targetHostId < y.targetHostId ? -1 : 1))).toEqual([
      { targetHostId: HOST_A, count: 2, oldestMs: 101, newestMs: 102 },
      { targetHostId: HOST_B, count: 1, oldestMs: 50, newestMs: 50 },
    ]);
  });

  it('deletes every hint of one target', async () => {
    await engine.hints.append(HOST_A, 1, mutation('a', 1));
    await engine.hints.append(HOST_B, 1, mutation('b', 1));
    await engine.hints.deleteTarget(HOST_A);
    expect(await engine.hints.count(HOST_A)).toBe(0);
    expect(await engine.hints.count(HOST_B)).toBe(1);
  });

  it('keeps hints across a reopen, including appends not yet awaited at close', async () => {
    await engine.hints.append(HOST_A, 1, mutation('a', 1));
    const late = engine.hints.append(HOST_A, 2, mutation('b', 2));
    await engine.close();
    await late;
    engine = await StorageEngine.open(dir);
    expect((await engine.hints.list(HOST_A, 10)).map((h) => h.createdAtMs)).toEqual([1, 2]);
  });

  it('keeps hints out of table scans', async () => {
    await engine.hints.append(HOST_A, 1, mutation('a', 1));
    expect(await engine.scanRange({ tableId: TABLE, limit: 10 })).toEqual([]);
  });
});
