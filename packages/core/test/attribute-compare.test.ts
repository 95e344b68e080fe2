import { describe, expect, it } from 'vitest';
import { attributeMapsEqual, attributeValuesEqual, compareBinaries, compareScalars, utf8Compare } from '@dynaring/core';

const b64 = (...bytes: number[]) => Buffer.from(bytes).toString('base64');

describe('utf8Compare', () => {
  it('orders by code point where UTF-16 order differs (surrogate pairs after U+E000..U+FFFF)', () => {
    const smiley = '\u{1F600}'; // UTF-8 F0 9F 98 80, UTF-16 D83D DE00
    const halfwidth = '\uFF61'; // UTF-8 EF BD A1, UTF-16 FF61
    expect(smiley < halfwidth).toBe(true); // JavaScript's order
    expect(utf8Compare(smiley, halfwidth)).toBe(1);
    expect(utf8Compare(halfwidth, smiley)).toBe(-1);
    expect(Buffer.compare(Buffer.from(smiley), Buffer.from(halfwidth))).toBe(1);
  });

  it('puts a prefix first and equal strings level', () => {
    expect(utf8Compare('ab', 'abc')).toBe(-1);
    expect(utf8Compare('abc', 'ab')).toBe(1);
    expect(utf8Compare('', '')).toBe(0);
    expect(utf8Compare('a\u{1F600}', 'a\u{1F600}')).toBe(0);
  });

  it('orders upper case before lower case (bytes, not locale)', () => {
    expect(utf8Compare('Z', 'a')).toBe(-1);
  });

  it('agrees with comparing the UTF-8 bytes on mixed text', () => {
    const words = ['a', 'é', 'z', '\u{10000}', '\uFFFF', '中', 'ab', '', '\u007F', '\u0080'];
    for (const x of words) {
      for (const y of words) {
        expect(utf8Compare(x, y)).toBe(Buffer.compare(Buffer.from(x), Buffer.from(y)));
      }
    }
  });
});

describe('compareScalars', () => {
  it('compares numbers by value', () => {
    expect(compareScalars({ N: '9' }, { N: '10' })).toBe(-1);
    expect(compareScalars({ N: '-1' }, { N: '-2' })).toBe(1);
    expect(compareScalars({ N: '1.0' }, { N: '1' })).toBe(0);
  });

  it('compares strings by UTF-8 bytes', () => {
    expect(compareScalars({ S: '\u{1F600}' }, { S: '\uFF61' })).toBe(1);
  });

  it('compares binaries by unsigned bytes', () => {
    expect(compareScalars({ B: b64(0x7f) }, { B: b64(0x80) })).toBe(-1);
    expect(compareScalars({ B: b64(0xff) }, { B: b64(0x00, 0x00) })).toBe(1);
    expect(compareScalars({ B: b64(1, 2) }, { B: b64(1, 2, 0) })).toBe(-1);
    expect(compareBinaries(b64(5), b64(5))).toBe(0);
  });

  it('refuses to compare different types', () => {
    expect(() => compareScalars({ S: '1' }, { N: '1' })).toThrow();
  });
});

describe('attributeValuesEqual', () => {
  it('requires the same type', () => {
    expect(attributeValuesEqual({ S: '1' }, { N: '1' })).toBe(false);
    expect(attributeValuesEqual({ SS: ['a'] }, { S: 'a' })).toBe(false);
    expect(attributeValuesEqual({ L: [] }, { M: {} })).toBe(false);
  });

  it('compares numbers by value and binaries by bytes', () => {
    expect(attributeValuesEqual({ N: '1000' }, { N: '1e3' })).toBe(true);
    expect(attributeValuesEqual({ N: '1' }, { N: '2' })).toBe(false);
    expect(attributeValuesEqual({ B: b64(1, 2) }, { B: b64(1, 2) })).toBe(true);
    expect(attributeValuesEqual({ B: b64(1, 2) }, { B: b64(1, 3) })).toBe(false);
  });

  it('compares scalars BOOL and NULL', () => {
    expect(attributeValuesEqual({ BOOL: true }, { BOOL: true })).toBe(true);
    expect(attributeValuesEqual({ BOOL: true }, { BOOL: false })).toBe(false);
    expect(attributeValuesEqual({ NULL: true }, { NULL: true })).toBe(true);
  });

  it('compares sets regardless of order', () => {
    expect(attributeValuesEqual({ SS: ['a', 'b'] }, { SS: ['b', 'a'] })).toBe(true);
    expect(attributeValuesEqual({ SS: ['a', 'b'] }, { SS: ['a', 'c'] })).toBe(false);
    expect(attributeValuesEqual({ SS: ['a'] }, { SS: ['a', 'b'] })).toBe(false);
    expect(attributeValuesEqual({ NS: ['1', '2.0'] }, { NS: ['2', '1.00'] })).toBe(true);
    expect(attributeValuesEqual({ BS: [b64(1), b64(2)] }, { BS: [b64(2), b64(1)] })).toBe(true);
  });

  it('compares lists in order, deeply', () => {
    expect(attributeValuesEqual({ L: [{ N: '1' }, { S: 'x' }] }, { L: [{ N: '1.0' }, { S: 'x' }] })).toBe(true);
    expect(attributeValuesEqual({ L: [{ N: '1' }, { S: 'x' }] }, { L: [{ S: 'x' }, { N: '1' }] })).toBe(false);
    expect(attributeValuesEqual({ L: [{ N: '1' }] }, { L: [{ N: '1' }, { N: '1' }] })).toBe(false);
  });

  it('compares maps by entries regardless of key order, deeply', () => {
    const a = { M: { x: { N: '1' }, y: { M: { z: { SS: ['p', 'q'] } } } } };
    const b = { M: { y: { M: { z: { SS: ['q', 'p'] } } }, x: { N: '1.0' } } };
    expect(attributeValuesEqual(a, b)).toBe(true);
    expect(attributeValuesEqual(a, { M: { x: { N: '1' } } })).toBe(false);
    expect(attributeValuesEqual({ M: { x: { N: '1' } } }, { M: { y: { N: '1' } } })).toBe(false);
  });

  it('compares whole items with attributeMapsEqual', () => {
    expect(attributeMapsEqual({ a: { S: 'x' }, b: { N: '2' } }, { b: { N: '2' }, a: { S: 'x' } })).toBe(true);
    expect(attributeMapsEqual({ a: { S: 'x' } }, { a: { S: 'x' }, b: { N: '2' } })).toBe(false);
  });
});
