import { ClusterError, decodeRecord, mutationRecordText, type Cell, type ItemRecord, type Mutation, type PrimaryKey } from '@dynaring/core';
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

// The last mutation turned into a line and its line. A coordinator hands one mutation to each
// of its replicas in one synchronous pass (replica-calls.ts), so one entry serves them all; a
// WeakMap did too, but its ephemeron entries cost every young-generation GC.
let lastLineMutation: Mutation | undefined;
let lastLine = '';

/**
 * One mutation of an "apply-records" batch (lines joined by newlines): its table, token and
 * key as JSON, a tab, then its cells and item tombstone in storage's record form
 * (mutationRecordText). A replica stores that text as is when the merge keeps exactly those
 * cells, and the coordinator's own replica reuses it too: one encoding per write instead of
 * one JSON text for the peers plus one stored record per replica. JSON text never holds a raw
 * tab or newline, so both separators are unambiguous.
 */
export function mutationLine(m: Mutation): string {
  if (m !== lastLineMutation) {
    const head: unknown[] = m.key.range ? [m.tableId, String(m.token), m.key.hash, m.key.range] : [m.tableId, String(m.token), m.key.hash];
    lastLine = JSON.stringify(head) + '\t' + mutationRecordText(m);
    lastLineMutation = m;
  }
  return lastLine;
}

/** Reads mutationLine's form; throws MalformedMessageError on anything else. */
export function mutationFromLine(line: string): Mutation {
  const tab = line.indexOf('\t');
  if (tab < 0) throw new MalformedMessageError('malformed mutation line');
  const head: unknown = JSON.parse(line.slice(0, tab));
  if (!Array.isArray(head) || typeof head[0] !== 'string') throw new MalformedMessageError('malformed mutation head');
  const text = line.slice(tab + 1);
  let record: ItemRecord;
  try {
    record = decodeRecord(text);
  } catch {
    throw new MalformedMessageError('malformed mutation record');
  }
  checkRecord(record);
  const { cells, tombstoneMicros } = record;
  return { tableId: head[0], token: tokenFromJson(head[1]), key: keyFromJson(head[2], head[3]), cells, itemTombstoneMicros: tombstoneMicros, encoded: { cells, tombstoneMicros, text } };
}

/** decodeRecord trusts what storage wrote; a peer's text gets the checks mutationFromJson makes. */
function checkRecord(record: ItemRecord): void {
  if (typeof record.tombstoneMicros !== 'number') throw new MalformedMessageError('malformed item tombstone');
  for (const name in record.cells) {
    const cell = record.cells[name]!;
    if (typeof cell.timestampMicros !== 'number' || (cell.value !== null && (typeof cell.value !== 'object' || Array.isArray(cell.value)))) {
      throw new MalformedMessageError(`malformed cell ${name}`);
    }
  }
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
