import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, mergeRecords, mutationRecordText, reusableRecordText, stampWrite, type ItemRecord, type Mutation } from '@dynaring/core';

describe('record codec', () => {
  it('round-trips cells sharing one timestamp', () => {
    const record: ItemRecord = {
      tombstoneMicros: 99,
      cells: {
        pk: { value: { S: 'a' }, timestampMicros: 100 },
        n: { value: { N: '-1.5' }, timestampMicros: 100 },
        m: { value: { M: { l: { L: [{ BOOL: true }, { NULL: true }, { SS: ['x', 'y'] }] } } }, timestampMicros: 100 },
      },
    };
    expect(decodeRecord(encodeRecord(record))).toEqual(record);
  });

  it('round-trips cells with their own timestamps and cell tombstones', () => {
    const record: ItemRecord = {
      tombstoneMicros: -1,
      cells: {
        a: { value: { S: 'x' }, timestampMicros: 1_700_000_000_000_001 },
        b: { value: null, timestampMicros: 1_700_000_000_000_002 },
        c: { value: { B: 'AAE=' }, timestampMicros: 5 },
      },
    };
    expect(decodeRecord(encodeRecord(record))).toEqual(record);
  });

  it('round-trips an empty record (a bare item tombstone)', () => {
    const record: ItemRecord = { tombstoneMicros: 42, cells: {} };
    expect(decodeRecord(encodeRecord(record))).toEqual(record);
  });

  it('keeps an attribute named __proto__ as a cell', () => {
    const cells = JSON.parse('{"__proto__":{"value":{"S":"p"},"timestampMicros":7}}') as ItemRecord['cells'];
    const decoded = decodeRecord(encodeRecord({ tombstoneMicros: -1, cells }));
    expect(Object.keys(decoded.cells)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(decoded.cells)).toBe(Object.prototype);
    expect(decoded.cells['__proto__']).toEqual({ value: { S: 'p' }, timestampMicros: 7 });
  });

  it('is smaller than the plain JSON of the record', () => {
    const cells: ItemRecord['cells'] = {};
    for (let i = 0; i < 10; i++) cells[`attr${i}`] = { value: { S: `value ${i}` }, timestampMicros: 1_700_000_000_000_000 };
    const record: ItemRecord = { tombstoneMicros: 1_699_999_999_999_999, cells };
    expect(encodeRecord(record).length).toBeLessThan(JSON.stringify(record).length / 1.5);
  });
});

describe('a mutation\'s encoded record', () => {
  const TS = 1_700_000_000_000_000;
  const put = (item: Record<string, string>, ts = TS): Mutation =>
    stampWrite('t', 1n, { hash: { S: 'k' } }, { kind: 'put', item: Object.fromEntries(Object.entries(item).map(([n, v]) => [n, { S: v }])) }, ts);
  const merge = (stored: ItemRecord | null, m: Mutation) => mergeRecords(stored, { cells: m.cells, tombstoneMicros: m.itemTombstoneMicros });

  it('is encoded once, and again for a copy with other cells', () => {
    const m = put({ k: 'k', v: 'one' });
    const text = mutationRecordText(m);
    expect(mutationRecordText(m)).toBe(text);
    expect(decodeRecord(text)).toEqual({ cells: { ...m.cells }, tombstoneMicros: m.itemTombstoneMicros });
    const copy: Mutation = { ...m, cells: put({ k: 'k', v: 'two' }).cells };
    expect(decodeRecord(mutationRecordText(copy)).cells['v']!.value).toEqual({ S: 'two' });
  });

  it('is what a put over an older item stores, with the liveness encodeRecord reports', () => {
    const older = merge(null, put({ k: 'k', gone: 'x' }, TS - 10));
    const m = put({ k: 'k', v: 'new' });
    const text = mutationRecordText(m);
    const merged = merge(older, m);
    const liveness = { live: false };
    expect(reusableRecordText(merged, m, liveness)).toBe(text);
    expect(liveness.live).toBe(true);
    expect(decodeRecord(text)).toEqual(decodeRecord(encodeRecord(merged)));
  });

  it('is not reused when the merge kept a stored cell, dropped a sent one or moved the tombstone', () => {
    const update: Mutation = { tableId: 't', token: 1n, key: { hash: { S: 'k' } }, cells: { v: { value: { S: 'u' }, timestampMicros: TS } }, itemTombstoneMicros: -1 };
    mutationRecordText(update);
    const stored = merge(null, put({ k: 'k' }, TS - 10));
    expect(reusableRecordText(merge(stored, update), update, { live: false })).toBeUndefined();

    const stale = put({ k: 'k', v: 'stale' }, TS - 20); // loses to the newer stored tombstone
    mutationRecordText(stale);
    const newer = merge(null, stampWrite('t', 1n, { hash: { S: 'k' } }, { kind: 'delete' }, TS));
    expect(reusableRecordText(merge(newer, stale), stale, { live: false })).toBeUndefined();
  });

  it('is not reused for a mutation nobody encoded, nor for another mutation\'s merge', () => {
    const m = put({ k: 'k', v: 'x' });
    expect(reusableRecordText(merge(null, m), m, { live: false })).toBeUndefined();
    const other = put({ k: 'k', v: 'x' });
    mutationRecordText(m);
    expect(reusableRecordText(merge(null, other), m, { live: false })).toBeUndefined();
  });

  it('reports a delete\'s record as not live', () => {
    const del = stampWrite('t', 1n, { hash: { S: 'k' } }, { kind: 'delete' }, TS);
    const text = mutationRecordText(del);
    const liveness = { live: true };
    expect(reusableRecordText(merge(merge(null, put({ k: 'k' }, TS - 5)), del), del, liveness)).toBe(text);
    expect(liveness.live).toBe(false);
  });
});
