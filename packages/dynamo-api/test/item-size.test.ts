import { describe, expect, it } from 'vitest';
import type { AttributeMap } from '@dynaring/core';
import { DynamoApiError } from '../src/errors.js';
import {
  ITEM_TOO_LARGE,
  MAX_ITEM_SIZE_BYTES,
  UPDATED_ITEM_TOO_LARGE,
  checkItemSize,
  itemSizeBytes,
  numberSizeBytes,
  valueSizeBytes,
} from '../src/item-size.js';

const b64 = (n: number) => Buffer.alloc(n, 7).toString('base64');

describe('valueSizeBytes', () => {
  it('counts strings in UTF-8 bytes', () => {
    expect(valueSizeBytes({ S: 'abc' })).toBe(3);
    expect(valueSizeBytes({ S: 'é' })).toBe(2);
    expect(valueSizeBytes({ S: '\u{1F600}' })).toBe(4);
    expect(valueSizeBytes({ S: '' })).toBe(0);
  });

  it('counts binaries by raw bytes, not base64 length', () => {
    expect(valueSizeBytes({ B: b64(10) })).toBe(10);
  });

  it('counts BOOL and NULL as 1 byte', () => {
    expect(valueSizeBytes({ BOOL: false })).toBe(1);
    expect(valueSizeBytes({ NULL: true })).toBe(1);
  });

  it('sums set members', () => {
    expect(valueSizeBytes({ SS: ['ab', 'cde'] })).toBe(5);
    expect(valueSizeBytes({ BS: [b64(2), b64(3)] })).toBe(5);
    expect(valueSizeBytes({ NS: ['1', '-1'] })).toBe(2 + 3);
  });

  it('adds 3 bytes per list or map and 1 per element', () => {
    expect(valueSizeBytes({ L: [] })).toBe(3);
    expect(valueSizeBytes({ M: {} })).toBe(3);
    expect(valueSizeBytes({ L: [{ S: 'xy' }, { BOOL: true }] })).toBe(3 + (1 + 2) + (1 + 1));
    expect(valueSizeBytes({ M: { ab: { S: 'xyz' } } })).toBe(3 + 1 + 2 + 3);
    expect(valueSizeBytes({ M: { a: { L: [{ M: {} }] } } })).toBe(3 + 1 + 1 + (3 + 1 + 3));
  });
});

describe('numberSizeBytes', () => {
  it('counts zero as 1 byte', () => {
    expect(numberSizeBytes('0')).toBe(1);
  });

  it('is 1 byte plus 1 per two digits when the digits pair up on the decimal point', () => {
    expect(numberSizeBytes('1')).toBe(2);
    expect(numberSizeBytes('12')).toBe(2);
    expect(numberSizeBytes('123')).toBe(3);
    expect(numberSizeBytes('12345')).toBe(4);
    expect(numberSizeBytes('1' + '0'.repeat(125))).toBe(2);
    expect(numberSizeBytes('11' + '0'.repeat(124))).toBe(2);
  });

  it('needs one more byte when the digits straddle a pair boundary', () => {
    expect(numberSizeBytes('1.2')).toBe(3); // 01 | 20
    expect(numberSizeBytes('12.3456')).toBe(4); // 12 | 34 | 56
    expect(numberSizeBytes('1.23456')).toBe(5); // 01 | 23 | 45 | 60
    expect(numberSizeBytes('0.12')).toBe(2); // .12
    expect(numberSizeBytes('0.012')).toBe(3); // .01 | 20
  });

  it('adds a byte for negative numbers', () => {
    expect(numberSizeBytes('-1')).toBe(3);
    expect(numberSizeBytes('-12.3456')).toBe(5);
  });

  // The thresholds of dynalite's putItem tests, checked there against DynamoDB.
  it.each([
    ['1'.repeat(38) + '0'.repeat(88), 20],
    ['11111' + '0'.repeat(121), 4],
    ['111111' + '0'.repeat(120), 4],
    ['1111111' + '0'.repeat(119), 5],
  ])('sizes %s as %i bytes', (n, size) => {
    expect(numberSizeBytes(n)).toBe(size);
  });
});

describe('itemSizeBytes', () => {
  it('adds UTF-8 attribute name lengths to value sizes', () => {
    const item: AttributeMap = { id: { S: 'abc' }, n: { N: '12345' }, flag: { BOOL: true }, l: { L: [{ S: 'xy' }] }, é: { NULL: true } };
    expect(itemSizeBytes(item)).toBe(2 + 3 + (1 + 4) + (4 + 1) + (1 + 3 + 1 + 2) + (2 + 1));
  });

  it('counts an empty item as 0', () => {
    expect(itemSizeBytes({})).toBe(0);
  });
});

describe('checkItemSize', () => {
  const itemOf = (total: number): AttributeMap => ({ a: { S: 'k' }, b: { S: 'x'.repeat(total - 3) } });

  it('allows exactly 400 KB', () => {
    expect(MAX_ITEM_SIZE_BYTES).toBe(409600);
    expect(itemSizeBytes(itemOf(MAX_ITEM_SIZE_BYTES))).toBe(MAX_ITEM_SIZE_BYTES);
    expect(() => checkItemSize(itemOf(MAX_ITEM_SIZE_BYTES))).not.toThrow();
  });

  it('refuses one byte more with PutItem\'s message', () => {
    try {
      checkItemSize(itemOf(MAX_ITEM_SIZE_BYTES + 1));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DynamoApiError);
      expect((err as DynamoApiError).type).toBe('ValidationException');
      expect((err as DynamoApiError).message).toBe('Item size has exceeded the maximum allowed size');
    }
  });

  it('uses the message it is given, for UpdateItem', () => {
    expect(ITEM_TOO_LARGE).toBe('Item size has exceeded the maximum allowed size');
    expect(() => checkItemSize(itemOf(MAX_ITEM_SIZE_BYTES + 1), UPDATED_ITEM_TOO_LARGE)).toThrow(
      'Item size to update has exceeded the maximum allowed size',
    );
  });

  it('counts a big number near the limit as DynamoDB does (dynalite "big number attribute")', () => {
    const n = '1'.repeat(38) + '0'.repeat(88);
    const filler = (len: number): AttributeMap => ({ a: { S: 'k' }, b: { S: 'x'.repeat(len) }, c: { N: n } });
    // names 3 bytes + 'k' 1 + number 20
    expect(() => checkItemSize(filler(MAX_ITEM_SIZE_BYTES - 24))).not.toThrow();
    expect(() => checkItemSize(filler(MAX_ITEM_SIZE_BYTES - 23))).toThrow(ITEM_TOO_LARGE);
  });
});
