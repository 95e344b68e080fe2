import { describe, expect, it } from 'vitest';
import { liveItem, mergeRecords, reconcileCells, stampWrite, type ItemRecord } from '@dynaring/core';

const key = { hash: { S: 'k' } };

function applyAll(...records: { cells: ItemRecord['cells']; tombstoneMicros: number }[]): ItemRecord {
  return records.reduce<ItemRecord>((acc, r) => mergeRecords(acc, r), { cells: {}, tombstoneMicros: -1 });
}

const asRecord = (m: ReturnType<typeof stampWrite>) => ({ cells: m.cells, tombstoneMicros: m.itemTombstoneMicros });

describe('last-write-wins', () => {
  it('keeps the cell with the higher timestamp whatever the order of arrival', () => {
    const older = asRecord(stampWrite('t', 0n, key, { kind: 'update', set: { a: { S: 'old' } }, remove: [] }, 10));
    const newer = asRecord(stampWrite('t', 0n, key, { kind: 'update', set: { a: { S: 'new' } }, remove: [] }, 20));
    expect(liveItem(applyAll(older, newer))).toEqual({ a: { S: 'new' } });
    expect(liveItem(applyAll(newer, older))).toEqual({ a: { S: 'new' } });
  });

  it('breaks timestamp ties with the tombstone first, then the larger value', () => {
    const tomb = { value: null, timestampMicros: 5 };
    const small = { value: { S: 'a' }, timestampMicros: 5 };
    const large = { value: { S: 'b' }, timestampMicros: 5 };
    expect(reconcileCells(small, tomb)).toBe(tomb);
    expect(reconcileCells(tomb, large)).toBe(tomb);
    expect(reconcileCells(small, large)).toBe(large);
    expect(reconcileCells(large, small)).toBe(large);
  });

  it('gives PutItem replace semantics: older attributes disappear, a later update survives', () => {
    const first = asRecord(stampWrite('t', 0n, key, { kind: 'put', item: { k: { S: 'k' }, a: { N: '1' } } }, 10));
    const replace = asRecord(stampWrite('t', 0n, key, { kind: 'put', item: { k: { S: 'k' }, b: { N: '2' } } }, 20));
    const later = asRecord(stampWrite('t', 0n, key, { kind: 'update', set: { c: { N: '3' } }, remove: [] }, 30));
    expect(liveItem(applyAll(first, later, replace))).toEqual({ k: { S: 'k' }, b: { N: '2' }, c: { N: '3' } });
  });

  it('merges concurrent updates of different attributes cell by cell', () => {
    const u1 = asRecord(stampWrite('t', 0n, key, { kind: 'update', set: { a: { N: '1' } }, remove: [] }, 10));
    const u2 = asRecord(stampWrite('t', 0n, key, { kind: 'update', set: { b: { N: '2' } }, remove: [] }, 11));
    expect(liveItem(applyAll(u2, u1))).toEqual({ a: { N: '1' }, b: { N: '2' } });
  });

  it('a delete removes every cell written at or before it, and nothing after', () => {
    const put = asRecord(stampWrite('t', 0n, key, { kind: 'put', item: { a: { N: '1' } } }, 10));
    const del = asRecord(stampWrite('t', 0n, key, { kind: 'delete' }, 20));
    const after = asRecord(stampWrite('t', 0n, key, { kind: 'update', set: { b: { N: '2' } }, remove: [] }, 30));
    expect(liveItem(applyAll(put, del))).toBeNull();
    expect(liveItem(applyAll(after, del, put))).toEqual({ b: { N: '2' } });
  });
});
