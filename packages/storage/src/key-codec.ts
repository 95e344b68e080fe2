import { decodeNumber, encodedNumberLength, writeNumber, type PrimaryKey, type ScalarKeyValue } from '@dynaring/core';

/**
 * Data keys:
 *
 *   DATA_PREFIX | len(tableId) u8 | tableId utf8 | token (8 bytes) |
 *   hash tag | len(hash) u16 | hash bytes | [range tag | range bytes]
 *
 * - The length-prefixed tableId makes each table's keys one contiguous range: no table's
 *   prefix is a prefix of another's.
 * - The token is big-endian with the sign bit flipped, so signed order is byte order and a
 *   token range is a contiguous scan.
 * - The hash key is length-prefixed, so a partition (table, token, hash) is exactly the keys
 *   starting with its prefix. Its order within a token does not matter, only that it is fixed.
 * - The range key comes last and unterminated, so byte order is DynamoDB's order: strings by
 *   UTF-8 bytes, binaries by bytes, numbers through core's number-order-codec order-preserving bytes.
 *   Its tag is the same for every item of a table, so it never changes the order.
 */

/** Every data key starts with this byte; system sublevels (prefix '!' = 0x21) never do. */
export const DATA_PREFIX = 0x64; // 'd'
/** Start and end of the whole data range, for approximateSize. */
export const DATA_START: Buffer = Buffer.from([DATA_PREFIX]);
export const DATA_END: Buffer = Buffer.from([DATA_PREFIX + 1]);

const TAG_S = 0x01;
const TAG_N = 0x02;
const TAG_B = 0x03;
const TOKEN_BYTES = 8;
const MAX_TABLE_ID_BYTES = 255;
const MAX_HASH_BYTES = 0xffff;
const TOKEN_OFFSET = 1n << 63n;

const tablePrefixes = new Map<string, Buffer>();

/** DATA_PREFIX | len | tableId, cached: the same few tables are encoded on every write. */
export function tablePrefix(tableId: string): Buffer {
  let prefix = tablePrefixes.get(tableId);
  if (prefix === undefined) {
    const idBytes = Buffer.byteLength(tableId, 'utf8');
    if (idBytes > MAX_TABLE_ID_BYTES) throw new Error(`tableId longer than ${MAX_TABLE_ID_BYTES} bytes`);
    prefix = Buffer.allocUnsafe(2 + idBytes);
    prefix[0] = DATA_PREFIX;
    prefix[1] = idBytes;
    prefix.write(tableId, 2, 'utf8');
    tablePrefixes.set(tableId, prefix);
  }
  return prefix;
}

/** Drops a dropped table's cached prefix (ids are never reused, so the cache would only grow). */
export function forgetTable(tableId: string): void {
  tablePrefixes.delete(tableId);
}

/** The first key after every key that starts with `prefix` (for `lt` bounds). */
export function prefixEnd(prefix: Uint8Array): Buffer {
  const out = Buffer.from(prefix);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== 0xff) {
      out[i]!++;
      return out.subarray(0, i + 1);
    }
  }
  throw new Error('prefix has no end: all bytes are 0xff');
}

function tagOf(v: ScalarKeyValue): number {
  return 'S' in v ? TAG_S : 'N' in v ? TAG_N : TAG_B;
}

function valueLength(v: ScalarKeyValue): number {
  if ('S' in v) return Buffer.byteLength(v.S, 'utf8');
  if ('N' in v) return encodedNumberLength(v.N);
  return Buffer.byteLength(v.B, 'base64');
}

function writeValue(v: ScalarKeyValue, target: Buffer, offset: number, length: number): number {
  if ('S' in v) return offset + target.write(v.S, offset, length, 'utf8');
  if ('N' in v) return writeNumber(v.N, target, offset);
  return offset + target.write(v.B, offset, length, 'base64');
}

function writeToken(token: bigint, target: Buffer, offset: number): void {
  target.writeBigInt64BE(token, offset);
  target[offset] ^= 0x80;
}

function readToken(source: Buffer, offset: number): bigint {
  // The stored value is token + 2^63 as an unsigned number (the flipped sign bit).
  return source.readBigUInt64BE(offset) - TOKEN_OFFSET;
}

/** table | token | hash (with tag and length): the prefix of every key of one partition. */
export function partitionPrefix(tableId: string, token: bigint, hash: ScalarKeyValue): Buffer {
  const table = tablePrefix(tableId);
  const hashLength = valueLength(hash);
  const out = Buffer.allocUnsafe(table.length + TOKEN_BYTES + 3 + hashLength);
  writePartition(table, token, hash, hashLength, out);
  return out;
}

function writePartition(table: Buffer, token: bigint, hash: ScalarKeyValue, hashLength: number, out: Buffer): number {
  if (hashLength > MAX_HASH_BYTES) throw new Error('hash key too long');
  table.copy(out, 0);
  let offset = table.length;
  writeToken(token, out, offset);
  offset += TOKEN_BYTES;
  out[offset++] = tagOf(hash);
  out[offset++] = hashLength >> 8;
  out[offset++] = hashLength & 0xff;
  return writeValue(hash, out, offset, hashLength);
}

/** The full data key of one item. */
export function encodeDataKey(tableId: string, token: bigint, key: PrimaryKey): Buffer {
  const table = tablePrefix(tableId);
  const hashLength = valueLength(key.hash);
  const range = key.range;
  const rangeLength = range === undefined ? 0 : valueLength(range);
  const out = Buffer.allocUnsafe(table.length + TOKEN_BYTES + 3 + hashLength + (range === undefined ? 0 : 1 + rangeLength));
  let offset = writePartition(table, token, key.hash, hashLength, out);
  if (range !== undefined) {
    out[offset++] = tagOf(range);
    writeValue(range, out, offset, rangeLength);
  }
  return out;
}

/** A partition prefix followed by one range key value: a bound inside the partition. */
export function rangeKeyBound(partition: Buffer, value: ScalarKeyValue): Buffer {
  const length = valueLength(value);
  const out = Buffer.allocUnsafe(partition.length + 1 + length);
  partition.copy(out, 0);
  out[partition.length] = tagOf(value);
  writeValue(value, out, partition.length + 1, length);
  return out;
}

/** table | token: every key of that token starts with it. */
export function tokenPrefix(tableId: string, token: bigint): Buffer {
  const table = tablePrefix(tableId);
  const out = Buffer.allocUnsafe(table.length + TOKEN_BYTES);
  table.copy(out, 0);
  writeToken(token, out, table.length);
  return out;
}

function readValue(tag: number, bytes: Buffer, start: number, end: number): ScalarKeyValue {
  switch (tag) {
    case TAG_S:
      return { S: bytes.toString('utf8', start, end) };
    case TAG_N:
      return { N: decodeNumber(bytes, start, end) };
    case TAG_B:
      return { B: bytes.toString('base64', start, end) };
    default:
      throw new Error(`corrupt data key: type tag ${tag}`);
  }
}

/** The range key of a data key whose partition prefix is `partitionLength` bytes long. */
export function decodeRangeKey(bytes: Buffer, partitionLength: number): ScalarKeyValue | undefined {
  if (bytes.length === partitionLength) return undefined;
  return readValue(bytes[partitionLength]!, bytes, partitionLength + 1, bytes.length);
}

/** Token and primary key of a data key whose table prefix is `tableLength` bytes long. */
export function decodeDataKey(bytes: Buffer, tableLength: number): { token: bigint; key: PrimaryKey } {
  let offset = tableLength;
  const token = readToken(bytes, offset);
  offset += TOKEN_BYTES;
  const hashTag = bytes[offset]!;
  const hashLength = (bytes[offset + 1]! << 8) | bytes[offset + 2]!;
  offset += 3;
  const hash = readValue(hashTag, bytes, offset, offset + hashLength);
  offset += hashLength;
  const range = decodeRangeKey(bytes, offset);
  return { token, key: range === undefined ? { hash } : { hash, range } };
}
