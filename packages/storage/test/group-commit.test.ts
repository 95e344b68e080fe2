import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { ClusterError, encodeRecord, liveItem } from '@dynaring/core';
import type { Mutation } from '@dynaring/core';
import { StorageEngine, encodeDataKey } from '../src/index.js';
import { BatchWriter, type BatchOp } from '../src/batch-writer.js';

const T1 = '11111111-1111-4111-8111-111111111111';

let dir: string;
let engine: StorageEngine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dynaring-group-'));
  engine = await StorageEngine.open(dir);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

const write = (i: number, v: number, ts = 100 + v, cell = 'v'): Mutation => ({
  tableId: T1,
  token: BigInt(i),
  key: { hash: { S: `k${i}` } },
  cells: { [cell]: { value: { N: String(v) }, timestampMicros: ts } },
  itemTombstoneMicros: -1,
});

const value = async (i: number) => (liveItem(await engine.read(T1, BigInt(i), { hash: { S: `k${i}` } }))?.['v'] as { N: string } | undefined)?.N;

// Every group's LevelDB batch goes through BatchWriter.write, on the event loop or not:
// spying on the prototype counts them. The engine's database is a `level` instance.
const spyBatch = () => vi.spyOn(BatchWriter.prototype, 'write');
const spyGetMany = () => vi.spyOn(Level.prototype, 'getMany');

describe('group commit', () => {
  it('writes applies issued together with one getMany and one batch, and acks after the batch', async () => {
    const batch = spyBatch();
    const getMany = spyGetMany();
    let acked = 0;
    await Promise.all(Array.from({ length: 100 }, (_, i) => engine.apply(write(i, i)).then(() => (acked += batch.mock.calls.length))));
    expect(getMany).toHaveBeenCalledTimes(1);
    expect(getMany.mock.calls[0]![0]).toHaveLength(100);
    expect(batch).toHaveBeenCalledTimes(1);
    expect(acked).toBe(100); // every ack saw the batch already issued
    expect(await value(42)).toBe('42');
  });

  it('merges same-key applies of one group in arrival order into one write', async () => {
    const batch = spyBatch();
    // Equal timestamps: the tie goes to the larger value whatever the order, as one by one.
    const writes = [write(1, 5, 100), write(1, 9, 100), write(1, 7, 100), write(1, 1, 50, 'w'), write(2, 3)];
    await Promise.all(writes.map((m) => engine.apply(m)));
    expect(batch).toHaveBeenCalledTimes(1);
    expect(((batch.mock.calls[0] as unknown[])[0] as unknown[]).length).toBe(2);
    expect(liveItem(await engine.read(T1, 1n, { hash: { S: 'k1' } }))).toEqual({ v: { N: '9' }, w: { N: '1' } });
  });

  it('stores the record text a mutation arrived with when the merge keeps exactly its cells', async () => {
    await engine.apply(write(1, 1, 100, 'old'));
    // Encoded as a peer may have (spacing differs from encodeRecord's), so a re-encoding shows.
    const encodedAs = (m: Mutation, text: string): Mutation => ({ ...m, encoded: { cells: m.cells, tombstoneMicros: m.itemTombstoneMicros, text } });
    const put = encodedAs({ ...write(1, 2, 200), itemTombstoneMicros: 199 }, '[199, 200, "v", {"N": "2"}]');
    const update = encodedAs(write(1, 3, 300, 'w'), '[-1, 300, "w", {"N": "3"}]');
    const batch = spyBatch();
    await engine.apply(put);
    await engine.apply(update);
    const stored = batch.mock.calls.map((call) => ((call[0] as BatchOp[])[0] as { value: string }).value);
    expect(stored[0]).toBe(put.encoded!.text);
    // The update keeps the put's cell beside its own: its text alone is not the record.
    expect(stored[1]).toBe(encodeRecord({ cells: { v: put.cells['v']!, w: update.cells['w']! }, tombstoneMicros: 199 }));
    await engine.close();
    engine = await StorageEngine.open(dir); // read from disk, not the record cache
    expect(liveItem(await engine.read(T1, 1n, { hash: { S: 'k1' } }))).toEqual({ v: { N: '2' }, w: { N: '3' } });
  });

  it('caps a group at 512 applies and writes the rest in later groups', async () => {
    const batch = spyBatch();
    await Promise.all(Array.from({ length: 1300 }, (_, i) => engine.apply(write(i, i))));
    expect(batch.mock.calls.map((c) => ((c as unknown[])[0] as unknown[]).length)).toEqual([512, 512, 276]);
    expect(await value(1299)).toBe('1299');
  });

  it('does not read the database for items in the record cache', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => engine.apply(write(i, i))));
    const getMany = spyGetMany();
    await Promise.all(Array.from({ length: 10 }, (_, i) => engine.apply(write(i, i + 100))));
    expect(getMany).not.toHaveBeenCalled();
    expect(await value(3)).toBe('103');
  });

  it('rejects exactly the applies of a failed batch, mapping level errors as before', async () => {
    const notOpen = Object.assign(new Error('not open'), { code: 'LEVEL_DATABASE_NOT_OPEN' });
    const other = new Error('disk on fire');
    spyBatch().mockRejectedValueOnce(notOpen).mockRejectedValueOnce(other);
    const results = await Promise.allSettled(Array.from({ length: 1100 }, (_, i) => engine.apply(write(i, i))));
    const first = results.slice(0, 512);
    const second = results.slice(512, 1024);
    expect(first.every((r) => r.status === 'rejected' && r.reason instanceof ClusterError && r.reason.code === 'STORAGE_NOT_OPEN')).toBe(true);
    expect(second.every((r) => r.status === 'rejected' && r.reason === other)).toBe(true);
    expect(results.slice(1024).every((r) => r.status === 'fulfilled')).toBe(true);
    // Nothing of a failed group reached the database or the cache.
    expect(await value(0)).toBeUndefined();
    expect(await value(600)).toBeUndefined();
    expect(await value(1050)).toBe('1050');
  });

  it('fails only the applies of an item whose stored record cannot be decoded', async () => {
    await engine.close();
    const raw = new Level<Buffer, string>(dir, { keyEncoding: 'buffer', valueEncoding: 'utf8' });
    await raw.put(encodeDataKey(T1, 1n, { hash: { S: 'k1' } }), 'not a record');
    await raw.close();
    engine = await StorageEngine.open(dir);
    const [bad, good] = await Promise.allSettled([engine.apply(write(1, 1)), engine.apply(write(2, 2))]);
    expect(bad.status).toBe('rejected');
    expect(good.status).toBe('fulfilled');
    expect(await value(2)).toBe('2');
  });

  it('writes applies issued before close and refuses later ones with STORAGE_NOT_OPEN', async () => {
    const pending = Array.from({ length: 50 }, (_, i) => engine.apply(write(i, i)));
    await engine.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(50);
    await expect(engine.apply(write(1, 1))).rejects.toMatchObject({ code: 'STORAGE_NOT_OPEN' });
    engine = await StorageEngine.open(dir);
    expect(await value(49)).toBe('49');
  });
});

describe('batched reads', () => {
  it('reads items issued together with one getMany', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => engine.apply(write(i, i))));
    await engine.close();
    engine = await StorageEngine.open(dir);
    const getMany = spyGetMany();
    const values = await Promise.all(Array.from({ length: 60 }, (_, i) => value(i)));
    expect(getMany).toHaveBeenCalledTimes(1);
    expect(values).toEqual(Array.from({ length: 60 }, (_, i) => (i < 50 ? String(i) : undefined)));
  });

  it('never leaves a read that raced a write to the same item in the cache', async () => {
    await Promise.all([engine.apply(write(1, 1)), engine.apply(write(2, 1))]);
    await engine.close();
    engine = await StorageEngine.open(dir); // empty cache: the reads go to LevelDB
    // Read and apply issued in the same turn, in both orders; the read may see either value.
    const [first] = await Promise.all([value(1), engine.apply(write(1, 2))]);
    const [, second] = await Promise.all([engine.apply(write(2, 2)), value(2)]);
    expect(['1', '2']).toContain(first);
    expect(['1', '2']).toContain(second);
    // Once the apply is acknowledged, no cached older value may be served.
    expect(await value(1)).toBe('2');
    expect(await value(2)).toBe('2');
  });

  it('answers reads issued before close and refuses later ones with STORAGE_NOT_OPEN', async () => {
    await engine.apply(write(1, 1));
    await engine.close();
    engine = await StorageEngine.open(dir);
    const read = value(1);
    await engine.close();
    await expect(read).resolves.toBe('1');
    await expect(value(1)).rejects.toMatchObject({ code: 'STORAGE_NOT_OPEN' });
    engine = await StorageEngine.open(dir);
  });
});
