import type { KeySchema, PrimaryKey, ScalarKeyType, ScalarKeyValue } from './key.js';
import type { RangeKeyBounds } from './replica-api.js';
import type { SecondaryIndexMeta, TableMeta } from './table.js';
import { decodeNumber, encodedNumberLength, writeNumber } from './number-order-codec.js';

/**
 * Keys of an index's pointer rows. A pointer row belongs to the pseudo-table `index.id`:
 *
 *   hash  = the item's index hash value
 *   range = { B: enc(indexRange?) ++ enc(baseHash) ++ enc(baseRange?) }
 *
 * Storage orders B range keys by their bytes, so `enc` must be order-preserving and
 * self-delimiting: then the pointers of one index hash value sort by index range key as
 * DynamoDB orders them, ties broken by the base key, and a key condition on the index range
 * key becomes a byte range on the composite (pointerBounds).
 *
 *   S, B  the bytes (UTF-8 for S), 0x00 escaped as 0x00 0xFF, then the terminator 0x00 0x01.
 *         The terminator sorts below every escaped byte, so a string sorts before its
 *         extensions, as in DynamoDB.
 *   N     number-order-codec's bytes. Zero (one byte) and negatives (0xFF terminator) delimit
 *         themselves; positives do not, so they get a 0x00 terminator, which sorts below every
 *         digit-pair byte (1..100) and so keeps a shorter digit string the smaller number.
 *
 * No type byte: each component's type is fixed by the index and base key schemas.
 */

/** The name of a pointer row's range key in pointerTableMeta. */
export const POINTER_RANGE_ATTRIBUTE = '$pointer';

const ESCAPE = 0x00;
const ESCAPED_ZERO = 0xff;
const TERMINATOR = 0x01;
const NUMBER_ZERO = 0x02;
const NUMBER_NEGATIVE = 0x01;
const NUMBER_POSITIVE = 0x03;
const NEGATIVE_END = 0xff;
const POSITIVE_END = 0x00;

function scalarBytes(v: ScalarKeyValue): Buffer {
  if ('S' in v) return Buffer.from(v.S, 'utf8');
  if ('B' in v) return Buffer.from(v.B, 'base64');
  throw new Error('a number has no byte prefix');
}

/** `bytes` with every 0x00 escaped, plus `extra` spare bytes at the end. */
function escapeBytes(bytes: Buffer, extra: number): { out: Buffer; end: number } {
  let zeros = 0;
  for (const b of bytes) if (b === ESCAPE) zeros++;
  const out = Buffer.allocUnsafe(bytes.length + zeros + extra);
  if (zeros === 0) {
    bytes.copy(out, 0);
    return { out, end: bytes.length };
  }
  let o = 0;
  for (const b of bytes) {
    out[o++] = b;
    if (b === ESCAPE) out[o++] = ESCAPED_ZERO;
  }
  return { out, end: o };
}

/** Self-delimiting order-preserving bytes of one key value (S/B escaped+terminated, N order bytes). */
export function encodeIndexComponent(v: ScalarKeyValue): Buffer {
  if ('N' in v) {
    const length = encodedNumberLength(v.N);
    const positive = length > 1 && !v.N.startsWith('-');
    const out = Buffer.allocUnsafe(length + (positive ? 1 : 0));
    const end = writeNumber(v.N, out, 0);
    if (positive) out[end] = POSITIVE_END;
    return out;
  }
  const { out, end } = escapeBytes(scalarBytes(v), 2);
  out[end] = ESCAPE;
  out[end + 1] = TERMINATOR;
  return out;
}

/** Reads one component of type `type` at `offset`; returns the value and the offset after it. */
function decodeIndexComponent(bytes: Buffer, offset: number, type: ScalarKeyType): { value: ScalarKeyValue; end: number } {
  if (type === 'N') {
    const sign = bytes[offset];
    if (sign === NUMBER_ZERO) return { value: { N: '0' }, end: offset + 1 };
    // The byte after the sign is the exponent, which may take any value: scan past it.
    if (sign === NUMBER_POSITIVE) {
      const stop = bytes.indexOf(POSITIVE_END, offset + 2);
      if (stop < 0) throw corrupt('unterminated number');
      return { value: { N: decodeNumber(bytes, offset, stop) }, end: stop + 1 };
    }
    if (sign === NUMBER_NEGATIVE) {
      const stop = bytes.indexOf(NEGATIVE_END, offset + 2);
      if (stop < 0) throw corrupt('unterminated number');
      return { value: { N: decodeNumber(bytes, offset, stop + 1) }, end: stop + 1 };
    }
    throw corrupt(`number sign byte ${sign}`);
  }
  const raw: number[] = [];
  for (let i = offset; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== ESCAPE) {
      raw.push(b);
      continue;
    }
    const next = bytes[++i];
    if (next === ESCAPED_ZERO) raw.push(ESCAPE);
    else if (next === TERMINATOR) {
      const buf = Buffer.from(raw);
      return { value: type === 'S' ? { S: buf.toString('utf8') } : { B: buf.toString('base64') }, end: i + 1 };
    } else throw corrupt(`escape followed by ${next}`);
  }
  throw corrupt('unterminated string');
}

function corrupt(what: string): Error {
  return new Error(`corrupt pointer key: ${what}`);
}

/** The first byte string greater than every string starting with `prefix`. */
function after(prefix: Buffer): Buffer {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i] !== 0xff) {
      const out = Buffer.from(prefix.subarray(0, i + 1));
      out[i]!++;
      return out;
    }
  }
  // Never for a component: a number starts with its sign byte, a string ends with 0x01.
  throw new Error('prefix has no end: all bytes are 0xff');
}

function requireRange(attribute: KeySchema['range'], value: ScalarKeyValue | undefined, what: string): void {
  if (attribute && value === undefined) throw new Error(`${what} lacks its range key ${attribute.name}`);
}

/** The pointer row key of base item `baseKey` under index key `indexKey`. */
export function pointerKey(index: SecondaryIndexMeta, baseSchema: KeySchema, indexKey: PrimaryKey, baseKey: PrimaryKey): PrimaryKey {
  requireRange(index.keySchema.range, indexKey.range, 'index key');
  requireRange(baseSchema.range, baseKey.range, 'base key');
  const parts: Buffer[] = [];
  if (index.keySchema.range) parts.push(encodeIndexComponent(indexKey.range!));
  parts.push(encodeIndexComponent(baseKey.hash));
  if (baseSchema.range) parts.push(encodeIndexComponent(baseKey.range!));
  return { hash: indexKey.hash, range: { B: Buffer.concat(parts).toString('base64') } };
}

export function decodePointerKey(
  index: SecondaryIndexMeta,
  baseSchema: KeySchema,
  pointer: PrimaryKey,
): { indexKey: PrimaryKey; baseKey: PrimaryKey } {
  if (!pointer.range || !('B' in pointer.range)) throw corrupt('range key is not a binary');
  const bytes = Buffer.from(pointer.range.B, 'base64');
  let offset = 0;
  const indexKey: PrimaryKey = { hash: pointer.hash };
  if (index.keySchema.range) {
    const c = decodeIndexComponent(bytes, offset, index.keySchema.range.type);
    indexKey.range = c.value;
    offset = c.end;
  }
  const hash = decodeIndexComponent(bytes, offset, baseSchema.hash.type);
  offset = hash.end;
  const baseKey: PrimaryKey = { hash: hash.value };
  if (baseSchema.range) {
    const c = decodeIndexComponent(bytes, offset, baseSchema.range.type);
    baseKey.range = c.value;
    offset = c.end;
  }
  if (offset !== bytes.length) throw corrupt('trailing bytes');
  return { indexKey, baseKey };
}

const asB = (bytes: Buffer): ScalarKeyValue => ({ B: bytes.toString('base64') });

/**
 * Bounds on the index range key (as resolveKeyCondition produces them) -> bounds on the
 * composite. Every pointer whose index range value is v starts with enc(v), so "<= v" must
 * stop after all of them (after(enc(v))) and "> v" must start there.
 */
export function pointerBounds(bounds: RangeKeyBounds): RangeKeyBounds {
  const out: RangeKeyBounds = {};
  if (bounds.lower) {
    const enc = encodeIndexComponent(bounds.lower.value);
    out.lower = { value: asB(bounds.lower.inclusive ? enc : after(enc)), inclusive: true };
  }
  if (bounds.upper) {
    const enc = encodeIndexComponent(bounds.upper.value);
    out.upper = { value: asB(bounds.upper.inclusive ? after(enc) : enc), inclusive: false };
  }
  // No terminator: the escaped bytes of p prefix the escaped bytes of every extension of p.
  if (bounds.prefix) out.prefix = asB(escapeBytes(scalarBytes(bounds.prefix), 0).out);
  return out;
}

/** The pseudo-table holding the index's pointer rows, for storage and coordinator calls. */
export function pointerTableMeta(table: TableMeta, index: SecondaryIndexMeta): TableMeta {
  return {
    ...table,
    id: index.id,
    name: `${table.name}/${index.name}`,
    keySchema: { hash: index.keySchema.hash, range: { name: POINTER_RANGE_ATTRIBUTE, type: 'B' } },
    indexes: undefined,
  };
}
