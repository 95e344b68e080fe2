import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterError } from '@dynaring/core';
import { addReplicaService, ChannelPool, createGrpcServer, startGrpcServer, stopGrpcServer, type GrpcServer } from '@dynaring/wire';
import { FakeReplica } from './fake-replica.js';

describe('ChannelPool', () => {
  let server: GrpcServer;
  let address: string;

  beforeAll(async () => {
    server = createGrpcServer();
    addReplicaService(server, new FakeReplica());
    address = `127.0.0.1:${await startGrpcServer(server, '127.0.0.1', 0)}`;
  });

  afterAll(() => stopGrpcServer(server, 100));

  it('gives every service client of a peer the same channel, once', () => {
    const pool = new ChannelPool();
    expect(pool.replica(address)).toBe(pool.replica(address));
    expect(pool.gossip(address)).toBe(pool.gossip(address));
    expect(pool.channel('127.0.0.1:1')).not.toBe(pool.channel(address));
    expect(pool.addresses()).toEqual([address, '127.0.0.1:1']);
    pool.close();
  });

  it('makes a fresh client after a peer is closed', async () => {
    const pool = new ChannelPool({ replica: { readDeadlineMs: 1000 } });
    const first = pool.replica(address);
    pool.closePeer(address);
    const err = await first.dropTable('t').catch((e: unknown) => e);
    expect((err as ClusterError).code).toBe('CLUSTER_UNAVAILABLE');
    const second = pool.replica(address);
    expect(second).not.toBe(first);
    await expect(second.dropTable('t')).resolves.toBeUndefined();
    pool.close();
  });

  it('closes every channel', async () => {
    const pool = new ChannelPool();
    const replica = pool.replica(address);
    pool.close();
    expect(pool.addresses()).toEqual([]);
    const err = await replica.dropTable('t').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
  });
});
