import { describe, expect, it } from 'vitest';
import {
  TimestampSource,
  recordDigest,
  liveItem,
  mergeRecords,
  type ItemRecord,
  type Mutation,
  type PrimaryKey,
  type ReplicaApi,
  type TableMeta,
} from '@dynaring/core';
import { Coordinator, type Placement } from '@dynaring/coordinator';

/** An in-memory replica that can be told to fail. */
class MemoryReplica implements ReplicaApi {
  readonly records = new Map<string, ItemRecord>();
  failing = false;
  calls = { read: 0, digest: 0 };
  async apply(m: Mutation): Promise<void> {
    if (this.failing) throw new Error('down');
    const k = JSON.stringify(m.key);
    this.records.set(k, mergeRecords(this.records.get(k), { cells: m.cells, tombstoneMicros: m.itemTombstoneMicros }));
  }
  async read(_t: string, _token: bigint, key: PrimaryKey): Promise<ItemRecord | null> {
    this.calls.read++;
    if (this.failing) throw new Error('down');
    return this.records.get(JSON.stringify(key)) ?? null;
  }
  async digest(_t: string, _token: bigint, key: PrimaryKey): Promise<string> {
    this.calls.digest++;
    if (this.failing) throw new Error('down');
    return recordDigest(this.records.get(JSON.stringify(key)) ?? null);
  }
  async queryPartition() {
    return [];
  }
  async scanRange() {
    return [];
  }
  async dropTable() {}
  async merkleTree(): Promise<string[]> {
    return [];
  }
}

function setup(rf: number) {
  const replicas = Array.from({ length: rf }, () => new MemoryReplica());
  const refs = replicas.map((api, i) => ({ endpoint: `n${i}`, api, local: i === 0, alive: true }));
  const placement: Placement = {
    readReplicas: () => refs,
    writeReplicas: () => ({ natural: refs, pending: [] }),
    scanRanges: () => [],
    allReplicas: () => refs,
    liveNodeCount: () => rf,
  };
  let now = 1000;
  const coordinator = new Coordinator({ placement, timestamps: new TimestampSource({ nowMs: () => now++ }) });
  const table: TableMeta = {
    name: 't',
    id: 'id',
    keySchema: { hash: { name: 'k', type: 'S' } },
    attributeDefinitions: [],
    billingMode: 'PAY_PER_REQUEST',
    readCapacityUnits: 0,
    writeCapacityUnits: 0,
    creationDateTimeMs: 0,
    rf,
    tags: {},
  };
  return { replicas, coordinator, table };
}

const key: PrimaryKey = { hash: { S: 'a' } };

describe('Coordinator', () => {
  it('acknowledges a write at QUORUM with one of three replicas down', async () => {
    const { replicas, coordinator, table } = setup(3);
    replicas[2]!.failing = true;
    await coordinator.write(table, key, { kind: 'put', item: { k: { S: 'a' } } });
    expect(replicas.slice(0, 2).every((r) => r.records.size === 1)).toBe(true);
  });

  it('fails a QUORUM write with two of three replicas down', async () => {
    const { replicas, coordinator, table } = setup(3);
    replicas[1]!.failing = true;
    replicas[2]!.failing = true;
    await expect(coordinator.write(table, key, { kind: 'put', item: { k: { S: 'a' } } })).rejects.toMatchObject({
      code: 'CLUSTER_UNAVAILABLE',
    });
  });

  it('repairs a stale replica during a QUORUM read before answering', async () => {
    const { replicas, coordinator, table } = setup(3);
    replicas[1]!.failing = true;
    await coordinator.write(table, key, { kind: 'put', item: { k: { S: 'a' }, v: { N: '1' } } });
    replicas[1]!.failing = false;
    // Replica 1 missed the write; a quorum read over replicas 0 and 1 must still see it...
    const stale = replicas[1]!;
    expect(stale.records.size).toBe(0);
    const item = await coordinator.read(table, key, 'QUORUM');
    expect(item).toEqual({ k: { S: 'a' }, v: { N: '1' } });
    // ...and the replicas it read now hold the merge.
    expect(liveItem(stale.records.get(JSON.stringify(key)))).toEqual({ k: { S: 'a' }, v: { N: '1' } });
  });

  it('reads the data once and digests from the rest of the quorum when replicas agree', async () => {
    const { replicas, coordinator, table } = setup(3);
    await coordinator.write(table, key, { kind: 'put', item: { k: { S: 'a' }, v: { N: '1' } } });
    for (const r of replicas) r.calls = { read: 0, digest: 0 };
    expect(await coordinator.read(table, key, 'QUORUM')).toEqual({ k: { S: 'a' }, v: { N: '1' } });
    const total = replicas.reduce((acc, r) => ({ read: acc.read + r.calls.read, digest: acc.digest + r.calls.digest }), { read: 0, digest: 0 });
    expect(total).toEqual({ read: 1, digest: 1 });
  });

  it('runs read-modify-writes on one item one at a time', async () => {
    const { coordinator, table } = setup(1);
    await coordinator.write(table, key, { kind: 'put', item: { k: { S: 'a' }, n: { N: '0' } } });
    await Promise.all(
      Array.from({ length: 50 }, () =>
        coordinator.readModifyWrite(table, key, (current) => {
          const n = Number((current!.n as { N: string }).N) + 1;
          return { write: { kind: 'update', set: { n: { N: String(n) } }, remove: [] }, result: n };
        }),
      ),
    );
    expect(await coordinator.read(table, key)).toEqual({ k: { S: 'a' }, n: { N: '50' } });
  });
});
