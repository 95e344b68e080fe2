import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { liveItem, stampWrite, type PrimaryKey } from '@dynaring/core';
import { PaxosAcceptor, type PaxosStateStore } from '@dynaring/paxos';
import { StorageEngine, type PaxosStoreKey, type StoredPaxosState } from '../src/index.js';

const TABLE = '22222222-2222-4222-8222-222222222222';
const OTHER_TABLE = '33333333-3333-4333-8333-333333333333';
const itemKey = (sort: string): PrimaryKey => ({ hash: { S: 'account' }, range: { S: sort } });
const KEY: PaxosStoreKey = { tableId: TABLE, token: -9_000_000_000_000_000_000n, key: itemKey('a') };

const proposal = (timestampMicros: number, n: number, key: PaxosStoreKey = KEY) => ({
  ballot: { timestampMicros, nodeId: 'node-1' },
  mutation: stampWrite(key.tableId, key.token, key.key, { kind: 'put', item: { pk: { S: 'account' }, sk: { S: 'a' }, n: { N: String(n) } } }, timestampMicros),
});

const fullState: StoredPaxosState = {
  promised: { timestampMicros: 1_700_000_000_000_300, nodeId: 'node-2' },
  accepted: proposal(1_700_000_000_000_200, 2),
  mostRecentCommit: proposal(1_700_000_000_000_100, 1),
  committed: { timestampMicros: 1_700_000_000_000_100, nodeId: 'node-1' },
};

let dir: string;
let engine: StorageEngine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dynaring-paxos-'));
  engine = await StorageEngine.open(dir);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('PaxosStore', () => {
  it('round-trips a state with its ballots, proposals, bigint tokens and timestamps', async () => {
    await engine.paxos.put(KEY, fullState);
    const read = await engine.paxos.get(KEY);
    expect(read).toEqual(fullState);
    expect(read!.accepted!.mutation.token).toBe(KEY.token);
  });

  it('keeps one state per item and none for an unknown item', async () => {
    const other: PaxosStoreKey = { ...KEY, key: itemKey('b') };
    await engine.paxos.put(KEY, { ...fullState, accepted: null });
    await engine.paxos.put(other, { promised: { timestampMicros: 5, nodeId: 'x' }, accepted: null, mostRecentCommit: null, committed: null });
    expect((await engine.paxos.get(KEY))?.promised).toEqual(fullState.promised);
    expect((await engine.paxos.get(other))?.promised).toEqual({ timestampMicros: 5, nodeId: 'x' });
    expect(await engine.paxos.get({ ...KEY, key: itemKey('c') })).toBeUndefined();
  });

  it('writes states put together in one synced batch, each acknowledged after it', async () => {
    // The sublevel's batch is its root database's: spying on the prototype counts it.
    const batch = vi.spyOn(Level.prototype, 'batch');
    const keys = Array.from({ length: 50 }, (_, i): PaxosStoreKey => ({ ...KEY, key: itemKey(`k${i}`) }));
    const batchesSeenAtAck: number[] = [];
    await Promise.all(keys.map((key) => engine.paxos.put(key, fullState).then(() => batchesSeenAtAck.push(batch.mock.calls.length))));
    // batch's last overload (the chained form) takes no arguments: name the one used here.
    const calls = batch.mock.calls as unknown as Array<[unknown[], { sync?: boolean }]>;
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toHaveLength(50);
    expect(calls[0]![1]).toMatchObject({ sync: true });
    expect(batchesSeenAtAck).toEqual(Array(50).fill(1));
    expect((await engine.paxos.get(keys[49]!))?.promised).toEqual(fullState.promised);
  });

  it('syncs a group only when one of its states must be durable', async () => {
    const batch = vi.spyOn(Level.prototype, 'batch');
    const other: PaxosStoreKey = { ...KEY, key: itemKey('b') };
    await Promise.all([engine.paxos.put(KEY, fullState, { durable: false }), engine.paxos.put(other, fullState, { durable: false })]);
    await Promise.all([engine.paxos.put(KEY, fullState, { durable: false }), engine.paxos.put(other, fullState)]);
    const calls = batch.mock.calls as unknown as Array<[unknown[], { sync?: boolean }]>;
    expect(calls.map(([, options]) => options.sync)).toEqual([false, true]);
  });

  it('keeps the last of several states put to one key together', async () => {
    const older = { ...fullState, promised: { timestampMicros: 1, nodeId: 'node-1' } };
    await Promise.all([engine.paxos.put(KEY, older), engine.paxos.put(KEY, fullState)]);
    await engine.close();
    engine = await StorageEngine.open(dir);
    expect((await engine.paxos.get(KEY))?.promised).toEqual(fullState.promised);
  });

  it('survives closing and reopening the database', async () => {
    await engine.paxos.put(KEY, fullState);
    await engine.close();
    engine = await StorageEngine.open(dir);
    expect((await engine.paxos.get(KEY))?.accepted?.ballot).toEqual(fullState.accepted!.ballot);
  });

  it('forgets the states of a dropped table only', async () => {
    const kept: PaxosStoreKey = { ...KEY, tableId: OTHER_TABLE };
    await engine.paxos.put(KEY, fullState);
    await engine.paxos.put(kept, fullState);
    await engine.paxos.dropTable(TABLE);
    expect(await engine.paxos.get(KEY)).toBeUndefined();
    expect(await engine.paxos.get(kept)).toBeDefined();
  });

  it('backs a Paxos acceptor that keeps its promise and its commit across a restart', async () => {
    const states: PaxosStateStore = engine.paxos;
    let acceptor = new PaxosAcceptor(states, engine);
    await acceptor.prepare(KEY, { timestampMicros: 500, nodeId: 'node-2' });
    await acceptor.commit(KEY, proposal(400, 7));
    await engine.close();

    engine = await StorageEngine.open(dir);
    acceptor = new PaxosAcceptor(engine.paxos, engine);
    expect(await acceptor.prepare(KEY, { timestampMicros: 450, nodeId: 'node-3' })).toMatchObject({ promised: false, promisedBallot: { timestampMicros: 500, nodeId: 'node-2' } });
    const promise = await acceptor.prepare(KEY, { timestampMicros: 600, nodeId: 'node-3' });
    expect(promise.mostRecentCommit?.ballot).toEqual({ timestampMicros: 400, nodeId: 'node-1' });
    expect(liveItem(promise.record)?.n).toEqual({ N: '7' });
  });
});
