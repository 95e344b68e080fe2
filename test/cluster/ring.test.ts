/**
 * Three nodes come up and agree: every node lists the same three nodes UN with the same host
 * ids and token counts, gossips STATUS as Cassandra does, describes a table's ring identically,
 * sees the others' load and schema version as they change, and serves /localnodes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseDescribeRing, startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable, putItems } from '../support/cluster-items.js';

const ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];

describe('a three-node ring', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    cluster = await startCluster({ name: 'ring.test.ts', nodes: 3 });
    db = clientsFor(cluster);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('every node shows the same three nodes UN with the same host ids and token counts', async () => {
    const views = await Promise.all([0, 1, 2].map(async (i) => {
      const entries = await cluster.status(i);
      return entries.map((e) => ({ address: e.address, status: e.status, hostId: e.hostId, tokens: e.tokens })).sort((a, b) => a.address.localeCompare(b.address));
    }));
    expect(views[0]!.map((e) => e.address)).toEqual(ADDRESSES);
    expect(views[0]!.map((e) => e.status)).toEqual(['UN', 'UN', 'UN']);
    expect(views[0]!.map((e) => e.tokens)).toEqual([16, 16, 16]);
    expect(new Set(views[0]!.map((e) => e.hostId)).size).toBe(3);
    expect(views[0]!.every((e) => /^[0-9a-f-]{36}$/.test(e.hostId))).toBe(true);
    expect(views[1]).toEqual(views[0]);
    expect(views[2]).toEqual(views[0]);
  });

  it('gossipinfo shows each node\'s STATUS and LOAD as Cassandra spells them: NORMAL and its first token, a Java double', async () => {
    const json = JSON.parse(await cluster.nodetool(0, 'gossipinfo', '--json')) as {
      endpoints: Array<{ endpoint: string; states: Record<string, string> }>;
    };
    const text = await cluster.nodetool(0, 'gossipinfo');
    expect(json.endpoints).toHaveLength(3);
    for (const ep of json.endpoints) {
      const firstToken = ep.states['TOKENS']!.split(',')[0]!;
      expect(ep.states['STATUS']).toBe(`NORMAL,${firstToken}`);
      // LOAD as Java's Double.toString prints it.
      expect(ep.states['LOAD']).toMatch(/^(\d{1,7}\.\d+|\d\.\d+E\d+)$/);
      const host = ep.endpoint.split(':')[0]!;
      const block = text.split(/^(?=\/)/m).find((b) => b.startsWith(`/${host}\n`))!;
      expect(block).toMatch(new RegExp(`^  STATUS:\\d+:NORMAL,${firstToken}$`, 'm'));
    }
  });

  it('every node describes a new table\'s ring identically', async () => {
    const table = await createClusterTable(cluster, db, 'ring');
    // Schema reaches the other nodes by gossip, so their answers may lag for a moment.
    const texts = await waitFor(async () => {
      const all = await Promise.all([0, 1, 2].map((i) => cluster.nodetool(i, 'describering', table)));
      return all.every((t) => t === all[0]) ? all : undefined;
    }, 15_000, 'identical describering output on all nodes');
    const ring = parseDescribeRing(texts[0]!);
    expect(ring.ranges).toHaveLength(48);
    expect(new Set(ring.ranges.flatMap((r) => r.endpoints))).toEqual(new Set(ADDRESSES));
    // Consecutive ranges meet: together they cover the whole token ring once.
    const sorted = [...ring.ranges].sort((a, b) => (BigInt(a.endToken) < BigInt(b.endToken) ? -1 : 1));
    sorted.forEach((r, k) => expect(r.startToken).toBe(sorted[(k + sorted.length - 1) % sorted.length]!.endToken));
  });

  it('every node sees the others\' load grow and their schema agree, as gossip updates them', async () => {
    const table = await createClusterTable(cluster, db, 'load');
    // ~300 KB through node 1: every node's LevelDB (log included) then holds over 200 KB.
    await putItems(db(0), table, new Map(Array.from({ length: 300 }, (_, k) => [`pk${k}`, 'v'.repeat(1000)])));
    for (const i of [0, 1, 2]) {
      await waitFor(async () => {
        const loads = (await cluster.status(i)).map((e) => Number(e.raw.loadBytes));
        return loads.length === 3 && loads.every((b) => b > 200_000) ? loads : undefined;
      }, 30_000, `every node's load above 200 KB in nodetool status on ${ADDRESSES[i]}`);
      const described = await cluster.nodetoolJson<{ schemaVersions: Record<string, { addresses: string[] }> }>(i, 'describecluster');
      expect(Object.values(described.schemaVersions).map((v) => [...v.addresses].sort())).toEqual([ADDRESSES]);
    }
  }, 60_000);

  it('GET /localnodes lists the three live nodes on every node and drops a killed one', async () => {
    for (const i of [0, 1, 2]) expect((await cluster.localNodes(i)).sort()).toEqual(ADDRESSES);
    await cluster.kill(2);
    for (const i of [0, 1]) {
      await waitFor(async () => {
        const nodes = (await cluster.localNodes(i)).sort();
        return nodes.join() === ADDRESSES.slice(0, 2).join() ? nodes : undefined;
      }, 15_000, `/localnodes on ${ADDRESSES[i]} to drop 127.0.0.3`);
    }
  }, 60_000);
});
