import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mutation, TokenSpan } from '@dynaring/core';
import { EMPTY_LEAF_HASH, StorageEngine, merkleLeafBounds } from '../src/index.js';

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const MIN_TOKEN = -(2n ** 63n);
const MAX_TOKEN = 2n ** 63n - 1n;
const WHOLE: TokenSpan = { afterToken: MIN_TOKEN, endToken: MAX_TOKEN };
const DEPTH = 4;

let dir: string;
let a: StorageEngine;
let b: StorageEngine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dynaring-merkle-'));
  a = await StorageEngine.open(join(dir, 'a'));
  b = await StorageEngine.open(join(dir, 'b'));
});

afterEach(async () => {
  await a.close();
  await b.close();
  await rm(dir, { recursive: true, force: true });
});

/** Items spread over the ring, several per leaf of a depth-4 tree. */
function items(count: number, ts = 1_000): Mutation[] {
  return Array.from({ length: count }, (_, i) => {
    const token = MIN_TOKEN + ((MAX_TOKEN - MIN_TOKEN) * BigInt(i)) / BigInt(count) + 1n;
    return {
      tableId: T1,
      token,
      key: { hash: { S: `k${i}` } },
      cells: {
        pk: { value: { S: `k${i}` }, timestampMicros: ts },
        doc: { value: { M: { x: { N: String(i) }, y: { L: [{ S: 'a' }] } } }, timestampMicros: ts },
        gone: { value: null, timestampMicros: ts + 1 },
      },
      itemTombstoneMicros: ts - 1,
    };
  });
}

/** The leaf of a tree of DEPTH over WHOLE that holds `token`. */
function leafOf(token: bigint): number {
  const bounds = merkleLeafBounds(WHOLE, DEPTH);
  return bounds.findIndex((bound, i) => i > 0 && token > bounds[i - 1]! && token <= bound) - 1;
}

describe('merkleLeafBounds', () => {
  it('splits (after, end] into 2^depth contiguous sub-ranges covering it exactly', () => {
    const bounds = merkleLeafBounds({ afterToken: -10n, endToken: 22n }, 3);
    expect(bounds).toEqual([-10n, -6n, -2n, 2n, 6n, 10n, 14n, 18n, 22n]);
  });

  it('rejects a wrapping range and a depth out of bounds', () => {
    expect(() => merkleLeafBounds({ afterToken: 5n, endToken: 5n }, 3)).toThrow(RangeError);
    expect(() => merkleLeafBounds(WHOLE, 21)).toThrow(RangeError);
  });
});

describe('merkleTree', () => {
  it('answers 2^depth constant leaves for a range without rows', async () => {
    expect(await a.merkleTree(T1, WHOLE, DEPTH)).toEqual(new Array(16).fill(EMPTY_LEAF_HASH));
  });

  it('answers identical leaves for replicas with identical data written in a different order', async () => {
    const data = items(50);
    for (const m of data) await a.apply(m);
    for (const m of [...data].reverse()) await b.apply(m);
    // Another table's rows are not part of this table's tree.
    await b.apply({ ...data[0]!, tableId: T2 });
    const leaves = await a.merkleTree(T1, WHOLE, DEPTH);
    expect(leaves).toHaveLength(16);
    expect(new Set(leaves).size).toBe(16);
    expect(await b.merkleTree(T1, WHOLE, DEPTH)).toEqual(leaves);
  });

  it('differs in exactly the leaf holding a cell with another timestamp', async () => {
    const data = items(50);
    for (const m of data) {
      await a.apply(m);
      await b.apply(m);
    }
    const changed = data[17]!;
    await b.apply({ ...changed, cells: { doc: { value: changed.cells.doc!.value, timestampMicros: 5_000 } } });
    const left = await a.merkleTree(T1, WHOLE, DEPTH);
    const right = await b.merkleTree(T1, WHOLE, DEPTH);
    const differing = left.flatMap((leaf, i) => (leaf === right[i] ? [] : [i]));
    expect(differing).toEqual([leafOf(changed.token)]);
  });

  it('differs where one replica has an item tombstone the other lacks, and where a row is missing', async () => {
    const data = items(50);
    for (const m of data) await a.apply(m);
    for (const m of data.slice(1)) await b.apply(m);
    await a.apply({ ...data[40]!, cells: {}, itemTombstoneMicros: 9_000 });
    const left = await a.merkleTree(T1, WHOLE, DEPTH);
    const right = await b.merkleTree(T1, WHOLE, DEPTH);
    const differing = left.flatMap((leaf, i) => (leaf === right[i] ? [] : [i]));
    expect(differing).toEqual([leafOf(data[0]!.token), leafOf(data[40]!.token)]);
  });

  it('covers only the rows inside a sub-range', async () => {
    const data = items(50);
    for (const m of data) await a.apply(m);
    const span = { afterToken: data[9]!.token, endToken: data[19]!.token };
    const leaves = await a.merkleTree(T1, span, 1);
    // Both halves hold some of tokens 10..19 and nothing else; data[9] itself is excluded.
    expect(leaves.every((leaf) => leaf !== EMPTY_LEAF_HASH)).toBe(true);
    for (const m of data.slice(10, 20)) await b.apply(m);
    expect(await b.merkleTree(T1, span, 1)).toEqual(leaves);
  });
});
