import { ClusterError, type Cell, type ItemRecord, type Mutation, type PrimaryKey } from '@dynaring/core';
import { MalformedMessageError } from './malformed-message-error.js';

// The JSON shapes of replica batches on the Exchange stream. Tokens are decimal strings
// (exact beyond 2^53); cells are [timestampMicros, value or null].

type CellJson = [number, unknown];
interface MutationJson {
  t: string;
  k: string;
  h: unknown;
  r?: unknown;
  c: Record<string, CellJson>;
  x: number;
}
export type ReadJson = [string, string, unknown, unknown?];
interface RecordJson {
  c: Record<string, CellJson>;
  x: number;
}
export interface EntryError {
  code: string;
  message: string;
}

function cellsToJson(cells: Record<string, Cell>): Record<string, CellJson> {
  const out: Record<string, CellJson> = {};
  for (const name in cells) {
    const cell = cells[name]!;
    out[name] = [cell.timestampMicros, cell.value];
  }
  return out;
}

function cellsFromJson(json: unknown): Record<string, Cell> {
  if (typeof json !== 'object' || json === null) throw new MalformedMessageError('cells must be an object');
  const cells: Record<string, Cell> = Object.create(null);
  const source = json as Record<string, unknown>;
  for (const name in source) {
    const cell = source[name];
    if (!Array.isArray(cell) || typeof cell[0] !== 'number' || (cell[1] !== null && typeof cell[1] !== 'object')) {
      throw new MalformedMessageError(`malformed cell ${name}`);
    }
    cells[name] = { timestampMicros: cell[0], value: cell[1] as Cell['value'] };
  }
  return cells;
}

function keyFromJson(hash: unknown, range: unknown): PrimaryKey {
  if (typeof hash !== 'object' || hash === null) throw new MalformedMessageError('malformed hash key');
  const key: PrimaryKey = { hash: hash as PrimaryKey['hash'] };
  if (range !== undefined && range !== null) {
    if (typeof range !== 'object') throw new MalformedMessageError('malformed range key');
    key.range = range as PrimaryKey['hash'];
  }
  return key;
}

function tokenFromJson(text: unknown): bigint {
  if (typeof text !== 'string' || !/^-?\d{1,20}$/.test(text)) throw new MalformedMessageError('malformed token');
  return BigInt(text);
}

export function mutationToJson(m: Mutation): MutationJson {
  const json: MutationJson = { t: m.tableId, k: String(m.token), h: m.key.hash, c: cellsToJson(m.cells), x: m.itemTombstoneMicros };
  if (m.key.range) json.r = m.key.range;
  return json;
}

// The last mutation serialized and its text. A coordinator hands one mutation to each of its
// replicas in one synchronous pass (replica-calls.ts), so one entry serves them all; a
// WeakMap did too, but its ephemeron entries cost every young-generation GC.
let lastMutation: Mutation | undefined;
let lastText = '';

/**
 * mutationToJson's JSON text, computed once per mutation when its replicas are called one
 * after another: serializing it was a large share of a replicated write.
 */
export function mutationText(m: Mutation): string {
  if (m !== lastMutation) {
    lastText = JSON.stringify(mutationToJson(m));
    lastMutation = m;
  }
  return lastText;
}

export function mutationFromJson(json: unknown): Mutation {
  const m = json as MutationJson;
  if (typeof m !== 'object' || m === null || typeof m.t !== 'string' || typeof m.x !== 'number') {
    throw new MalformedMessageError('malformed mutation');
  }
  return { tableId: m.t, token: tokenFromJson(m.k), key: keyFromJson(m.h, m.r), cells: cellsFromJson(m.c), itemTombstoneMicros: m.x };
}

export function readToJson(tableId: string, token: bigint, key: PrimaryKey): ReadJson {
  return key.range ? [tableId, String(token), key.hash, key.range] : [tableId, String(token), key.hash];
}

export function readFromJson(json: unknown): { tableId: string; token: bigint; key: PrimaryKey } {
  if (!Array.isArray(json) || typeof json[0] !== 'string') throw new MalformedMessageError('malformed read');
  return { tableId: json[0], token: tokenFromJson(json[1]), key: keyFromJson(json[2], json[3]) };
}

export function recordToJson(record: ItemRecord | null): RecordJson | null {
  return record ? { c: cellsToJson(record.cells), x: record.tombstoneMicros } : null;
}

export function recordFromJson(json: unknown): ItemRecord | null {
  if (json === null) return null;
  const r = json as RecordJson;
  if (typeof r !== 'object' || typeof r.x !== 'number') throw new MalformedMessageError('malformed record');
  return { cells: cellsFromJson(r.c), tombstoneMicros: r.x };
}

export function entryError(err: unknown): EntryError {
  if (err instanceof ClusterError) return { code: err.code, message: err.message };
  return { code: 'CLUSTER_UNAVAILABLE', message: err instanceof Error ? err.message : String(err) };
}

/** One digest's answer in a digest batch reply. */
export type DigestResultJson = { d: string } | { e: EntryError };

/** One read's answer in a read batch reply: the record (or null), or the error it failed with. */
export type ReadResultJson = { r: RecordJson | null } | { e: EntryError };
