import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '@dynaring/core';
import type { AcceptorApi } from '@dynaring/paxos';
import { addReplicaService, createGrpcServer, RemoteReplica, startGrpcServer, stopGrpcServer, type GrpcServer, type ReplicaRpcKind } from '@dynaring/wire';
import { FakeReplica } from './fake-replica.js';

const key = { hash: { S: 'h' } };
const mutation: Mutation = { tableId: 't', token: 1n, key, cells: Object.create(null), itemTombstoneMicros: 5 };
const ballot = { timestampMicros: 10, nodeId: 'n1' };
const paxosKey = { tableId: 't', token: 1n, key };

/** An acceptor that promises and accepts everything: only the RPCs' timing matters here. */
const yesAcceptor: AcceptorApi = {
  prepare: async (_key, b) => ({ promised: true, promisedBallot: b, record: null }),
  propose: async (_key, p) => ({ accepted: true, promisedBallot: p.ballot }),
  commit: async () => undefined,
  prune: async () => undefined,
};

describe('RemoteReplica onRpc', () => {
  let server: GrpcServer;
  let fake: FakeReplica;
  let remote: RemoteReplica;
  const timings: Array<[ReplicaRpcKind, number]> = [];

  beforeAll(async () => {
    server = createGrpcServer();
    fake = new FakeReplica();
    addReplicaService(server, fake, yesAcceptor);
    const port = await startGrpcServer(server, '127.0.0.1', 0);
    remote = new RemoteReplica(`127.0.0.1:${port}`, { writeDeadlineMs: 300, onRpc: (kind, ms) => timings.push([kind, ms]) });
  });

  afterAll(async () => {
    remote.close();
    await stopGrpcServer(server, 100);
  });

  it('reports one duration per apply, read and digest RPC, a timed-out one included', async () => {
    // Three applies in one event-loop turn are one batched RPC.
    await Promise.all([remote.apply(mutation), remote.apply(mutation), remote.apply(mutation)]);
    await remote.read('t', 1n, key);
    await remote.digest('t', 1n, key);
    await remote.apply(mutation, { deadlineMs: 1000 });
    fake.hang = true;
    await expect(remote.apply(mutation)).rejects.toMatchObject({ code: 'CLUSTER_TIMEOUT' });
    fake.hang = false;
    expect(timings.map(([kind]) => kind)).toEqual(['apply', 'read', 'digest', 'apply', 'apply']);
    expect(timings.every(([, ms]) => ms >= 0)).toBe(true);
    expect(timings[4]![1]).toBeGreaterThanOrEqual(290);
  });

  it('reports one duration per Paxos prepare, propose and commit RPC, none for the background prune', async () => {
    timings.length = 0;
    const proposal = { ballot, mutation };
    await remote.acceptor.prepare(paxosKey, ballot);
    await remote.acceptor.propose(paxosKey, proposal);
    await remote.acceptor.commit(paxosKey, proposal);
    await remote.acceptor.prune(paxosKey, ballot);
    expect(timings.map(([kind]) => kind)).toEqual(['prepare', 'propose', 'commit']);
  });
});
