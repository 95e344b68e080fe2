/**
 * Network partitions between real network stacks: each node runs in its own Linux network
 * namespace, wired to a bridge this test owns (support/netns-topology.ts), and partitions are
 * nftables drop rules inside the namespaces (support/netns-partitioner.ts). Five windows in a
 * seeded order: the seed node cut off both ways (a minority of one), another node cut off
 * both ways, one node's requests lost (one way), requests to one node lost (the other way),
 * and a bridge (two nodes cannot reach each other, the third reaches both). Six clients
 * write, delete and ConsistentRead through all three nodes the whole time. A minority must
 * acknowledge nothing; after healing and repair the history passes the same checkers as the
 * process-fault suite. Skips, saying why, without root, ip, nft or namespaces; namespaces,
 * veths, bridge and tables are removed in afterAll, and leftovers of crashed runs in beforeAll.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sleep } from '../support/cluster.js';
import { clientsFor, createClusterTable } from '../support/cluster-items.js';
import {
  History,
  monotonicNow,
  pairOperations,
  summarizeOperations,
  type Anomaly,
} from '../support/history/index.js';
import { NetnsCluster } from './support/netns-cluster.js';
import { describePartition, NetnsPartitioner, type Partition } from './support/netns-partitioner.js';
import { openNetnsTopology, type NetnsTopology } from './support/netns-topology.js';
import { repairIfSupported } from './support/repair.js';
import { faultSeed, SeededRandom } from './support/seeded-random.js';
import { historyCheckTests } from './support/history-checks.js';
import { finalReads, startWorkload } from './support/workload.js';

const SEED = faultSeed();
const NODES = 3;
const KEYS = 8;
/** Node 1 is every node's seed: the cluster must also survive the seed in the minority. */
const SEED_NODE = 0;

interface PartitionWindow extends Partition {
  start: number;
  end: number;
  /** Packets the window's rules dropped, read just before healing. */
  droppedPackets: number;
}

/** One window of each kind, the seed node isolated in one of them, in a seeded order. */
function schedule(random: SeededRandom): Partition[] {
  const plan: Partition[] = [
    { kind: 'both', node: SEED_NODE },
    { kind: 'both', node: 1 + random.int(NODES - 1) },
    { kind: 'from-isolated', node: random.int(NODES) },
    { kind: 'to-isolated', node: random.int(NODES) },
    { kind: 'bridge', node: random.int(NODES) },
  ];
  for (let i = plan.length - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }
  return plan;
}

describe(`fault suite under partitions between network namespaces (seed ${SEED})`, () => {
  let topology: NetnsTopology | undefined;
  let partitioner: NetnsPartitioner | undefined;
  let cluster: NetnsCluster | undefined;
  let skipReason: string | undefined;
  let table: string;
  const history = new History();
  const windows: PartitionWindow[] = [];
  let finalFrom = Infinity;
  let repair = 'not run';
  const anomalies = new Map<string, Anomaly[]>();
  const startedAt = Date.now();
  let failed = false;

  beforeAll(async () => {
    const opened = await openNetnsTopology(NODES);
    if (typeof opened === 'string') {
      skipReason = opened;
      process.stderr.write(`[faults] netns partition tests skipped: ${opened}\n`);
      return;
    }
    topology = opened;
    cluster = await NetnsCluster.start(topology, { writeRequestTimeoutMs: 2_000, readRequestTimeoutMs: 2_000 });
    partitioner = await NetnsPartitioner.open(topology, cluster.storagePort);
    table = await createClusterTable(cluster, clientsFor(cluster), 'netns', 0);
  }, 60_000);

  afterAll(async () => {
    try {
      if (!skipReason) {
        const found = [...anomalies.values()].flat();
        const byKind = [...anomalies].map(([checker, list]) => `${checker} ${list.length}`).join(', ');
        const kinds = windows.map(describePartition).join(', ');
        const dropped = windows.reduce((sum, w) => sum + w.droppedPackets, 0);
        process.stdout.write(
          `[faults] netns partitions (${topology?.subnet}), seed ${SEED}: ops ${summarizeOperations(history.ops)}; ` +
            `faults partition ${windows.length} (${kinds}), ${dropped} packets dropped; anomalies ${found.length} (${byKind}); ` +
            `${repair}; ${Math.round((Date.now() - startedAt) / 1000)} s\n`,
        );
        if (failed && cluster) {
          const dir = dirname(dirname(cluster.node(0).dataDir));
          history.dump(join(dir, 'history.jsonl'));
          writeFileSync(join(dir, 'faults.json'), JSON.stringify({ seed: SEED, subnet: topology?.subnet, windows, finalFrom, anomalies: found }, null, 1));
          process.stderr.write(`[faults] history and partitions written to ${dir}\n`);
        }
      }
      await cluster?.stop();
    } finally {
      await partitioner?.close();
      await topology?.close();
    }
  }, 30_000);

  beforeEach((ctx) => {
    if (skipReason) ctx.skip(skipReason);
    ctx.onTestFailed(() => {
      failed = true;
      cluster?.reportFailure();
    });
  });

  it('runs the workload through five kinds of partition, heals, repairs, and reads every key back through every node', async () => {
    const c = cluster!;
    const p = partitioner!;
    const t = topology!;
    const random = new SeededRandom(SEED);
    const workload = startWorkload({ cluster: c, table, history, random: new SeededRandom(SEED + 1), clients: 6, keys: KEYS, requestTimeoutMs: 3_000 });
    try {
      await sleep(1_000);
      for (const partition of schedule(random)) {
        await p.partition(partition);
        const start = monotonicNow();
        const holdMs = random.between(4_000, 6_000);
        if (partition.kind === 'both') {
          // Proof that the cut is real at the cluster's level, on both sides of it.
          const inMajority = (partition.node + 1) % NODES;
          await Promise.all([
            c.waitForStatus(inMajority, t.address(partition.node), 'DN', 15_000),
            c.waitForStatus(partition.node, t.address(inMajority), 'DN', 15_000),
          ]);
        }
        await sleep(Math.max(0, start + holdMs - monotonicNow()));
        const droppedPackets = await p.droppedPackets();
        windows.push({ ...partition, start, end: monotonicNow(), droppedPackets });
        await p.heal();
        await c.waitForNormal(30_000);
        await sleep(random.between(1_000, 2_000));
      }
    } finally {
      await p.heal();
      await workload.stop();
    }
    repair = await repairIfSupported(c, table);
    finalFrom = monotonicNow();
    await finalReads({ cluster: c, table, history, keys: KEYS });
    const ops = pairOperations(history.ops);
    expect(ops.filter((o) => o.f === 'write' && o.outcome === 'ok').length).toBeGreaterThan(100);
    expect(ops.filter((o) => o.f === 'read' && o.outcome === 'ok' && o.invokeTime >= finalFrom).length).toBe(NODES * KEYS);
  }, 110_000);

  it('dropped storage traffic in every window, so each partition really cut something', () => {
    expect(windows.map((w) => `${describePartition(w)}: ${w.droppedPackets > 0 ? 'dropped' : 'nothing dropped'}`)).toEqual(
      windows.map((w) => `${describePartition(w)}: dropped`),
    );
  });

  it('acknowledges nothing through a node cut off both ways, while the majority keeps serving', () => {
    const ops = pairOperations(history.ops);
    for (const w of windows.filter((x) => x.kind === 'both')) {
      const during = ops.filter((o) => o.invokeTime >= w.start && o.completeTime <= w.end);
      const minority = during.filter((o) => o.node === w.node);
      expect(minority.length, `operations through n${w.node + 1} while it was cut off`).toBeGreaterThan(0);
      expect(minority.filter((o) => o.outcome === 'ok')).toEqual([]);
      expect(during.filter((o) => o.node !== w.node && o.f === 'write' && o.outcome === 'ok').length, `majority writes while n${w.node + 1} was cut off`).toBeGreaterThan(0);
    }
  });

  historyCheckTests(history, () => finalFrom, anomalies);
});
