import { describe, expect, it } from 'vitest';
import {
  TimestampSource,
  recordDigest,
  liveItem,
  mergeRecords,
  type ItemRecord,
  type Mutation,
  type PrimaryKey,
} from '@dynaring/core';
import { Coordinator, type Placement, type ReplicaRef } from '@dynaring/coordinator';
import { StubReplica, tableMeta } from './support/fixtures.js';
import { PaxosAcceptor, paxosKeyId, type PaxosKey, type PaxosState } from '@dynaring/paxos';

/** An in-memory replica that can be told to fail. */
class MemoryReplica extends StubReplica {
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
}

/** Paxos state kept in memory: durable enough for one test. */
function memoryPaxosStates() {
  const states = new Map<string, PaxosState>();
  return {
    get: async (key: PaxosKey) => states.get(paxosKeyId(key)),
    put: async (key: PaxosKey, state: PaxosState) => void states.set(paxosKeyId(key), state),
  };
}

function setup(rf: number, pendingCount = 0, coordinatorCount = 1) {
  const replicas = Array.from({ length: rf + pendingCount }, () => new MemoryReplica());
  const refs: ReplicaRef[] = replicas.map((api, i) => ({ endpoint: `n${i}`, api, local: i === 0, alive: true }));
  const acceptors = new Map(refs.map((r, i) => [r.endpoint, new PaxosAcceptor(memoryPaxosStates(), replicas[i]!)]));
  const natural = refs.slice(0, rf);
  const pending = refs.slice(rf);
  const placement: Placement = {
    readReplicas: () => natural,
    writeReplicas: () => ({ natural, pending }),
    scanRanges: () => [],
    allReplicas: () => refs,
    liveNodeCount: () => rf,
  };
  let now = 1000;
  const coordinators = Array.from(
    { length: coordinatorCount },
    (_, i) =>
      new Coordinator({
        placement,
        timestamps: new TimestampSource({ nowMs: () => now++ }),
        cas: { acceptorOf: (r) => acceptors.get(r.endpoint)!, nodeId: `c${i}` },
      }),
  );
  const coordinator = coordinators[0]!;
  const table = tableMeta({ rf });
  return { replicas, refs, coordinator, coordinators, table };
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

  it('isolates increments through casItem across coordinators', async () => {
    const { coordinators, coordinator, table } = setup(3, 0, 3);
    await coordinator.write(table, key, { kind: 'put', item: { k: { S: 'a' }, n: { N: '0' } } });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        coordinators[i % 3]!.casItem(table, key, (current) => {
          const n = Number((current!.n as { N: string }).N) + 1;
          return { write: { kind: 'update', set: { n: { N: String(n) } }, remove: [] }, result: n };
        }),
      ),
    );
    expect(await coordinator.read(table, key, 'QUORUM')).toEqual({ k: { S: 'a' }, n: { N: '30' } });
  });

  it('keeps LWT working with one of three replicas down', async () => {
    const { replicas, coordinator, table } = setup(3);
    replicas[2]!.failing = true;
    const result = await coordinator.casItem(table, key, (current) => ({ write: { kind: 'put', item: { k: { S: 'a' } } }, result: current }));
    expect(result).toBeNull();
    expect(await coordinator.read(table, key, 'QUORUM')).toEqual({ k: { S: 'a' } });
  });

  it('refuses LWT while more than one replica of the item is pending', async () => {
    const { coordinator, table } = setup(3, 2);
    await expect(coordinator.casItem(table, key, () => ({ write: null, result: 0 }))).rejects.toMatchObject({ code: 'CLUSTER_UNAVAILABLE' });
  });

  it('needs a quorum of the natural replicas plus the pending one', async () => {
    const { refs, coordinator, table } = setup(3, 1);
    // Four participants, three required: a majority of the four alive is not enough.
    refs[1]!.alive = false;
    refs[3]!.alive = false;
    await expect(coordinator.casItem(table, key, () => ({ write: { kind: 'put', item: { k: { S: 'a' } } }, result: 0 }))).rejects.toMatchObject({
      code: 'CLUSTER_UNAVAILABLE',
    });
  });
});
