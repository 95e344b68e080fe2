import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterError, recordDigest } from '@dynaring/core';
import type { ItemRecord, Mutation, ReplicaApi, TokenSpan } from '@dynaring/core';
import { createGrpcServer, RemoteReplica, startGrpcServer, stopGrpcServer, type GrpcServer } from '@dynaring/wire';
import { ReplicaService, serveReplica } from '@dynaring/replica';

/** Storage stand-in: remembers the last mutation per table. */
class LastWriteStorage implements ReplicaApi {
  readonly last = new Map<string, Mutation>();
  async apply(m: Mutation): Promise<void> {
    this.last.set(m.tableId, m);
  }
  async read(tableId: string): Promise<ItemRecord | null> {
    const m = this.last.get(tableId);
    return m ? { cells: m.cells, tombstoneMicros: m.itemTombstoneMicros } : null;
  }
  async digest(tableId: string): Promise<string> {
    return recordDigest(await this.read(tableId));
  }
  async queryPartition(): Promise<never[]> {
    return [];
  }
  async scanRange(): Promise<never[]> {
    return [];
  }
  async dropTable(tableId: string): Promise<void> {
    if (!this.last.delete(tableId)) throw new ClusterError('TABLE_NOT_FOUND', `no table ${tableId}`);
  }
  async merkleTree(tableId: string, range: TokenSpan, depth: number): Promise<string[]> {
    return [`${tableId}:${range.afterToken}:${range.endToken}:${depth}`];
  }
}

describe('serveReplica', () => {
  let server: GrpcServer;
  let remote: RemoteReplica;
  const storage = new LastWriteStorage();
  const replica = new ReplicaService(storage);

  beforeAll(async () => {
    server = createGrpcServer();
    serveReplica(server, replica);
    remote = new RemoteReplica(`127.0.0.1:${await startGrpcServer(server, '127.0.0.1', 0)}`);
  });

  afterAll(async () => {
    remote.close();
    await stopGrpcServer(server, 100);
  });

  it('serves the replica to a peer: a write through gRPC is applied and counted', async () => {
    const cells: Mutation['cells'] = Object.create(null);
    cells.a = { value: { S: 'x' }, timestampMicros: 10 };
    await remote.apply({ tableId: 't1', token: 2n ** 63n - 1n, key: { hash: { S: 'k' } }, cells, itemTombstoneMicros: 9 });
    expect(replica.stats.mutationsApplied).toBe(1);
    expect(await remote.read('t1', 0n, { hash: { S: 'k' } })).toEqual({ cells: { a: { value: { S: 'x' }, timestampMicros: 10 } }, tombstoneMicros: 9 });
  });

  it('passes a Merkle tree request through to storage', async () => {
    expect(await remote.merkleTree('t1', { afterToken: -5n, endToken: 2n ** 63n - 1n }, 10)).toEqual([`t1:-5:${2n ** 63n - 1n}:10`]);
  });

  it('carries the replica ClusterError back to the coordinator', async () => {
    const err = await remote.dropTable('unknown').catch((e: unknown) => e);
    expect((err as ClusterError).code).toBe('TABLE_NOT_FOUND');
  });
});
