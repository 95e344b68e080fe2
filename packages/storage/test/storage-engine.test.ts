import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ClusterError, liveItem, stampWrite } from '@dynaring/core';
import type { Cell, Mutation, PartitionQuery, PrimaryKey, ScalarKeyValue, TableMeta } from '@dynaring/core';
import { StorageEngine } from '../src/index.js';

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';

let dir: string;
let engine: StorageEngine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dynaring-storage-'));
  engine = await StorageEngine.open(join(dir, 'nested', 'db'));
});

afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

const put = (key: PrimaryKey, attrs: Record<string, ScalarKeyValue>, ts: number, tableId = T1, token = 1n): Mutation =>
  stampWrite(tableId, token, key, { kind: 'put', item: attrs }, ts);

const cells = (entries: Record<string, Cell>, itemTombstoneMicros = -1, key: PrimaryKey = { hash: { S: 'k' } }): Mutation => ({
  tableId: T1,
  token: 1n,
  key,
  cells: entries,
  itemTombstoneMicros,
});

describe('apply and read', () => {
  it('stores an item and reads it back', async () => {
    const key = { hash: { S: 'k' } };
    await engine.apply(put(key, { pk: { S: 'k' }, a: { N: '1' } }, 100));
    expect(liveItem(await engine.read(T1, 1n, key))).toEqual({ pk: { S: 'k' }, a: { N: '1' } });
  });

  it('returns null for a missing item, or the same key in another table or token', async () => {
    const key = { hash: { S: 'k' } };
    await engine.apply(put(key, { a: { S: 'x' } }, 100));
    expect(await engine.read(T1, 1n, { hash: { S: 'other' } })).toBeNull();
    expect(await engine.read(T2, 1n, key)).toBeNull();
    expect(await engine.read(T1, 2n, key)).toBeNull();
  });

  it('keeps the newer cell when an older write arrives later', async () => {
    await engine.apply(cells({ a: { value: { S: 'new' }, timestampMicros: 200 } }));
    await engine.apply(cells({ a: { value: { S: 'old' }, timestampMicros: 100 }, b: { value: { S: 'b' }, timestampMicros: 100 } }));
    expect(liveItem(await engine.read(T1, 1n, { hash: { S: 'k' } }))).toEqual({ a: { S: 'new' }, b: { S: 'b' } });
  });

  it('lets an item tombstone remove older cells but not newer ones', async () => {
    await engine.apply(cells({ a: { value: { S: 'a' }, timestampMicros: 100 }, b: { value: { S: 'b' }, timestampMicros: 300 } }));
    await engine.apply(cells({}, 200));
    const record = await engine.read(T1, 1n, { hash: { S: 'k' } });
    expect(record).toEqual({ tombstoneMicros: 200, cells: { b: { value: { S: 'b' }, timestampMicros: 300 } } });
  });

  it('replaces the item on a newer put and ignores an older put', async () => {
    const key = { hash: { S: 'k' } };
    await engine.apply(put(key, { a: { S: '1' }, b: { S: '1' } }, 100));
    await engine.apply(put(key, { a: { S: '2' } }, 200));
    await engine.apply(put(key, { c: { S: 'stale' } }, 150));
    expect(liveItem(await engine.read(T1, 1n, key))).toEqual({ a: { S: '2' } });
  });

  it('keeps a deleted item as a tombstone so an older write cannot resurrect it', async () => {
    const key = { hash: { S: 'k' } };
    await engine.apply(put(key, { a: { S: '1' } }, 100));
    await engine.apply(stampWrite(T1, 1n, key, { kind: 'delete' }, 200));
    await engine.apply(put(key, { a: { S: 'late' } }, 150));
    const record = await engine.read(T1, 1n, key);
    expect(record?.tombstoneMicros).toBe(200);
    expect(liveItem(record)).toBeNull();
  });

  it('loses no cell when many applies to one key run concurrently', async () => {
    const writes = Array.from({ length: 200 }, (_, i) => cells({ [`attr${i}`]: { value: { N: String(i) }, timestampMicros: 1000 + i } }));
    await Promise.all(writes.map((m) => engine.apply(m)));
    const item = liveItem(await engine.read(T1, 1n, { hash: { S: 'k' } }));
    expect(Object.keys(item ?? {})).toHaveLength(200);
  });

  it('converges concurrent writes of one attribute to the highest timestamp, whatever the order', async () => {
    const writes = Array.from({ length: 100 }, (_, i) => cells({ a: { value: { N: String(i) }, timestampMicros: (i * 37) % 100 } }));
    await Promise.all(writes.map((m) => engine.apply(m)));
    const record = await engine.read(T1, 1n, { hash: { S: 'k' } });
    expect(record?.cells['a']?.timestampMicros).toBe(99);
  });

  it('fails with STORAGE_NOT_OPEN after close', async () => {
    const closed = await StorageEngine.open(join(dir, 'other'));
    await closed.close();
    await expect(closed.read(T1, 1n, { hash: { S: 'k' } })).rejects.toMatchObject({ code: 'STORAGE_NOT_OPEN' });
    await expect(closed.apply(cells({}))).rejects.toBeInstanceOf(ClusterError);
  });
});

describe('queryPartition', () => {
  const hash = { S: 'p' };
  const token = 9n;
  const ranges = ['-10', '-1.5', '0', '1', '2', '10', '10.5', '100'];

  beforeEach(async () => {
    for (const [i, n] of ranges.entries()) {
      await engine.apply(put({ hash, range: { N: n } }, { v: { N: String(i) } }, 100, T1, token));
    }
    // Neighbours that must never appear: another hash at the same token, another token, another table.
    await engine.apply(put({ hash: { S: 'p2' }, range: { N: '1' } }, { v: { S: 'x' } }, 100, T1, token));
    await engine.apply(put({ hash, range: { N: '1' } }, { v: { S: 'x' } }, 100, T1, token + 1n));
    await engine.apply(put({ hash, range: { N: '1' } }, { v: { S: 'x' } }, 100, T2, token));
  });

  const query = async (over: Partial<PartitionQuery>) => {
    const rows = await engine.queryPartition({ tableId: T1, token, hash, bounds: {}, forward: true, limit: 100, ...over });
    return rows.map((r) => (r.key.range as { N: string }).N);
  };

  it('returns the partition in numeric order, forward and backward', async () => {
    expect(await query({})).toEqual(ranges);
    expect(await query({ forward: false })).toEqual([...ranges].reverse());
  });

  it('returns rows with token, key and record', async () => {
    const [row] = await engine.queryPartition({ tableId: T1, token, hash, bounds: {}, forward: true, limit: 1 });
    expect(row).toEqual({ token, key: { hash, range: { N: '-10' } }, record: { tombstoneMicros: 99, cells: { v: { value: { N: '0' }, timestampMicros: 100 } } } });
  });

  it('applies inclusive and exclusive bounds', async () => {
    expect(await query({ bounds: { lower: { value: { N: '0' }, inclusive: true }, upper: { value: { N: '10' }, inclusive: true } } })).toEqual(['0', '1', '2', '10']);
    expect(await query({ bounds: { lower: { value: { N: '0' }, inclusive: false }, upper: { value: { N: '10' }, inclusive: false } } })).toEqual(['1', '2']);
    expect(await query({ bounds: { lower: { value: { N: '1.5' }, inclusive: true } }, forward: false })).toEqual(['100', '10.5', '10', '2']);
    expect(await query({ bounds: { upper: { value: { N: '-1.5' }, inclusive: false } } })).toEqual(['-10']);
  });

  it('pages with limit and exclusiveStart in both directions', async () => {
    for (const forward of [true, false]) {
      const seen: string[] = [];
      let exclusiveStart: ScalarKeyValue | undefined;
      for (;;) {
        const page = await query({ forward, limit: 3, ...(exclusiveStart ? { exclusiveStart } : {}) });
        seen.push(...page);
        if (page.length < 3) break;
        exclusiveStart = { N: page[page.length - 1]! };
      }
      expect(seen).toEqual(forward ? ranges : [...ranges].reverse());
    }
  });

  it('combines exclusiveStart with bounds', async () => {
    const bounds = { lower: { value: { N: '-1.5' }, inclusive: true }, upper: { value: { N: '10' }, inclusive: true } };
    expect(await query({ bounds, exclusiveStart: { N: '0' } })).toEqual(['1', '2', '10']);
    expect(await query({ bounds, exclusiveStart: { N: '2' }, forward: false })).toEqual(['1', '0', '-1.5']);
  });

  it('returns nothing for limit 0 or an unknown partition', async () => {
    expect(await query({ limit: 0 })).toEqual([]);
    expect(await engine.queryPartition({ tableId: T1, token, hash: { S: 'nope' }, bounds: {}, forward: true, limit: 10 })).toEqual([]);
  });

  it('matches begins_with on string and binary range keys by bytes', async () => {
    const h = { S: 's' };
    for (const r of ['a', 'ab', 'abc', 'ab\u{10ffff}', 'ac', 'b']) await engine.apply(put({ hash: h, range: { S: r } }, {}, 100, T1, 3n));
    const rows = await engine.queryPartition({ tableId: T1, token: 3n, hash: h, bounds: { prefix: { S: 'ab' } }, forward: true, limit: 10 });
    expect(rows.map((r) => (r.key.range as { S: string }).S)).toEqual(['ab', 'abc', 'ab\u{10ffff}']);

    const hb = { B: 'AA==' };
    const bins = [[0x01], [0x01, 0xff], [0x01, 0xff, 0x00], [0x02], [0xff, 0xff], [0xff, 0xff, 0x01]].map((b) => Buffer.from(b).toString('base64'));
    for (const b of bins) await engine.apply(put({ hash: hb, range: { B: b } }, {}, 100, T1, 3n));
    const withPrefix = async (p: number[]) =>
      (await engine.queryPartition({ tableId: T1, token: 3n, hash: hb, bounds: { prefix: { B: Buffer.from(p).toString('base64') } }, forward: true, limit: 10 }))
        .map((r) => [...Buffer.from((r.key.range as { B: string }).B, 'base64')]);
    expect(await withPrefix([0x01, 0xff])).toEqual([[0x01, 0xff], [0x01, 0xff, 0x00]]);
    expect(await withPrefix([0xff, 0xff])).toEqual([[0xff, 0xff], [0xff, 0xff, 0x01]]);
  });

  it('returns tombstoned rows and counts them toward limit', async () => {
    await engine.apply(stampWrite(T1, token, { hash, range: { N: '-10' } }, { kind: 'delete' }, 200));
    const rows = await engine.queryPartition({ tableId: T1, token, hash, bounds: {}, forward: true, limit: 2 });
    expect(rows.map((r) => liveItem(r.record))).toEqual([null, { v: { N: '1' } }]);
  });

  it('reads a table without range key as a one-row partition', async () => {
    await engine.apply(put({ hash: { N: '-7' } }, { a: { S: 'x' } }, 100, T2, 4n));
    const rows = await engine.queryPartition({ tableId: T2, token: 4n, hash: { N: '-7' }, bounds: {}, forward: true, limit: 10 });
    expect(rows.map((r) => r.key)).toEqual([{ hash: { N: '-7' } }]);
  });
});

describe('scanRange', () => {
  const tokens = [-(2n ** 63n), -5n, 0n, 3n, 2n ** 63n - 1n];

  beforeEach(async () => {
    for (const token of tokens) {
      for (const r of ['a', 'b', 'c']) await engine.apply(put({ hash: { S: `h${token}` }, range: { S: r } }, {}, 100, T1, token));
    }
    await engine.apply(put({ hash: { S: 'other' } }, {}, 100, T2, 0n));
  });

  it('pages through a table in (token, key) order', async () => {
    const seen: string[] = [];
    let startAfter: { token: bigint; key: PrimaryKey } | undefined;
    for (;;) {
      const rows = await engine.scanRange({ tableId: T1, limit: 4, ...(startAfter ? { startAfter } : {}) });
      seen.push(...rows.map((r) => `${r.token}/${(r.key.range as { S: string }).S}`));
      if (rows.length < 4) break;
      startAfter = { token: rows[3]!.token, key: rows[3]!.key };
    }
    expect(seen).toEqual(tokens.flatMap((t) => ['a', 'b', 'c'].map((r) => `${t}/${r}`)));
  });

  it('stops at endToken inclusive', async () => {
    const rows = await engine.scanRange({ tableId: T1, endToken: 0n, limit: 100 });
    expect(rows.map((r) => r.token)).toEqual([tokens[0], tokens[0], tokens[0], -5n, -5n, -5n, 0n, 0n, 0n]);
  });

  it('decodes full keys', async () => {
    const [row] = await engine.scanRange({ tableId: T1, startAfter: { token: -5n, key: { hash: { S: 'h-5' }, range: { S: 'c' } } }, limit: 1 });
    expect(row?.token).toBe(0n);
    expect(row?.key).toEqual({ hash: { S: 'h0' }, range: { S: 'a' } });
  });

  it('scans a token range (a, b] from a bare token', async () => {
    const rows = await engine.scanRange({ tableId: T1, startAfterToken: -5n, endToken: 3n, limit: 100 });
    expect(rows.map((r) => r.token)).toEqual([0n, 0n, 0n, 3n, 3n, 3n]);
    expect(await engine.scanRange({ tableId: T1, startAfterToken: 2n ** 63n - 1n, limit: 100 })).toEqual([]);
  });
});

describe('dropTable', () => {
  it('deletes every row of one table and nothing of another', async () => {
    for (let i = 0; i < 50; i++) {
      await engine.apply(put({ hash: { N: String(i) } }, {}, 100, T1, BigInt(i * 1000 - 25000)));
      await engine.apply(put({ hash: { N: String(i) } }, {}, 100, T2, BigInt(i * 1000 - 25000)));
    }
    await engine.dropTable(T1);
    expect(await engine.scanRange({ tableId: T1, limit: 1000 })).toEqual([]);
    expect(await engine.scanRange({ tableId: T2, limit: 1000 })).toHaveLength(50);
  });

  it('leaves schema and local state alone', async () => {
    await engine.local.put('host_id', 'abc');
    await engine.schema.put(meta('t', T1));
    await engine.dropTable(T1);
    expect(await engine.local.get('host_id')).toBe('abc');
    expect(await engine.schema.list()).toHaveLength(1);
  });
});

function meta(name: string, id: string): TableMeta {
  return {
    name,
    id,
    keySchema: { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } },
    attributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
    billingMode: 'PAY_PER_REQUEST',
    readCapacityUnits: 0,
    writeCapacityUnits: 0,
    creationDateTimeMs: 1_700_000_000_000,
    rf: 3,
    tags: { env: 'test' },
  };
}

describe('system state', () => {
  it('persists schema and local state across close and open', async () => {
    await engine.schema.put(meta('a', T1));
    await engine.schema.put(meta('b', T2));
    await engine.schema.remove('a');
    await engine.local.put('tokens', '1,2,3');
    await engine.apply(put({ hash: { S: 'k' } }, { x: { S: 'y' } }, 100));
    await engine.close();
    engine = await StorageEngine.open(join(dir, 'nested', 'db'));
    expect(await engine.schema.list()).toEqual([meta('b', T2)]);
    expect(await engine.local.get('tokens')).toBe('1,2,3');
    expect(await engine.local.get('missing')).toBeUndefined();
    expect(liveItem(await engine.read(T1, 1n, { hash: { S: 'k' } }))).toEqual({ x: { S: 'y' } });
  });

  it('keeps system keys out of table scans', async () => {
    await engine.local.put('host_id', 'abc');
    await engine.schema.put(meta('a', T1));
    expect(await engine.scanRange({ tableId: T1, limit: 10 })).toEqual([]);
  });

  it('reports data size once data reaches table files', async () => {
    await engine.close();
    engine = await StorageEngine.open(join(dir, 'sized'), { writeBufferSizeBytes: 4 * 1024 * 1024 });
    // A fresh database holds at most a few bytes of system state in its log.
    expect(await engine.approximateSizeBytes()).toBeLessThan(4096);
    // Random text, so LevelDB's compression cannot shrink it.
    for (let i = 0; i < 1000; i++) {
      await engine.apply(put({ hash: { N: String(i) } }, { big: { S: randomBytes(7500).toString('base64') } }, 100, T1, BigInt(i)));
    }
    // 10 MB is more than the 4 MB memtable, so most of it has been flushed.
    expect(await engine.approximateSizeBytes()).toBeGreaterThan(1_000_000);
  });

  it('counts writes still in the memtable, through the write-ahead log', async () => {
    await engine.close();
    engine = await StorageEngine.open(join(dir, 'unflushed'), { writeBufferSizeBytes: 4 * 1024 * 1024 });
    const empty = await engine.approximateSizeBytes();
    for (let i = 0; i < 100; i++) {
      await engine.apply(put({ hash: { N: String(i) } }, { big: { S: randomBytes(7500).toString('base64') } }, 100, T1, BigInt(i)));
    }
    // 1 MB written, far below the memtable size: nothing reached a table file yet.
    expect(await engine.approximateSizeBytes()).toBeGreaterThan(empty + 1_000_000);
  });
});

describe('record cache', () => {
  it('never serves a value older than the last acknowledged write', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'dynaring-cache-'));
    const cached = await StorageEngine.open(cacheDir);
    try {
      const key = { hash: { S: 'hot' } };
      // Reads racing writes to one key: each read must see a value at least as new as the
      // last write acknowledged before it started.
      let acknowledged = 0;
      const writes = (async () => {
        for (let i = 1; i <= 200; i++) {
          await cached.apply(put(key, { v: { N: String(i) } }, i * 10, T1, 7n));
          acknowledged = i;
        }
      })();
      const reads = (async () => {
        for (let i = 0; i < 400; i++) {
          const floor = acknowledged;
          const record = await cached.read(T1, 7n, key);
          const seen = record ? Number((liveItem(record)!.v as { N: string }).N) : 0;
          expect(seen).toBeGreaterThanOrEqual(floor);
        }
      })();
      await Promise.all([writes, reads]);
      const final = await cached.read(T1, 7n, key);
      expect(liveItem(final)!.v).toEqual({ N: '200' });
    } finally {
      await cached.close();
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});

describe('deleteTokenRange', () => {
  it('removes exactly the rows of one table in (after, end]', async () => {
    const dir2 = await mkdtemp(join(tmpdir(), 'dynaring-range-'));
    const db = await StorageEngine.open(dir2);
    try {
      for (const token of [-5n, 0n, 5n, 10n]) {
        await db.apply(put({ hash: { S: `k${token}` } }, { v: { N: '1' } }, 10, T1, token));
        await db.apply(put({ hash: { S: `k${token}` } }, { v: { N: '1' } }, 10, T2, token));
      }
      await db.deleteTokenRange(T1, -5n, 5n);
      const left = (await db.scanRange({ tableId: T1, limit: 10 })).map((r) => r.token);
      expect(left).toEqual([-5n, 10n]);
      expect((await db.scanRange({ tableId: T2, limit: 10 })).length).toBe(4);
      expect(await db.read(T1, 0n, { hash: { S: 'k0' } })).toBeNull();
    } finally {
      await db.close();
      await rm(dir2, { recursive: true, force: true });
    }
  });
});
