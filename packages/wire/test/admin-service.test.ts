import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterError } from '@dynaring/core';
import {
  addAdminService,
  AdminClient,
  createGrpcServer,
  startGrpcServer,
  stopGrpcServer,
  type AdminHandlers,
  type GrpcServer,
  type InfoResponse,
  type NodeInfo,
  type Progress,
} from '@dynaring/wire';

const node: NodeInfo = {
  address: '10.0.0.1',
  endpoint: '10.0.0.1:7000',
  hostId: 'b1c0e6f0-0000-4000-8000-000000000001',
  datacenter: 'datacenter1',
  rack: 'rack1',
  up: true,
  state: 'NORMAL',
  loadBytes: 5 * 2 ** 40,
  tokens: ['-9223372036854775808', '9223372036854775807'],
  owns: 0.6666666666666666,
  rpcAddress: '10.0.0.1:8000',
};

const info: InfoResponse = {
  hostId: node.hostId,
  gossipActive: true,
  loadBytes: -1,
  generation: 1_700_000_000,
  uptimeSeconds: 3600,
  heapUsedBytes: 123_456_789,
  heapTotalBytes: 2 ** 33,
  datacenter: 'datacenter1',
  rack: 'rack1',
  tokens: node.tokens,
  address: node.address,
  rpcAddress: node.rpcAddress,
  state: 'NORMAL',
};

async function collect(progress: AsyncIterable<Progress>): Promise<Progress[]> {
  const out: Progress[] = [];
  for await (const p of progress) out.push(p);
  return out;
}

describe('Admin service', () => {
  let server: GrpcServer;
  let client: AdminClient;
  const asked: string[] = [];

  const handlers: AdminHandlers = {
    async status(r) {
      asked.push(`status:${r.table}`);
      return { nodes: [node] };
    },
    async ring(r) {
      asked.push(`ring:${r.table}`);
      return { nodes: [node], ring: [{ token: '-9223372036854775808', endpoint: node.endpoint }] };
    },
    async info() {
      return info;
    },
    async describeRing(r) {
      if (r.table === 'missing') throw new ClusterError('TABLE_NOT_FOUND', 'no table missing');
      return {
        schemaVersion: 'v1',
        replicationFactor: 3,
        ranges: [
          {
            startToken: '9223372036854775807',
            endToken: '-9223372036854775808',
            endpoints: ['10.0.0.1'],
            rpcEndpoints: ['10.0.0.1'],
            endpointDetails: [{ host: '10.0.0.1', datacenter: 'datacenter1', rack: 'rack1' }],
          },
        ],
      };
    },
    async gossipInfo() {
      return {
        endpoints: [
          { endpoint: node.endpoint, generation: 1_700_000_000, heartbeat: 2 ** 40, states: { STATUS: 'NORMAL' }, stateVersions: { STATUS: 12 }, up: true },
        ],
      };
    },
    async getEndpoints(r) {
      return { endpoints: [`${r.table}/${r.key}`, '10.0.0.2'] };
    },
    async describeCluster() {
      return { name: 'Test Cluster', snitch: 'SimpleSnitch', partitioner: 'Murmur3Partitioner', schemaVersions: { v1: { addresses: ['10.0.0.1', '10.0.0.2'] } } };
    },
    async decommission(_r, emit) {
      emit({ message: 'streaming ranges', done: false });
      emit({ message: 'left the ring', done: false });
      emit({ message: 'decommissioned', done: true });
    },
    async cleanup(r, emit) {
      emit({ message: `cleaning ${r.table || 'all tables'}`, done: false });
      throw new ClusterError('STORAGE_NOT_OPEN', 'storage closed');
    },
    async removeNode(r, emit) {
      emit({ message: `removed ${r.hostId}`, done: true });
    },
    async repair(r, emit) {
      emit({ message: `repairing ${r.table || 'all tables'}`, done: false });
      emit({ message: 'repaired', done: true });
    },
    async listPendingHints() {
      return {
        targets: [
          { hostId: node.hostId, endpoint: node.endpoint, datacenter: 'datacenter1', rack: 'rack1', up: false, known: true, totalHints: 2 ** 40, totalFiles: 1, oldestMs: 1_700_000_000_000, newestMs: 1_700_000_000_123 },
        ],
      };
    },
    async waitHints(r) {
      asked.push(`waitHints:${r.target}:${r.timeoutMs}`);
      return { delivered: 7, remaining: 0 };
    },
  };

  beforeAll(async () => {
    server = createGrpcServer();
    addAdminService(server, handlers);
    client = new AdminClient(`127.0.0.1:${await startGrpcServer(server, '127.0.0.1', 0)}`);
  });

  afterAll(async () => {
    client.close();
    await stopGrpcServer(server, 100);
  });

  it('answers status and ring with node info, sizes as numbers and tokens as strings', async () => {
    expect(await client.status({ table: 'users' })).toEqual({ nodes: [node] });
    expect(await client.ring()).toEqual({ nodes: [node], ring: [{ token: '-9223372036854775808', endpoint: node.endpoint }] });
    expect(asked).toEqual(['status:users', 'ring:']);
  });

  it('answers info with every int64 field as a number, -1 included', async () => {
    expect(await client.info()).toEqual(info);
  });

  it('answers describering and carries its ClusterError', async () => {
    const ring = await client.describeRing({ table: 'users' });
    expect(ring.replicationFactor).toBe(3);
    expect(ring.ranges[0]!.endpointDetails).toEqual([{ host: '10.0.0.1', datacenter: 'datacenter1', rack: 'rack1' }]);
    const err = await client.describeRing({ table: 'missing' }).catch((e: unknown) => e);
    expect((err as ClusterError).code).toBe('TABLE_NOT_FOUND');
  });

  it('answers gossipinfo with its maps', async () => {
    expect(await client.gossipInfo()).toEqual({
      endpoints: [
        { endpoint: node.endpoint, generation: 1_700_000_000, heartbeat: 2 ** 40, states: { STATUS: 'NORMAL' }, stateVersions: { STATUS: 12 }, up: true },
      ],
    });
  });

  it('answers getendpoints and describecluster', async () => {
    expect(await client.getEndpoints({ table: 't', key: 'k' })).toEqual({ endpoints: ['t/k', '10.0.0.2'] });
    expect((await client.describeCluster()).schemaVersions).toEqual({ v1: { addresses: ['10.0.0.1', '10.0.0.2'] } });
  });

  it('streams the progress of a decommission to its final line', async () => {
    expect(await collect(client.decommission())).toEqual([
      { message: 'streaming ranges', done: false },
      { message: 'left the ring', done: false },
      { message: 'decommissioned', done: true },
    ]);
  });

  it('streams progress and then the ClusterError of a failing operation', async () => {
    const seen: Progress[] = [];
    const err = await (async () => {
      for await (const p of client.cleanup({ table: 'users' })) seen.push(p);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ message: 'cleaning users', done: false }]);
    expect((err as ClusterError).code).toBe('STORAGE_NOT_OPEN');
  });

  it('passes the removenode request', async () => {
    expect(await collect(client.removeNode({ hostId: 'abc' }))).toEqual([{ message: 'removed abc', done: true }]);
  });

  it('streams the progress of a repair, passing the table', async () => {
    expect(await collect(client.repair({ table: 'users' }))).toEqual([
      { message: 'repairing users', done: false },
      { message: 'repaired', done: true },
    ]);
    expect(await collect(client.repair())).toEqual([
      { message: 'repairing all tables', done: false },
      { message: 'repaired', done: true },
    ]);
  });

  it('lists pending hints with int64 counts and times as numbers', async () => {
    const { targets } = await client.listPendingHints();
    expect(targets).toEqual([
      { hostId: node.hostId, endpoint: node.endpoint, datacenter: 'datacenter1', rack: 'rack1', up: false, known: true, totalHints: 2 ** 40, totalFiles: 1, oldestMs: 1_700_000_000_000, newestMs: 1_700_000_000_123 },
    ]);
  });

  it('waits for hints, passing the target and the timeout as a number', async () => {
    expect(await client.waitHints({ target: '10.0.0.3', timeoutMs: 6000 })).toEqual({ delivered: 7, remaining: 0 });
    expect(asked).toContain('waitHints:10.0.0.3:6000');
  });
});
