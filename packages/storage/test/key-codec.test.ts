import { describe, expect, it } from 'vitest';
import type { PrimaryKey, ScalarKeyValue } from '@dynaring/core';
import {
  decodeDataKey,
  decodeRangeKey,
  encodeDataKey,
  partitionPrefix,
  prefixEnd,
  rangeKeyBound,
  tablePrefix,
  tokenPrefix,
} from '../src/key-codec.js';
import { randomInt, seededRandom } from './random.js';

const TABLE = '0f8fad5b-d9cb-469f-a165-70867728950e';
const MIN_TOKEN = -(2n ** 63n);
const MAX_TOKEN = 2n ** 63n - 1n;

function randomBigInt64(random: () => number): bigint {
  const hi = BigInt(randomInt(random, 0, 0xffffffff));
  const lo = BigInt(randomInt(random, 0, 0xffffffff));
  return BigInt.asIntN(64, (hi << 32n) | lo);
}

function randomString(random: () => number): string {
  // Mix ASCII, BMP characters above the surrogates and astral characters: JS's UTF-16 order
  // differs from UTF-8 byte order exactly there.
  const pools = [[0x20, 0x7e], [0x80, 0x7ff], [0xe000, 0xffff], [0x10000, 0x10ffff]] as const;
  let s = '';
  const length = randomInt(random, 0, 8);
  for (let i = 0; i < length; i++) {
    const [lo, hi] = pools[randomInt(random, 0, 3)]!;
    s += String.fromCodePoint(randomInt(random, lo, hi));
  }
  return s;
}

function randomBinary(random: () => number): string {
  const bytes = Buffer.alloc(randomInt(random, 1, 8));
  for (let i = 0; i < bytes.length; i++) bytes[i] = random() < 0.2 ? 0xff : random() < 0.2 ? 0 : randomInt(random, 0, 255);
  return bytes.toString('base64');
}

/** DynamoDB's string order: by UTF-8 bytes, which is code point order. */
function compareCodePoints(a: string, b: string): number {
  const ca = Array.from(a, (c) => c.codePointAt(0)!);
  const cb = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i]! - cb[i]!;
  return ca.length - cb.length;
}

const sortByKey = <T>(values: T[], keyOf: (v: T) => Buffer) => [...values].sort((a, b) => Buffer.compare(keyOf(a), keyOf(b)));

describe('key codec', () => {
  it('round-trips every combination of hash and range key types', () => {
    const samples: ScalarKeyValue[] = [{ S: 'user#1' }, { S: '' }, { S: 'ü😀' }, { N: '-12.5' }, { N: '0' }, { N: '1' + '0'.repeat(100) }, { B: 'AAEC/w==' }];
    for (const hash of samples.filter((v) => !('S' in v && v.S === ''))) {
      for (const range of [undefined, ...samples]) {
        for (const token of [MIN_TOKEN, -1n, 0n, 1n, MAX_TOKEN]) {
          const key: PrimaryKey = range === undefined ? { hash } : { hash, range };
          const decoded = decodeDataKey(encodeDataKey(TABLE, token, key), tablePrefix(TABLE).length);
          expect(decoded).toEqual({ token, key });
        }
      }
    }
  });

  it('orders tokens as signed 64-bit integers', () => {
    const random = seededRandom(10);
    const tokens = [MIN_TOKEN, MAX_TOKEN, 0n, -1n, 1n, ...Array.from({ length: 500 }, () => randomBigInt64(random))];
    const byKey = sortByKey(tokens, (t) => encodeDataKey(TABLE, t, { hash: { S: 'a' } }));
    expect(byKey).toEqual([...tokens].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('orders string range keys by UTF-8 bytes within a partition', () => {
    const random = seededRandom(11);
    const values = Array.from({ length: 1000 }, () => randomString(random));
    const byKey = sortByKey(values, (v) => encodeDataKey(TABLE, 7n, { hash: { S: 'h' }, range: { S: v } }));
    expect(byKey).toEqual([...values].sort(compareCodePoints));
  });

  it('orders binary range keys by unsigned bytes within a partition', () => {
    const random = seededRandom(12);
    const values = Array.from({ length: 1000 }, () => randomBinary(random));
    const byKey = sortByKey(values, (v) => encodeDataKey(TABLE, 7n, { hash: { N: '5' }, range: { B: v } }));
    expect(byKey).toEqual([...values].sort((a, b) => Buffer.compare(Buffer.from(a, 'base64'), Buffer.from(b, 'base64'))));
  });

  it('keeps a partition contiguous: its keys start with its prefix and no other partition does', () => {
    const a = partitionPrefix(TABLE, 1n, { S: 'ab' });
    const longerHash = encodeDataKey(TABLE, 1n, { hash: { S: 'abc' }, range: { S: 'x' } });
    const sameHash = encodeDataKey(TABLE, 1n, { hash: { S: 'ab' }, range: { S: 'cx' } });
    expect(sameHash.subarray(0, a.length)).toEqual(a);
    expect(longerHash.subarray(0, a.length).equals(a)).toBe(false);
    expect(decodeRangeKey(sameHash, a.length)).toEqual({ S: 'cx' });
    expect(decodeRangeKey(encodeDataKey(TABLE, 1n, { hash: { S: 'ab' } }), a.length)).toBeUndefined();
  });

  it('never interleaves two tables, even when one id is a prefix of the other', () => {
    const short = tablePrefix('t1');
    const end = prefixEnd(short);
    const inside = encodeDataKey('t1', MAX_TOKEN, { hash: { B: '/w==' }, range: { S: '\u{10ffff}' } });
    const other = encodeDataKey('t10', MIN_TOKEN, { hash: { S: 'a' } });
    expect(Buffer.compare(inside, short)).toBeGreaterThan(0);
    expect(Buffer.compare(inside, end)).toBeLessThan(0);
    expect(Buffer.compare(other, short) > 0 && Buffer.compare(other, end) < 0).toBe(false);
  });

  it('builds range bounds that sort like the values they bound', () => {
    const partition = partitionPrefix(TABLE, 3n, { S: 'h' });
    const bound = rangeKeyBound(partition, { N: '10' });
    const nine = encodeDataKey(TABLE, 3n, { hash: { S: 'h' }, range: { N: '9' } });
    const ten = encodeDataKey(TABLE, 3n, { hash: { S: 'h' }, range: { N: '10.0' } });
    const eleven = encodeDataKey(TABLE, 3n, { hash: { S: 'h' }, range: { N: '11' } });
    expect(Buffer.compare(nine, bound)).toBe(-1);
    expect(Buffer.compare(ten, bound)).toBe(0);
    expect(Buffer.compare(eleven, bound)).toBe(1);
  });

  it('puts every key of a token between its token prefix and the next token', () => {
    const prefix = tokenPrefix(TABLE, 5n);
    const key = encodeDataKey(TABLE, 5n, { hash: { S: 'z'.repeat(300) } });
    expect(key.subarray(0, prefix.length)).toEqual(prefix);
    expect(Buffer.compare(key, tokenPrefix(TABLE, 6n))).toBe(-1);
  });
});
