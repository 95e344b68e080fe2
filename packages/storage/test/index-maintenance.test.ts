import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  POINTER_CELL,
  decodePointerKey,
  liveItem,
  pointerBounds,
  stampWrite,
  type AttributeMap,
  type KeySchema,
  type Mutation,
  type PrimaryKey,
  type ScalarKeyValue,
  type SecondaryIndexMeta,
} from '@dynaring/core';
import { StorageEngine, type IndexedTable, type IndexResolver } from '../src/index.js';

const BASE = 'base-table';
const PLAIN = 'plain-table';
const BASE_SCHEMA: KeySchema = { hash: { name: 'h', type: 'S' }, range: { name: 's', type: 'S' } };

function indexMeta(kind: 'local' | 'global', id: string, keySchema: KeySchema): SecondaryIndexMeta {
  return { name: id, kind, id, keySchema, projection: { type: 'ALL' }, status: 'ACTIVE', readCapacityUnits: 0, writeCapacityUnits: 0, createdMs: 0 };
}

const LSI = indexMeta('local', 'lsi-1', { hash: { name: 'h', type: 'S' }, range: { name: 'lr', type: 'N' } });
const GSI = indexMeta('global', 'gsi-1', { hash: { name: 'g', type: 'S' } });
const INDEXED: IndexedTable = { baseKeySchema: BASE_SCHEMA, indexes: [LSI, GSI] };

// A stand-in partitioner: distinct, recognisable tokens.
const tokenOf = (hash: ScalarKeyValue): bigint => BigInt(Buffer.from(JSON.stringify(hash)).reduce((acc, b) => (acc * 131 + b) % 1_000_000_007, 0));

/** Counts lookups, to hold the group commit to one per written item. */
function resolver(): IndexResolver & { lookups: string[] } {
  const lookups: string[] = [];
  return { lookups, indexesOf: (tableId) => (lookups.push(tableId), tableId === BASE ? INDEXED : undefined), tokenOf };
}

let dir: string;
let engine: StorageEngine;
let indexes: ReturnType<typeof resolver>;

async function open(): Promise<void> {
  engine = await StorageEngine.open(dir);
  indexes = resolver();
  engine.setIndexResolver(indexes);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dynaring-index-'));
  await open();
});

afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

const baseKey = (h: string, s = 'r'): PrimaryKey => ({ hash: { S: h }, range: { S: s } });
const put = (key: PrimaryKey, item: AttributeMap, ts: number, tableId = BASE): Mutation =>
  stampWrite(tableId, tokenOf(key.hash), key, { kind: 'put', item: { h: key.hash, s: key.range!, ...item } }, ts);

/** The LSI pointer rows of base partition `h`, each as (decoded index range, base key, live). */
async function lsiRows(h: string, bounds = {}) {
  const rows = await engine.queryPartition({ tableId: LSI.id, token: tokenOf({ S: h }), hash: { S: h }, bounds: pointerBounds(bounds), forward: true, limit: 100 });
  return rows.map((row) => {
    const { indexKey, baseKey } = decodePointerKey(LSI, BASE_SCHEMA, row.key);
    return { lr: indexKey.range, baseKey, live: liveItem(row.record) !== null };
  });
}

describe('LSI maintenance', () => {
  it('makes the pointer readable with queryPartition as soon as apply resolves', async () => {
    await engine.apply(put(baseKey('p', 'a'), { lr: { N: '5' } }, 10));
    await engine.apply(put(baseKey('p', 'b'), { lr: { N: '-1' } }, 11));
    expect(await lsiRows('p')).toEqual([
      { lr: { N: '-1' }, baseKey: baseKey('p', 'b'), live: true },
      { lr: { N: '5' }, baseKey: baseKey('p', 'a'), live: true },
    ]);
    expect(await lsiRows('p', { lower: { value: { N: '0' }, inclusive: true } })).toEqual([{ lr: { N: '5' }, baseKey: baseKey('p', 'a'), live: true }]);
  });

  it('replaces the pointer when the index key changes, keeping the old one as a tombstone', async () => {
    await engine.apply(put(baseKey('p'), { lr: { N: '5' } }, 10));
    await engine.apply(put(baseKey('p'), { lr: { N: '7' } }, 20));
    expect(await lsiRows('p')).toEqual([
      { lr: { N: '5' }, baseKey: baseKey('p'), live: false },
      { lr: { N: '7' }, baseKey: baseKey('p'), live: true },
    ]);
  });

  it('derives pointers from the whole group when one item is written several times in it', async () => {
    await Promise.all([
      engine.apply(put(baseKey('p'), { lr: { N: '1' } }, 10)),
      engine.apply(put(baseKey('p'), { lr: { N: '2' } }, 20)),
      engine.apply(put(baseKey('p'), { lr: { N: '3' } }, 15)),
    ]);
    expect(await lsiRows('p')).toEqual([{ lr: { N: '2' }, baseKey: baseKey('p'), live: true }]);
    expect(indexes.lookups).toEqual([BASE]);
  });

  it('merges a pointer with the row already stored, across close and reopen', async () => {
    await engine.apply(put(baseKey('p'), { lr: { N: '5' } }, 10));
    await engine.close();
    await open();
    await engine.apply(stampWrite(BASE, tokenOf({ S: 'p' }), baseKey('p'), { kind: 'delete' }, 30));
    const rows = await engine.queryPartition({ tableId: LSI.id, token: tokenOf({ S: 'p' }), hash: { S: 'p' }, bounds: {}, forward: true, limit: 10 });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.record.cells[POINTER_CELL]).toEqual({ value: null, timestampMicros: 30 });
  });
});

describe('GSI maintenance', () => {
  it('puts the pointer mutation in the outbox when apply resolves', async () => {
    await engine.apply(put(baseKey('p'), { g: { S: 'green' } }, 10));
    const entries = await engine.indexOutbox.take(10);
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry!.baseTableId).toBe(BASE);
    expect(entry!.indexId).toBe(GSI.id);
    expect(entry!.mutation.tableId).toBe(GSI.id);
    expect(entry!.mutation.token).toBe(tokenOf({ S: 'green' }));
    expect(decodePointerKey(GSI, BASE_SCHEMA, entry!.mutation.key)).toEqual({ indexKey: { hash: { S: 'green' } }, baseKey: baseKey('p') });
    expect(entry!.mutation.cells).toEqual({ [POINTER_CELL]: { value: { NULL: true }, timestampMicros: 10 } });
    // GSI pointers are not stored locally: their token's replicas are elsewhere.
    expect(await engine.scanRange({ tableId: GSI.id, limit: 10 })).toEqual([]);
  });

  it('keeps outbox entries across close and reopen, oldest first, with ids that keep growing', async () => {
    await engine.apply(put(baseKey('a'), { g: { S: 'x' } }, 10));
    await engine.apply(put(baseKey('a'), { g: { S: 'y' } }, 20));
    const before = await engine.indexOutbox.take(10);
    await engine.close();
    await open();
    const after = await engine.indexOutbox.take(10);
    expect(after).toEqual(before);
    expect(after.map((e) => [e.mutation.cells[POINTER_CELL]!.value !== null, e.mutation.key.hash])).toEqual([
      [true, { S: 'x' }],
      [false, { S: 'x' }],
      [true, { S: 'y' }],
    ]);
    await engine.indexOutbox.ack(after.map((e) => e.id));
    await engine.close();
    await open();
    await engine.apply(put(baseKey('a'), { g: { S: 'z' } }, 30));
    const [next] = await engine.indexOutbox.take(1);
    expect(next!.id > after[2]!.id).toBe(true);
  });

  it('removes acknowledged entries', async () => {
    await Promise.all(['a', 'b', 'c'].map((h, i) => engine.apply(put(baseKey(h), { g: { S: h } }, 10 + i))));
    expect(await engine.indexOutbox.size()).toBe(3);
    const first = await engine.indexOutbox.take(2);
    await engine.indexOutbox.ack(first.map((e) => e.id));
    expect(await engine.indexOutbox.size()).toBe(1);
    const rest = await engine.indexOutbox.take(10);
    expect(rest.map((e) => e.id)).not.toContain(first[0]!.id);
    expect(rest).toHaveLength(1);
  });

  it('tells listeners once per written batch that appended entries', async () => {
    let calls = 0;
    let sizeSeen: Promise<number> | undefined;
    engine.indexOutbox.onAppend(() => {
      calls++;
      sizeSeen = engine.indexOutbox.size();
    });
    await Promise.all(['a', 'b'].map((h) => engine.apply(put(baseKey(h), { g: { S: h } }, 10))));
    expect(calls).toBe(1);
    expect(await sizeSeen).toBe(2);
    await engine.apply(put(baseKey('c'), { other: { S: 'no g' } }, 10));
    expect(calls).toBe(1);
  });
});

describe('writes that change no index', () => {
  it('add nothing when the index keys stay the same', async () => {
    await engine.apply(put(baseKey('p'), { g: { S: 'x' }, lr: { N: '1' }, v: { S: 'one' } }, 10));
    const lsiBefore = await engine.queryPartition({ tableId: LSI.id, token: tokenOf({ S: 'p' }), hash: { S: 'p' }, bounds: {}, forward: true, limit: 10 });
    await engine.apply(put(baseKey('p'), { g: { S: 'x' }, lr: { N: '1' }, v: { S: 'two' } }, 20));
    expect(await engine.indexOutbox.size()).toBe(1);
    expect(await engine.queryPartition({ tableId: LSI.id, token: tokenOf({ S: 'p' }), hash: { S: 'p' }, bounds: {}, forward: true, limit: 10 })).toEqual(lsiBefore);
  });

  it('cost tables without indexes one resolver lookup per item and write no pointers', async () => {
    await Promise.all([1, 2, 3].map((ts) => engine.apply(put(baseKey('p'), { g: { S: 'x' }, lr: { N: '1' } }, ts, PLAIN))));
    expect(indexes.lookups).toEqual([PLAIN]);
    expect(await engine.indexOutbox.size()).toBe(0);
    expect(await engine.scanRange({ tableId: LSI.id, limit: 10 })).toEqual([]);
  });

  it('store a mutation addressed to an index id as it is', async () => {
    const pointer: Mutation = { tableId: GSI.id, token: 5n, key: { hash: { S: 'x' }, range: { B: 'AAE=' } }, cells: { [POINTER_CELL]: { value: { NULL: true }, timestampMicros: 1 } }, itemTombstoneMicros: -1 };
    await engine.apply(pointer);
    expect(await engine.read(GSI.id, 5n, pointer.key)).toEqual({ cells: pointer.cells, tombstoneMicros: -1 });
    expect(await engine.indexOutbox.size()).toBe(0);
  });

  it('maintain nothing without a resolver', async () => {
    await engine.close();
    engine = await StorageEngine.open(dir);
    await engine.apply(put(baseKey('p'), { g: { S: 'x' }, lr: { N: '1' } }, 10));
    expect(await engine.indexOutbox.size()).toBe(0);
    expect(await engine.scanRange({ tableId: LSI.id, limit: 10 })).toEqual([]);
  });
});

describe('atomicity', () => {
  it('keeps each base write with its pointers through close and reopen', async () => {
    const writes = Array.from({ length: 50 }, (_, i) => put(baseKey(`k${i % 10}`), { g: { S: `g${i % 7}` }, lr: { N: String(i % 3) } }, 100 + i));
    await Promise.all(writes.map((w) => engine.apply(w)));
    await engine.close();
    await open();
    for (let k = 0; k < 10; k++) {
      const record = await engine.read(BASE, tokenOf({ S: `k${k}` }), baseKey(`k${k}`));
      const item = liveItem(record)!;
      const live = (await lsiRows(`k${k}`)).filter((r) => r.live);
      expect(live).toEqual([{ lr: item['lr'], baseKey: baseKey(`k${k}`), live: true }]);
    }
    // Every GSI pointer put for the final items is in the outbox (deletes of older keys too).
    const entries = await engine.indexOutbox.take(1000);
    const finalPuts = new Map<string, string>();
    for (const e of entries) {
      const { baseKey: key } = decodePointerKey(GSI, BASE_SCHEMA, e.mutation.key);
      const value = e.mutation.cells[POINTER_CELL]!;
      const id = JSON.stringify(key);
      if (value.value !== null) finalPuts.set(id, JSON.stringify(e.mutation.key.hash));
    }
    for (let k = 0; k < 10; k++) {
      const item = liveItem(await engine.read(BASE, tokenOf({ S: `k${k}` }), baseKey(`k${k}`)))!;
      expect(finalPuts.get(JSON.stringify(baseKey(`k${k}`)))).toBe(JSON.stringify(item['g']));
    }
  });
});
