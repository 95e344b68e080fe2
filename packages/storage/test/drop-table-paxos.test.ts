import { afterEach, beforeEach, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageEngine, type PaxosStoreKey } from '../src/index.js';

const TABLE = '44444444-4444-4444-8444-444444444444';
const OTHER_TABLE = '55555555-5555-4555-8555-555555555555';
const keyOf = (tableId: string): PaxosStoreKey => ({ tableId, token: 42n, key: { hash: { S: 'k' } } });
const promise = { promised: { timestampMicros: 10, nodeId: 'n1' }, accepted: null, mostRecentCommit: null, committed: null };

let dir: string;
let engine: StorageEngine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dynaring-drop-paxos-'));
  engine = await StorageEngine.open(dir);
});

afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

it('dropping a table forgets its Paxos state with its items, and no other table loses any', async () => {
  await engine.paxos.put(keyOf(TABLE), promise);
  await engine.paxos.put(keyOf(OTHER_TABLE), promise);
  await engine.dropTable(TABLE);
  expect(await engine.paxos.get(keyOf(TABLE))).toBeUndefined();
  expect(await engine.paxos.get(keyOf(OTHER_TABLE))).toEqual(promise);
});
