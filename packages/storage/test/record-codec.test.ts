import { describe, expect, it } from 'vitest';
import type { ItemRecord } from '@dynaring/core';
import { decodeRecord, encodeRecord } from '../src/record-codec.js';

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
