import { describe, expect, it } from 'vitest';
import {
  POINTER_CELL,
  decodePointerKey,
  indexKeyOf,
  liveItem,
  mergeRecords,
  pointerForRecord,
  pointerKey,
  pointerMutations,
  stampWrite,
  type AttributeMap,
  type ItemRecord,
  type ItemWrite,
  type KeySchema,
  type Mutation,
  type PrimaryKey,
  type ScalarKeyValue,
  type SecondaryIndexMeta,
} from '@dynaring/core';
import { seededRandom } from '../../../test/support/seeded-random.js';

const BASE_SCHEMA: KeySchema = { hash: { name: 'h', type: 'S' }, range: { name: 's', type: 'N' } };
const BASE_KEY: PrimaryKey = { hash: { S: 'item' }, range: { N: '1' } };
const INDEX: SecondaryIndexMeta = {
  name: 'byGR',
  kind: 'global',
  id: 'idx-gr',
  keySchema: { hash: { name: 'g', type: 'S' }, range: { name: 'r', type: 'N' } },
  projection: { type: 'KEYS_ONLY' },
  status: 'ACTIVE',
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  createdMs: 0,
};

// A fake token function: distinct per hash value, and visible in assertions.
const tokenOf = (hash: ScalarKeyValue): bigint => BigInt(Buffer.from(JSON.stringify(hash)).reduce((acc, b) => acc * 31 + b, 7) % 1_000_003);

const write = (w: ItemWrite, ts: number): Mutation => stampWrite('base', 0n, BASE_KEY, w, ts);
const put = (item: AttributeMap, ts: number) => write({ kind: 'put', item: { h: BASE_KEY.hash, s: BASE_KEY.range!, ...item } }, ts);
const update = (set: AttributeMap, remove: string[], ts: number) => write({ kind: 'update', set, remove }, ts);
const del = (ts: number) => write({ kind: 'delete' }, ts);
const merge = (record: ItemRecord | null, m: Mutation): ItemRecord => mergeRecords(record, { cells: m.cells, tombstoneMicros: m.itemTombstoneMicros });

/**
 * Applies the writes and returns every pointer mutation derived on the way, comparing the
 * record before and after each group of `groupSize()` writes (storage's group commit).
 */
function derive(writes: Mutation[], groupSize: () => number = () => 1): { record: ItemRecord | null; pointers: Mutation[] } {
  let record: ItemRecord | null = null;
  const pointers: Mutation[] = [];
  for (let i = 0; i < writes.length; ) {
    let after: ItemRecord | null = record;
    for (const w of writes.slice(i, i + groupSize())) {
      after = merge(after, w);
      i++;
    }
    pointers.push(...pointerMutations(INDEX, BASE_SCHEMA, BASE_KEY, record, after, tokenOf));
    record = after;
  }
  return { record, pointers };
}

/** Pointer rows after merging the mutations, by their key. */
function pointerRows(pointers: Mutation[], into = new Map<string, ItemRecord>()): Map<string, ItemRecord> {
  for (const p of pointers) {
    const id = JSON.stringify([p.tableId, String(p.token), p.key]);
    into.set(id, merge(into.get(id) ?? null, p));
  }
  return into;
}

const liveKeys = (rows: Map<string, ItemRecord>): string[] => [...rows].filter(([, r]) => liveItem(r) !== null).map(([id]) => id).sort();

/** The index key of a pointer mutation, and whether it puts or deletes. */
const describePointer = (m: Mutation) => ({
  indexKey: decodePointerKey(INDEX, BASE_SCHEMA, m.key).indexKey,
  live: m.cells[POINTER_CELL]!.value !== null,
  ts: m.cells[POINTER_CELL]!.timestampMicros,
});

describe('indexKeyOf', () => {
  it('takes the index key attributes of an item that has both with the declared types', () => {
    expect(indexKeyOf(INDEX, { g: { S: 'x' }, r: { N: '2' }, other: { S: 'o' } })).toEqual({ hash: { S: 'x' }, range: { N: '2' } });
  });

  it('leaves out items lacking a key attribute or holding one of another type', () => {
    expect(indexKeyOf(INDEX, null)).toBeUndefined();
    expect(indexKeyOf(INDEX, { g: { S: 'x' } })).toBeUndefined();
    expect(indexKeyOf(INDEX, { r: { N: '2' } })).toBeUndefined();
    expect(indexKeyOf(INDEX, { g: { N: '1' }, r: { N: '2' } })).toBeUndefined();
    expect(indexKeyOf(INDEX, { g: { S: 'x' }, r: { S: '2' } })).toBeUndefined();
    expect(indexKeyOf(INDEX, { g: { SS: ['x'] }, r: { N: '2' } })).toBeUndefined();
  });
});

describe('pointerMutations', () => {
  it('puts the pointer of a new item at the midpoint of its key cell timestamps, rounded up', () => {
    const { pointers } = derive([update({ g: { S: 'x' } }, [], 10), update({ r: { N: '5' } }, [], 20), update({ other: { S: 'o' } }, [], 30)]);
    expect(pointers).toHaveLength(1);
    const [p] = pointers;
    expect(p!.tableId).toBe('idx-gr');
    expect(p!.token).toBe(tokenOf({ S: 'x' }));
    expect(p!.key).toEqual(pointerKey(INDEX, BASE_SCHEMA, { hash: { S: 'x' }, range: { N: '5' } }, BASE_KEY));
    expect(p!.cells).toEqual({ [POINTER_CELL]: { value: { NULL: true }, timestampMicros: 15 } });
    expect(p!.itemTombstoneMicros).toBe(-1);
  });

  it('adds nothing when a write leaves the index key as it was', () => {
    const before = merge(null, put({ g: { S: 'x' }, r: { N: '5' }, a: { S: '1' } }, 10));
    const after = merge(before, put({ g: { S: 'x' }, r: { N: '5' }, a: { S: '2' } }, 20));
    expect(pointerMutations(INDEX, BASE_SCHEMA, BASE_KEY, before, after, tokenOf)).toEqual([]);
  });

  it('adds nothing for items outside the index', () => {
    const { pointers } = derive([put({ g: { S: 'x' } }, 10), update({ r: { S: 'not a number' } }, [], 20), update({ g: { N: '3' } }, [], 30)]);
    expect(pointers).toEqual([]);
  });

  it('moves the pointer when the key changes: delete and put at the midpoint of the new key timestamps', () => {
    const before = merge(null, put({ g: { S: 'x' }, r: { N: '5' } }, 10));
    const after = merge(before, update({ r: { N: '6' } }, [], 21));
    const pointers = pointerMutations(INDEX, BASE_SCHEMA, BASE_KEY, before, after, tokenOf).map(describePointer);
    expect(pointers).toEqual([
      { indexKey: { hash: { S: 'x' }, range: { N: '5' } }, live: false, ts: 15 },
      { indexKey: { hash: { S: 'x' }, range: { N: '6' } }, live: true, ts: 16 },
    ]);
  });

  it('deletes the pointer at the item tombstone when the item is deleted', () => {
    const before = merge(null, put({ g: { S: 'x' }, r: { N: '5' } }, 10));
    const after = merge(before, del(30));
    expect(pointerMutations(INDEX, BASE_SCHEMA, BASE_KEY, before, after, tokenOf).map(describePointer)).toEqual([
      { indexKey: { hash: { S: 'x' }, range: { N: '5' } }, live: false, ts: 30 },
    ]);
  });

  it('counts a removed key attribute at its cell tombstone and a retyped one at its new cell', () => {
    const before = merge(null, put({ g: { S: 'x' }, r: { N: '5' } }, 10));
    expect(pointerMutations(INDEX, BASE_SCHEMA, BASE_KEY, before, merge(before, update({}, ['r'], 30)), tokenOf).map(describePointer)).toEqual([
      { indexKey: { hash: { S: 'x' }, range: { N: '5' } }, live: false, ts: 20 },
    ]);
    expect(pointerMutations(INDEX, BASE_SCHEMA, BASE_KEY, before, merge(before, update({ g: { N: '1' } }, [], 31)), tokenOf).map(describePointer)).toEqual([
      { indexKey: { hash: { S: 'x' }, range: { N: '5' } }, live: false, ts: 20 },
    ]);
  });

  it('leaves only the final key live after A -> B -> A', () => {
    const a = { g: { S: 'a' }, r: { N: '1' } };
    const b = { g: { S: 'b' }, r: { N: '1' } };
    const { pointers } = derive([put(a, 10), put(b, 20), put(a, 30)]);
    expect(pointers.map(describePointer)).toEqual([
      { indexKey: { hash: { S: 'a' }, range: { N: '1' } }, live: true, ts: 10 },
      { indexKey: { hash: { S: 'a' }, range: { N: '1' } }, live: false, ts: 20 },
      { indexKey: { hash: { S: 'b' }, range: { N: '1' } }, live: true, ts: 20 },
      { indexKey: { hash: { S: 'b' }, range: { N: '1' } }, live: false, ts: 30 },
      { indexKey: { hash: { S: 'a' }, range: { N: '1' } }, live: true, ts: 30 },
    ]);
    const rows = pointerRows(pointers);
    expect(liveKeys(rows)).toEqual(liveKeys(pointerRows([pointerForRecord(INDEX, BASE_SCHEMA, BASE_KEY, merge(null, put(a, 30)), tokenOf)!])));
  });

  it('keeps an item in the index when a late delete and a newer write to the older key cell arrive after it', () => {
    // g=a@80 with r=1@30 is in the index; a delete@50 arrives late and removes r (not g);
    // then r=1@70 brings the item back. Every pointer shares the newest cell timestamp (80),
    // so only the older cell's timestamps can order the delete before the last put.
    const { record, pointers } = derive([put({ g: { S: 'a' }, r: { N: '1' } }, 30), update({ g: { S: 'a' } }, [], 80), del(50), update({ r: { N: '1' } }, [], 70)]);
    expect(indexKeyOf(INDEX, liveItem(record))).toEqual({ hash: { S: 'a' }, range: { N: '1' } });
    expect(pointers.map((p) => describePointer(p).live)).toEqual([true, false, true]);
    expect(liveKeys(pointerRows(pointers))).toHaveLength(1);
  });

  it('uses the key cell timestamp itself for a hash-only index', () => {
    const hashOnly: SecondaryIndexMeta = { ...INDEX, id: 'idx-g', keySchema: { hash: { name: 'g', type: 'S' } } };
    const before = merge(null, put({ g: { S: 'x' } }, 10));
    const after = merge(before, update({ g: { S: 'y' } }, [], 25));
    expect(pointerMutations(hashOnly, BASE_SCHEMA, BASE_KEY, null, before, tokenOf).map((m) => m.cells[POINTER_CELL])).toEqual([{ value: { NULL: true }, timestampMicros: 10 }]);
    expect(pointerMutations(hashOnly, BASE_SCHEMA, BASE_KEY, before, after, tokenOf).map((m) => m.cells[POINTER_CELL])).toEqual([
      { value: null, timestampMicros: 25 },
      { value: { NULL: true }, timestampMicros: 25 },
    ]);
  });

  it('ignores a late write the stored record already overrides', () => {
    const record = merge(null, put({ g: { S: 'x' }, r: { N: '5' } }, 30));
    expect(pointerMutations(INDEX, BASE_SCHEMA, BASE_KEY, record, merge(record, update({ r: { N: '9' } }, [], 20)), tokenOf)).toEqual([]);
  });
});

describe('pointerForRecord', () => {
  it('gives the live pointer of an indexed record at its key timestamp', () => {
    const record = merge(merge(null, put({ g: { S: 'x' }, r: { N: '5' } }, 10)), update({ r: { N: '7' } }, [], 15));
    const p = pointerForRecord(INDEX, BASE_SCHEMA, BASE_KEY, record, tokenOf)!;
    expect(describePointer(p)).toEqual({ indexKey: { hash: { S: 'x' }, range: { N: '7' } }, live: true, ts: 13 });
    expect(p.token).toBe(tokenOf({ S: 'x' }));
  });

  it('gives nothing for a record outside the index', () => {
    expect(pointerForRecord(INDEX, BASE_SCHEMA, BASE_KEY, merge(null, put({ g: { S: 'x' } }, 10)), tokenOf)).toBeUndefined();
    expect(pointerForRecord(INDEX, BASE_SCHEMA, BASE_KEY, merge(merge(null, put({ g: { S: 'x' }, r: { N: '1' } }, 10)), del(11)), tokenOf)).toBeUndefined();
  });
});

describe('pointer convergence', () => {
  const G = [{ S: 'a' }, { S: 'b' }, { N: '1' }];
  const R = [{ N: '1' }, { N: '-2.5' }, { S: 'x' }];

  function randomWrite(random: () => number, ts: number): Mutation {
    const value = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
    const roll = random();
    if (roll < 0.1) return del(ts);
    if (roll < 0.4) {
      const item: AttributeMap = { other: { S: String(ts) } };
      if (random() < 0.9) item['g'] = value(G);
      if (random() < 0.9) item['r'] = value(R);
      return put(item, ts);
    }
    const set: AttributeMap = {};
    const remove: string[] = [];
    for (const name of ['g', 'r', 'other']) {
      const r = random();
      if (r < 0.35) set[name] = name === 'g' ? value(G) : name === 'r' ? value(R) : { S: String(ts) };
      else if (r < 0.45) remove.push(name);
    }
    return update(set, remove, ts);
  }

  function shuffled<T>(random: () => number, xs: T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  it('replicas that saw the same writes in any order and grouping end with the pointers of the final record', () => {
    const random = seededRandom(6);
    for (let run = 0; run < 300; run++) {
      // Distinct timestamps: ties between different writes are the documented exception.
      const writes = Array.from({ length: 2 + Math.floor(random() * 8) }, (_, i) => randomWrite(random, 10 + i * 10));
      const replicas = Array.from({ length: 4 }, (_, i) => derive(shuffled(random, writes), i % 2 === 0 ? undefined : () => 1 + Math.floor(random() * 3)));
      const final = replicas[0]!.record!;
      const expectedPointer = pointerForRecord(INDEX, BASE_SCHEMA, BASE_KEY, final, tokenOf);
      const expected = expectedPointer ? liveKeys(pointerRows([expectedPointer])) : [];
      const merged = new Map<string, ItemRecord>();
      for (const replica of replicas) {
        expect(liveItem(replica.record)).toEqual(liveItem(final));
        expect(liveKeys(pointerRows(replica.pointers))).toEqual(expected);
        pointerRows(replica.pointers, merged);
      }
      // What repair does: merging the replicas' pointer rows changes no live pointer.
      expect(liveKeys(merged)).toEqual(expected);
    }
  });
});
