import type { Cell, ItemRecord, Mutation, PartitionQuery, PrimaryKey, RangeKeyBounds, RangeScan, Row, TokenSpan } from '@dynaring/core';
import { decodeScalar, decodeValue, encodeValue } from './attribute-json.js';
import { MalformedMessageError } from './malformed-message-error.js';
import type {
  BoundMessage,
  CellMessage,
  ItemRecordMessage,
  MerkleTreeRequestMessage,
  MerkleTreeResponseMessage,
  MutationMessage,
  PartitionQueryRequestMessage,
  PrimaryKeyMessage,
  RangeScanRequestMessage,
  ReadRequestMessage,
  ReadResponseMessage,
  RowMessage,
  RowsResponseMessage,
} from './messages/replica.js';
import { decodeOptionalToken, decodeToken, encodeToken } from './token-codec.js';

// Conversions between core's replica vocabulary and replica.proto. Encoders build the wire
// object in one pass; decoders validate everything a peer could get wrong.

const MAX_UINT32 = 0xffffffff;

export function encodeKey(key: PrimaryKey): PrimaryKeyMessage {
  return { hashJson: JSON.stringify(key.hash), rangeJson: key.range ? JSON.stringify(key.range) : '' };
}

export function decodeKey(msg: PrimaryKeyMessage | null, what: string): PrimaryKey {
  if (!msg) throw new MalformedMessageError(`${what} is missing`);
  const hash = decodeScalar(msg.hashJson, `${what}.hash`);
  return msg.rangeJson === '' ? { hash } : { hash, range: decodeScalar(msg.rangeJson, `${what}.range`) };
}

export function encodeCells(cells: Record<string, Cell>): CellMessage[] {
  const out: CellMessage[] = [];
  for (const name in cells) {
    const cell = cells[name]!;
    out.push({ name, valueJson: cell.value === null ? '' : encodeValue(cell.value), timestampMicros: cell.timestampMicros });
  }
  return out;
}

export function decodeCells(msgs: CellMessage[]): Record<string, Cell> {
  // Null prototype, as core builds cell maps: an attribute named "__proto__" is just a name.
  const cells: Record<string, Cell> = Object.create(null);
  for (const c of msgs) {
    cells[c.name] = {
      value: c.valueJson === '' ? null : decodeValue(c.valueJson, `cell ${c.name}`),
      timestampMicros: Number(c.timestampMicros),
    };
  }
  return cells;
}

export function encodeRecord(record: ItemRecord): ItemRecordMessage {
  return { cells: encodeCells(record.cells), tombstoneMicros: record.tombstoneMicros };
}

export function decodeRecord(msg: ItemRecordMessage | null, what: string): ItemRecord {
  if (!msg) throw new MalformedMessageError(`${what} is missing`);
  return { cells: decodeCells(msg.cells), tombstoneMicros: Number(msg.tombstoneMicros) };
}

export function encodeMutation(m: Mutation): MutationMessage {
  return {
    tableId: m.tableId,
    token: encodeToken(m.token),
    key: encodeKey(m.key),
    cells: encodeCells(m.cells),
    itemTombstoneMicros: m.itemTombstoneMicros,
  };
}

export function decodeMutation(msg: MutationMessage): Mutation {
  return {
    tableId: msg.tableId,
    token: decodeToken(msg.token, 'token'),
    key: decodeKey(msg.key, 'key'),
    cells: decodeCells(msg.cells),
    itemTombstoneMicros: Number(msg.itemTombstoneMicros),
  };
}

export function encodeReadRequest(tableId: string, token: bigint, key: PrimaryKey): ReadRequestMessage {
  return { tableId, token: encodeToken(token), key: encodeKey(key) };
}

export function decodeReadRequest(msg: ReadRequestMessage): { tableId: string; token: bigint; key: PrimaryKey } {
  return { tableId: msg.tableId, token: decodeToken(msg.token, 'token'), key: decodeKey(msg.key, 'key') };
}

export function encodeReadResponse(record: ItemRecord | null): ReadResponseMessage {
  return record ? { found: true, record: encodeRecord(record) } : { found: false, record: null };
}

export function decodeReadResponse(msg: ReadResponseMessage): ItemRecord | null {
  return msg.found ? decodeRecord(msg.record, 'record') : null;
}

export function encodeRows(rows: Row[]): RowsResponseMessage {
  const out: RowMessage[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    out[i] = { token: encodeToken(row.token), key: encodeKey(row.key), record: encodeRecord(row.record) };
  }
  return { rows: out };
}

export function decodeRows(msg: RowsResponseMessage): Row[] {
  const out: Row[] = new Array(msg.rows.length);
  for (let i = 0; i < msg.rows.length; i++) {
    const row = msg.rows[i]!;
    out[i] = { token: decodeToken(row.token, 'row token'), key: decodeKey(row.key, 'row key'), record: decodeRecord(row.record, 'row record') };
  }
  return out;
}

/** uint32 on the wire: protobufjs would wrap larger values (Infinity becomes 0), so clamp. */
function encodeLimit(limit: number): number {
  return limit >= MAX_UINT32 ? MAX_UINT32 : limit > 0 ? Math.floor(limit) : 0;
}

function encodeBound(bound: RangeKeyBounds['lower']): BoundMessage | null {
  return bound ? { valueJson: JSON.stringify(bound.value), inclusive: bound.inclusive } : null;
}

export function encodePartitionQuery(q: PartitionQuery): PartitionQueryRequestMessage {
  return {
    tableId: q.tableId,
    token: encodeToken(q.token),
    hashJson: JSON.stringify(q.hash),
    lower: encodeBound(q.bounds.lower),
    upper: encodeBound(q.bounds.upper),
    prefixJson: q.bounds.prefix ? JSON.stringify(q.bounds.prefix) : '',
    forward: q.forward,
    exclusiveStartJson: q.exclusiveStart ? JSON.stringify(q.exclusiveStart) : '',
    limit: encodeLimit(q.limit),
  };
}

export function decodePartitionQuery(msg: PartitionQueryRequestMessage): PartitionQuery {
  const bounds: RangeKeyBounds = {};
  if (msg.lower) bounds.lower = { value: decodeScalar(msg.lower.valueJson, 'lower'), inclusive: msg.lower.inclusive };
  if (msg.upper) bounds.upper = { value: decodeScalar(msg.upper.valueJson, 'upper'), inclusive: msg.upper.inclusive };
  if (msg.prefixJson !== '') bounds.prefix = decodeScalar(msg.prefixJson, 'prefix');
  const query: PartitionQuery = {
    tableId: msg.tableId,
    token: decodeToken(msg.token, 'token'),
    hash: decodeScalar(msg.hashJson, 'hash'),
    bounds,
    forward: msg.forward,
    limit: msg.limit,
  };
  if (msg.exclusiveStartJson !== '') query.exclusiveStart = decodeScalar(msg.exclusiveStartJson, 'exclusiveStart');
  return query;
}

export function encodeRangeScan(scan: RangeScan): RangeScanRequestMessage {
  const startToken = scan.startAfter ? scan.startAfter.token : scan.startAfterToken;
  return {
    tableId: scan.tableId,
    startAfterToken: startToken === undefined ? '' : encodeToken(startToken),
    startAfterKey: scan.startAfter ? encodeKey(scan.startAfter.key) : null,
    endToken: scan.endToken === undefined ? '' : encodeToken(scan.endToken),
    limit: encodeLimit(scan.limit),
  };
}

export function decodeRangeScan(msg: RangeScanRequestMessage): RangeScan {
  const scan: RangeScan = { tableId: msg.tableId, limit: msg.limit };
  const startToken = decodeOptionalToken(msg.startAfterToken, 'startAfterToken');
  if (msg.startAfterKey) {
    if (startToken === undefined) throw new MalformedMessageError('startAfterKey without startAfterToken');
    scan.startAfter = { token: startToken, key: decodeKey(msg.startAfterKey, 'startAfterKey') };
  } else if (startToken !== undefined) {
    scan.startAfterToken = startToken;
  }
  const endToken = decodeOptionalToken(msg.endToken, 'endToken');
  if (endToken !== undefined) scan.endToken = endToken;
  return scan;
}

export interface MerkleTreeRequest {
  tableId: string;
  range: TokenSpan;
  depth: number;
}

export function encodeMerkleTreeRequest(tableId: string, range: TokenSpan, depth: number): MerkleTreeRequestMessage {
  return { tableId, afterToken: encodeToken(range.afterToken), endToken: encodeToken(range.endToken), depth: encodeLimit(depth) };
}

export function decodeMerkleTreeRequest(msg: MerkleTreeRequestMessage): MerkleTreeRequest {
  return {
    tableId: msg.tableId,
    range: { afterToken: decodeToken(msg.afterToken, 'afterToken'), endToken: decodeToken(msg.endToken, 'endToken') },
    depth: msg.depth,
  };
}

export function encodeMerkleTreeResponse(leaves: string[]): MerkleTreeResponseMessage {
  return { leaves };
}

export function decodeMerkleTreeResponse(msg: MerkleTreeResponseMessage): string[] {
  return msg.leaves ?? [];
}
