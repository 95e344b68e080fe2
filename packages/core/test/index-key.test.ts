import { describe, expect, it } from 'vitest';
import {
  POINTER_RANGE_ATTRIBUTE,
  canonicalNumber,
  compareScalars,
  decodePointerKey,
  encodeIndexComponent,
  encodeNumber,
  pointerBounds,
  pointerKey,
  pointerTableMeta,
  type KeySchema,
  type PrimaryKey,
  type RangeKeyBounds,
  type ScalarKeyType,
  type ScalarKeyValue,
  type SecondaryIndexMeta,
  type TableMeta,
} from '@dynaring/core';
import { seededRandom } from '../../../test/support/seeded-random.js';

type Random = () => number;
const pick = <T>(random: Random, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

// Small alphabets, so that ties, shared prefixes and embedded 0x00 bytes are frequent.
const STRING_CHARS = ['\u0000', '\u0001', 'a', 'b', '\u00ff', '\u{1f600}'];
const BINARY_BYTES = [0x00, 0x01, 0x7f, 0xfe, 0xff];
const NUMBER_DIGITS = ['0', '1', '5', '9'];

function randomValue(random: Random, type: ScalarKeyType): ScalarKeyValue {
  const length = Math.floor(random() * 4);
  if (type === 'S') return { S: Array.from({ length }, () => pick(random, STRING_CHARS)).join('') };
  if (type === 'B') return { B: Buffer.from(Array.from({ length }, () => pick(random, BINARY_BYTES))).toString('base64') };
  if (random() < 0.1) return { N: '0' };
  const digits = Array.from({ length: 1 + length }, () => pick(random, NUMBER_DIGITS)).join('');
  const exponent = Math.floor(random() * 9) - 4;
  return { N: canonicalNumber(`${random() < 0.5 ? '-' : ''}${digits}e${exponent}`) };
}

const bytesOf = (v: ScalarKeyValue): Buffer => Buffer.from('B' in v ? v.B : '', 'base64');
const compareTuples = (a: ScalarKeyValue[], b: ScalarKeyValue[]): number => {
  for (let i = 0; i < a.length; i++) {
    const c = compareScalars(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
};

function index(keySchema: KeySchema): SecondaryIndexMeta {
  return {
    name: 'byG',
    kind: 'global',
    id: 'idx-1',
    keySchema,
    projection: { type: 'ALL' },
    status: 'ACTIVE',
    readCapacityUnits: 0,
    writeCapacityUnits: 0,
    createdMs: 0,
  };
}

const TYPES: ScalarKeyType[] = ['S', 'N', 'B'];

describe('encodeIndexComponent', () => {
  it('orders strings by UTF-8 bytes, including embedded 0x00 bytes and prefixes', () => {
    const values = ['', '\u0000', '\u0000\u0000', '\u0000\u0001', 'a', 'a\u0000', 'a\u0000\u0000', 'a\u0000b', 'a\u0001', 'ab', 'b', '\u00ff', '\uffff', '\u{1f600}'];
    const byBytes = [...values].sort((a, b) => Buffer.compare(encodeIndexComponent({ S: a }), encodeIndexComponent({ S: b })));
    const byDynamo = [...values].sort((a, b) => compareScalars({ S: a }, { S: b }));
    expect(byBytes).toEqual(byDynamo);
  });

  it('orders numbers by value: negative, zero, positive, fractions', () => {
    const values = ['-1e125', '-100', '-10', '-9.99', '-1.23', '-1.2', '-1', '-0.5', '-1e-130', '0', '1e-130', '0.5', '1', '1.2', '1.23', '9.99', '10', '100', '1e125'];
    const shuffled = [...values].reverse();
    shuffled.sort((a, b) => Buffer.compare(encodeIndexComponent({ N: a }), encodeIndexComponent({ N: b })));
    expect(shuffled).toEqual(values);
  });

  it('orders binaries by unsigned bytes', () => {
    const values = [[], [0x00], [0x00, 0x00], [0x00, 0xff], [0x01], [0x7f, 0x00], [0x7f], [0xff], [0xff, 0x00], [0xff, 0xff]].map((b) => Buffer.from(b).toString('base64'));
    const byBytes = [...values].sort((a, b) => Buffer.compare(encodeIndexComponent({ B: a }), encodeIndexComponent({ B: b })));
    const byDynamo = [...values].sort((a, b) => compareScalars({ B: a }, { B: b }));
    expect(byBytes).toEqual(byDynamo);
  });

  it("keeps storage's number bytes, terminating only positives", () => {
    expect(encodeIndexComponent({ N: '0' })).toEqual(Buffer.from(encodeNumber('0')));
    expect(encodeIndexComponent({ N: '-12.5' })).toEqual(Buffer.from(encodeNumber('-12.5')));
    expect(encodeIndexComponent({ N: '12.5' })).toEqual(Buffer.concat([encodeNumber('12.5'), Buffer.from([0x00])]));
  });

  it('escapes 0x00 and terminates strings and binaries', () => {
    expect(encodeIndexComponent({ S: 'a\u0000b' })).toEqual(Buffer.from([0x61, 0x00, 0xff, 0x62, 0x00, 0x01]));
    expect(encodeIndexComponent({ B: '' })).toEqual(Buffer.from([0x00, 0x01]));
  });
});

describe('pointer composites', () => {
  for (const rangeType of TYPES) {
    for (const baseHashType of TYPES) {
      const baseRangeType = TYPES[(TYPES.indexOf(rangeType) + 1) % 3]!;
      it(`sort as (indexRange ${rangeType}, baseHash ${baseHashType}, baseRange ${baseRangeType}) in DynamoDB order`, () => {
        const random = seededRandom(TYPES.indexOf(rangeType) * 3 + TYPES.indexOf(baseHashType) + 1);
        const idx = index({ hash: { name: 'g', type: 'S' }, range: { name: 'r', type: rangeType } });
        const baseSchema: KeySchema = { hash: { name: 'h', type: baseHashType }, range: { name: 's', type: baseRangeType } };
        const tuples = Array.from({ length: 120 }, () => [randomValue(random, rangeType), randomValue(random, baseHashType), randomValue(random, baseRangeType)]);
        const composites = tuples.map((t) => bytesOf(pointerKey(idx, baseSchema, { hash: { S: 'g' }, range: t[0]! }, { hash: t[1]!, range: t[2]! }).range!));
        for (let i = 0; i < tuples.length; i++) {
          for (let j = 0; j < tuples.length; j++) {
            expect(Math.sign(Buffer.compare(composites[i]!, composites[j]!))).toBe(Math.sign(compareTuples(tuples[i]!, tuples[j]!)));
          }
        }
      });
    }
  }

  it('decode back to the index key and the base key', () => {
    const random = seededRandom(42);
    for (const rangeType of TYPES) {
      for (const baseType of TYPES) {
        const idx = index({ hash: { name: 'g', type: 'N' }, range: { name: 'r', type: rangeType } });
        const baseSchema: KeySchema = { hash: { name: 'h', type: baseType }, range: { name: 's', type: rangeType } };
        for (let i = 0; i < 50; i++) {
          const indexKey: PrimaryKey = { hash: randomValue(random, 'N'), range: randomValue(random, rangeType) };
          const baseKey: PrimaryKey = { hash: randomValue(random, baseType), range: randomValue(random, rangeType) };
          expect(decodePointerKey(idx, baseSchema, pointerKey(idx, baseSchema, indexKey, baseKey))).toEqual({ indexKey, baseKey });
        }
      }
    }
  });

  it('decode without index or base range keys', () => {
    const idx = index({ hash: { name: 'g', type: 'S' } });
    const baseSchema: KeySchema = { hash: { name: 'h', type: 'N' } };
    const pointer = pointerKey(idx, baseSchema, { hash: { S: 'x' } }, { hash: { N: '-7.25' } });
    expect(pointer.hash).toEqual({ S: 'x' });
    expect(decodePointerKey(idx, baseSchema, pointer)).toEqual({ indexKey: { hash: { S: 'x' } }, baseKey: { hash: { N: '-7.25' } } });
  });

  it('refuse a key that lacks a declared range key', () => {
    const idx = index({ hash: { name: 'g', type: 'S' }, range: { name: 'r', type: 'S' } });
    expect(() => pointerKey(idx, { hash: { name: 'h', type: 'S' } }, { hash: { S: 'x' } }, { hash: { S: 'y' } })).toThrow(/range key r/);
  });

  it('reject trailing or truncated bytes', () => {
    const idx = index({ hash: { name: 'g', type: 'S' } });
    const baseSchema: KeySchema = { hash: { name: 'h', type: 'S' } };
    const good = bytesOf(pointerKey(idx, baseSchema, { hash: { S: 'x' } }, { hash: { S: 'y' } }).range!);
    const decode = (bytes: Buffer) => decodePointerKey(idx, baseSchema, { hash: { S: 'x' }, range: { B: bytes.toString('base64') } });
    expect(() => decode(Buffer.concat([good, Buffer.from([0x61])]))).toThrow(/corrupt/);
    expect(() => decode(good.subarray(0, good.length - 1))).toThrow(/corrupt/);
  });
});

/** Whether composite bytes fall within bounds, as storage's queryPartition reads them. */
function within(bytes: Buffer, b: RangeKeyBounds): boolean {
  if (b.lower) {
    const c = Buffer.compare(bytes, bytesOf(b.lower.value));
    if (c < 0 || (c === 0 && !b.lower.inclusive)) return false;
  }
  if (b.upper) {
    const c = Buffer.compare(bytes, bytesOf(b.upper.value));
    if (c > 0 || (c === 0 && !b.upper.inclusive)) return false;
  }
  if (b.prefix) {
    const p = bytesOf(b.prefix);
    if (bytes.length < p.length || !bytes.subarray(0, p.length).equals(p)) return false;
  }
  return true;
}

const rawBytes = (v: ScalarKeyValue): Buffer => ('S' in v ? Buffer.from(v.S, 'utf8') : Buffer.from('B' in v ? v.B : '', 'base64'));

describe('pointerBounds', () => {
  // The key conditions as resolveKeyCondition turns them into RangeKeyBounds.
  const conditions: Array<{ name: string; types: ScalarKeyType[]; bounds: (a: ScalarKeyValue, b: ScalarKeyValue) => RangeKeyBounds; matches: (v: ScalarKeyValue, a: ScalarKeyValue, b: ScalarKeyValue) => boolean }> = [
    { name: '=', types: TYPES, bounds: (a) => ({ lower: { value: a, inclusive: true }, upper: { value: a, inclusive: true } }), matches: (v, a) => compareScalars(v, a) === 0 },
    { name: '<', types: TYPES, bounds: (a) => ({ upper: { value: a, inclusive: false } }), matches: (v, a) => compareScalars(v, a) < 0 },
    { name: '<=', types: TYPES, bounds: (a) => ({ upper: { value: a, inclusive: true } }), matches: (v, a) => compareScalars(v, a) <= 0 },
    { name: '>', types: TYPES, bounds: (a) => ({ lower: { value: a, inclusive: false } }), matches: (v, a) => compareScalars(v, a) > 0 },
    { name: '>=', types: TYPES, bounds: (a) => ({ lower: { value: a, inclusive: true } }), matches: (v, a) => compareScalars(v, a) >= 0 },
    {
      name: 'BETWEEN',
      types: TYPES,
      bounds: (a, b) => ({ lower: { value: a, inclusive: true }, upper: { value: b, inclusive: true } }),
      matches: (v, a, b) => compareScalars(v, a) >= 0 && compareScalars(v, b) <= 0,
    },
    {
      name: 'begins_with',
      types: ['S', 'B'],
      bounds: (a) => ({ prefix: a }),
      matches: (v, a) => {
        const p = rawBytes(a);
        const bytes = rawBytes(v);
        return bytes.length >= p.length && bytes.subarray(0, p.length).equals(p);
      },
    },
  ];

  for (const condition of conditions) {
    for (const type of condition.types) {
      it(`selects exactly the pointers matching ${condition.name} on a ${type} index range key`, () => {
        const random = seededRandom(condition.name.length * 7 + TYPES.indexOf(type));
        const idx = index({ hash: { name: 'g', type: 'S' }, range: { name: 'r', type } });
        const baseSchema: KeySchema = { hash: { name: 'h', type: 'S' }, range: { name: 's', type: 'N' } };
        const pointers = Array.from({ length: 200 }, () => {
          const range = randomValue(random, type);
          const composite = bytesOf(pointerKey(idx, baseSchema, { hash: { S: 'g' }, range }, { hash: randomValue(random, 'S'), range: randomValue(random, 'N') }).range!);
          return { range, composite };
        });
        // Operands both present among the pointers and not.
        const operands = [...pointers.slice(0, 20).map((p) => p.range), ...Array.from({ length: 20 }, () => randomValue(random, type))];
        for (const a of operands) {
          const b = pick(random, operands);
          const [lo, hi] = compareScalars(a, b) <= 0 ? [a, b] : [b, a];
          const bounds = pointerBounds(condition.bounds(lo, hi));
          const selected = pointers.filter((p) => within(p.composite, bounds)).map((p) => p.composite.toString('hex'));
          const expected = pointers.filter((p) => condition.matches(p.range, lo, hi)).map((p) => p.composite.toString('hex'));
          expect(selected).toEqual(expected);
        }
      });
    }
  }

  it('leaves bounds empty without a range condition', () => {
    expect(pointerBounds({})).toEqual({});
  });
});

describe('pointerTableMeta', () => {
  it('keys the pseudo-table by index hash and the binary composite, without indexes', () => {
    const idx = { ...index({ hash: { name: 'g', type: 'N' }, range: { name: 'r', type: 'S' } }), name: 'byG', id: 'idx-9' };
    const table: TableMeta = {
      name: 'Orders',
      id: 'tbl-1',
      keySchema: { hash: { name: 'h', type: 'S' } },
      attributeDefinitions: [],
      billingMode: 'PAY_PER_REQUEST',
      readCapacityUnits: 0,
      writeCapacityUnits: 0,
      creationDateTimeMs: 1,
      rf: 3,
      tags: {},
      indexes: [idx],
    };
    const meta = pointerTableMeta(table, idx);
    expect(meta.id).toBe('idx-9');
    expect(meta.name).toBe('Orders/byG');
    expect(meta.rf).toBe(3);
    expect(meta.keySchema).toEqual({ hash: { name: 'g', type: 'N' }, range: { name: POINTER_RANGE_ATTRIBUTE, type: 'B' } });
    expect(meta.indexes).toBeUndefined();
  });
});
