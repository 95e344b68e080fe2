import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '@dynaring/core';
import { addReplicaService, createGrpcServer, RemoteReplica, startGrpcServer, stopGrpcServer, type GrpcServer, type ReplicaRpcKind } from '@dynaring/wire';
import { FakeReplica } from './fake-replica.js';

const key = { hash: { S: 'h' } };
const mutation: Mutation = { tableId: 't', token: 1n, key, cells: Object.create(null), itemTombstoneMicros: 5 };

describe('RemoteReplica onRpc', () => {
  let server: GrpcServer;
  let fake: FakeReplica;
  let remote: RemoteReplica;
  const timings: Array<[ReplicaRpcKind, number]> = [];

  beforeAll(async () => {
    server = createGrpcServer();
    fake = new FakeReplica();
    addReplicaService(server, fake);
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
});
