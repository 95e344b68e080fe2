import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeRecords, type ItemRecord, type Mutation, type PrimaryKey } from '@dynaring/core';
import { PaxosAcceptor, paxosKeyId, type PaxosKey, type PaxosState, type Proposal } from '@dynaring/paxos';
import { addReplicaService, createGrpcServer, RemoteReplica, startGrpcServer, stopGrpcServer, type GrpcServer } from '@dynaring/wire';
import { FakeReplica } from './fake-replica.js';

// The peer's acceptor over the Exchange stream must answer exactly what the in-process one
// does: tokens beyond 2^53, ballots, proposals and the item read by prepare survive the trip.

class MemoryItems {
  readonly records = new Map<string, ItemRecord>();
  async read(_t: string, _token: bigint, key: PrimaryKey): Promise<ItemRecord | null> {
    return this.records.get(JSON.stringify(key)) ?? null;
  }
  async apply(m: Mutation): Promise<void> {
    const k = JSON.stringify(m.key);
    this.records.set(k, mergeRecords(this.records.get(k), { cells: m.cells, tombstoneMicros: m.itemTombstoneMicros }));
  }
}

function memoryStates() {
  const states = new Map<string, PaxosState>();
  return {
    get: async (key: PaxosKey) => states.get(paxosKeyId(key)),
    put: async (key: PaxosKey, state: PaxosState) => void states.set(paxosKeyId(key), state),
  };
}

describe('RemoteAcceptor', () => {
  let server: GrpcServer;
  let remote: RemoteReplica;
  const items = new MemoryItems();

  beforeAll(async () => {
    server = createGrpcServer();
    addReplicaService(server, new FakeReplica(), new PaxosAcceptor(memoryStates(), items));
    const port = await startGrpcServer(server, '127.0.0.1', 0);
    remote = new RemoteReplica(`127.0.0.1:${port}`, { writeDeadlineMs: 2000 });
  });

  afterAll(async () => {
    remote.close();
    await stopGrpcServer(server, 100);
  });

  const key: PaxosKey = { tableId: 't', token: -9223372036854775807n, key: { hash: { S: 'a' }, range: { N: '1' } } };
  const ballot = (timestampMicros: number, nodeId = 'n1') => ({ timestampMicros, nodeId });
  const proposal = (at: number, value: string): Proposal => ({
    ballot: ballot(at),
    mutation: { tableId: 't', token: key.token, key: key.key, cells: { v: { value: { S: value }, timestampMicros: at } }, itemTombstoneMicros: at - 1 },
  });

  it('runs a whole round: prepare, propose, commit, then prepare reads the committed item', async () => {
    const acceptor = remote.acceptor;
    expect(await acceptor.prepare(key, ballot(10))).toEqual({ promised: true, promisedBallot: ballot(10), record: null });
    expect(await acceptor.propose(key, proposal(10, 'x'))).toEqual({ accepted: true, promisedBallot: ballot(10) });
    await acceptor.commit(key, proposal(10, 'x'));
    const next = await acceptor.prepare(key, ballot(20));
    expect(next).toEqual({
      promised: true,
      promisedBallot: ballot(20),
      mostRecentCommit: proposal(10, 'x'),
      record: { cells: { v: { value: { S: 'x' }, timestampMicros: 10 } }, tombstoneMicros: 9 },
    });
  });

  it('carries a refusal with the ballot that bound the acceptor', async () => {
    await remote.acceptor.prepare(key, ballot(50, 'n2'));
    expect(await remote.acceptor.prepare(key, ballot(40))).toEqual({ promised: false, promisedBallot: ballot(50, 'n2'), record: null });
    expect(await remote.acceptor.propose(key, proposal(45, 'y'))).toEqual({ accepted: false, promisedBallot: ballot(50, 'n2') });
  });

  it('rejects with the acceptor error when a proposal writes another item than its key', async () => {
    const other = { ...proposal(60, 'z'), mutation: { ...proposal(60, 'z').mutation, key: { hash: { S: 'b' }, range: { N: '1' } } } };
    await expect(remote.acceptor.propose(key, other)).rejects.toMatchObject({ code: 'CLUSTER_UNAVAILABLE' });
  });

  it('prunes the commit once told', async () => {
    await remote.acceptor.prune(key, ballot(10));
    const after = await remote.acceptor.prepare(key, ballot(70));
    expect(after.mostRecentCommit).toBeUndefined();
    expect(after.promised).toBe(true);
  });
});
