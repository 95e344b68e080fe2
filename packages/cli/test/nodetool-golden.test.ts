import { describe, expect, it } from 'vitest';
import type { DescribeClusterResponse, DescribeRingResponse } from '../src/admin-api.js';
import {
  gossip,
  info,
  joiningNode,
  threeNodesOneDown,
  threeNodesOneDownWithTable,
  threeNodesRing,
  threeNodesRingWithTable,
  twoDatacenters,
  twoDatacentersRing,
} from './clusters.js';
import { FakeAdmin, run } from './fake-admin.js';
import { expectGolden } from './golden.js';

async function output(argv: string[], fake: FakeAdmin): Promise<string> {
  const result = await run(argv, fake);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

describe('nodetool status', () => {
  it('prints three nodes with one down, Owns "?" and the ownership note without a table', async () => {
    expectGolden(await output(['status'], new FakeAdmin({ status: threeNodesOneDown })), 'status-three-nodes');
  });

  it('prints effective ownership for a table', async () => {
    const fake = new FakeAdmin({ status: threeNodesOneDownWithTable });
    expectGolden(await output(['status', 'users'], fake), 'status-three-nodes-table');
    expect(fake.calls).toEqual([{ method: 'status', req: { table: 'users' } }]);
  });

  it('marks a joining node UJ with unknown load and ownership', async () => {
    expectGolden(await output(['status', 'users'], new FakeAdmin({ status: joiningNode })), 'status-joining');
  });

  it('prints one section per datacenter, sorted, with columns aligned across them', async () => {
    expectGolden(await output(['status', 'users'], new FakeAdmin({ status: twoDatacenters })), 'status-two-dcs');
  });
});

describe('nodetool ring', () => {
  it('prints one row per token, the last token first and the vnodes warning', async () => {
    expectGolden(await output(['ring'], new FakeAdmin({ ring: threeNodesRing })), 'ring-three-nodes');
  });

  it('prints ownership with two decimals for a table', async () => {
    expectGolden(await output(['ring', 'users'], new FakeAdmin({ ring: threeNodesRingWithTable })), 'ring-three-nodes-table');
  });

  it('prints one block per datacenter', async () => {
    expectGolden(await output(['ring'], new FakeAdmin({ ring: twoDatacentersRing })), 'ring-two-dcs');
  });
});

describe('nodetool info', () => {
  it('prints the node summary with the token count', async () => {
    expectGolden(await output(['info'], new FakeAdmin({ info })), 'info');
  });

  it('lists every token with -T', async () => {
    expectGolden(await output(['info', '-T'], new FakeAdmin({ info })), 'info-tokens');
  });

  it('says a joining node is not joined', async () => {
    const joining = { ...info, state: 'JOINING', gossipActive: false };
    expectGolden(await output(['info'], new FakeAdmin({ info: joining })), 'info-joining');
  });
});

describe('nodetool describering', () => {
  it('prints the schema version and one TokenRange line per range', async () => {
    const describeRing: DescribeRingResponse = {
      schemaVersion: '59adb24e-f3cd-3e02-97f0-5b395827453f',
      replicationFactor: 2,
      ranges: [
        {
          startToken: '9117282350467461040',
          endToken: '-9187343239835811840',
          endpoints: ['127.0.0.1', '127.0.0.2'],
          rpcEndpoints: ['127.0.0.1', '127.0.0.2'],
          endpointDetails: [
            { host: '127.0.0.1', datacenter: 'datacenter1', rack: 'rack1' },
            { host: '127.0.0.2', datacenter: 'datacenter1', rack: 'rack1' },
          ],
        },
        {
          startToken: '-9187343239835811840',
          endToken: '-7686143364045646507',
          endpoints: ['127.0.0.2', '127.0.0.3'],
          rpcEndpoints: ['127.0.0.2', '127.0.0.3'],
          endpointDetails: [
            { host: '127.0.0.2', datacenter: 'datacenter1', rack: 'rack1' },
            { host: '127.0.0.3', datacenter: 'datacenter1', rack: 'rack2' },
          ],
        },
      ],
    };
    const fake = new FakeAdmin({ describeRing });
    expectGolden(await output(['describering', 'users'], fake), 'describering');
    expect(fake.calls).toEqual([{ method: 'describeRing', req: { table: 'users' } }]);
  });
});

describe('nodetool gossipinfo', () => {
  it('prints each endpoint with generation, heartbeat and versioned states, tokens hidden', async () => {
    expectGolden(await output(['gossipinfo'], new FakeAdmin({ gossipInfo: gossip })), 'gossipinfo');
  });
});

describe('nodetool getendpoints', () => {
  it('prints one replica address per line', async () => {
    const fake = new FakeAdmin({ getEndpoints: { endpoints: ['127.0.0.2', '127.0.0.3', '127.0.0.1'] } });
    expectGolden(await output(['getendpoints', 'users', 'alice'], fake), 'getendpoints');
    expect(fake.calls).toEqual([{ method: 'getEndpoints', req: { table: 'users', key: 'alice' } }]);
  });
});

describe('nodetool describecluster', () => {
  it('prints name, snitch, partitioner and the schema versions map', async () => {
    const describeCluster: DescribeClusterResponse = {
      name: 'dynaring',
      snitch: 'GossipingPropertyFileSnitch',
      partitioner: 'org.apache.cassandra.dht.Murmur3Partitioner',
      schemaVersions: {
        '59adb24e-f3cd-3e02-97f0-5b395827453f': { addresses: ['127.0.0.2', '127.0.0.1'] },
        UNREACHABLE: { addresses: ['127.0.0.3'] },
      },
    };
    expectGolden(await output(['describecluster'], new FakeAdmin({ describeCluster })), 'describecluster');
  });
});

describe('long operations', () => {
  const progress = [
    { message: 'DECOMMISSIONING: streaming 3 ranges to 2 nodes', done: false },
    { message: 'streamed users (1/3 ranges)', done: false },
    { message: 'streamed users (3/3 ranges)', done: false },
    { message: 'DECOMMISSIONED', done: true },
  ];

  it('decommission prints progress lines as they stream', async () => {
    expectGolden(await output(['decommission'], new FakeAdmin({ progress })), 'decommission');
  });

  it('cleanup passes the table and prints progress', async () => {
    const fake = new FakeAdmin({ progress: [{ message: 'cleaned users: 1204 items removed', done: true }] });
    expectGolden(await output(['cleanup', 'users'], fake), 'cleanup');
    expect(fake.calls).toEqual([{ method: 'cleanup', req: { table: 'users' } }]);
  });

  it('repair passes the table and prints progress', async () => {
    const fake = new FakeAdmin({
      progress: [
        { message: 'repair of users: range 1/2, 3 differing leaves, 7 rows streamed', done: false },
        { message: 'repair of users: range 2/2, 0 differing leaves, 0 rows streamed (127.0.0.3:7000 unavailable: repaired among the live replicas only)', done: false },
        { message: 'repair of users complete: 2 ranges, 3 differing leaves, 7 rows streamed, 1 ranges without every replica', done: false },
        { message: 'Repair completed: 1 tables, 2 ranges, 3 differing leaves, 7 rows streamed', done: true },
      ],
    });
    expectGolden(await output(['repair', 'users'], fake), 'repair');
    expect(fake.calls).toEqual([{ method: 'repair', req: { table: 'users' } }]);
  });

  it('repair without a table repairs every table', async () => {
    const fake = new FakeAdmin({ progress: [{ message: 'Repair completed: 0 tables, 0 ranges, 0 differing leaves, 0 rows streamed', done: true }] });
    await output(['repair'], fake);
    expect(fake.calls).toEqual([{ method: 'repair', req: {} }]);
  });

  it('removenode passes the host id and prints progress', async () => {
    const fake = new FakeAdmin({
      progress: [
        { message: 'Removing node c3d9a1f0-6b2e-4c8d-a7f1-0e4b9c2d3a03: restoring replicas of 4 ranges', done: false },
        { message: 'RemovalStatus: Removed node c3d9a1f0-6b2e-4c8d-a7f1-0e4b9c2d3a03', done: true },
      ],
    });
    expectGolden(await output(['removenode', 'c3d9a1f0-6b2e-4c8d-a7f1-0e4b9c2d3a03'], fake), 'removenode');
    expect(fake.calls).toEqual([{ method: 'removeNode', req: { hostId: 'c3d9a1f0-6b2e-4c8d-a7f1-0e4b9c2d3a03' } }]);
  });
});
