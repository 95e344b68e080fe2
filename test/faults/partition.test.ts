/**
 * Network partitions with nftables on loopback: node 3 is cut off from nodes 1 and 2 on the
 * storage port, in both directions and in each single direction (two rounds), while six
 * clients write, delete and ConsistentRead through all three nodes. The isolated node must acknowledge
 * nothing while fully cut off; the majority keeps serving; after healing, the history passes
 * the same checkers as the process-fault suite. Skips, saying why, without root, nft or
 * cgroup v2. The nftables table and cgroups are removed in afterAll.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sleep, startCluster, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable } from '../support/cluster-items.js';
import {
  History,
  monotonicNow,
  pairOperations,
  summarizeOperations,
  type Anomaly,
} from '../support/history/index.js';
import { openPartitioner, type Direction, type LoopbackPartitioner } from './support/loopback-partition.js';
import { faultSeed, SeededRandom } from './support/seeded-random.js';
import { historyCheckTests } from './support/history-checks.js';
import { finalReads, startWorkload } from './support/workload.js';

const SEED = faultSeed();
const KEYS = 8;
const ISOLATED = 2;
const ROUNDS = 2;

interface PartitionWindow {
  direction: Direction;
  start: number;
  end: number;
}

describe(`fault suite under network partitions (seed ${SEED})`, () => {
  let partitioner: LoopbackPartitioner | undefined;
  let skipReason: string | undefined;
  let cluster: Cluster | undefined;
  let table: string;
  const history = new History();
  const windows: PartitionWindow[] = [];
  let finalFrom = Infinity;
  const anomalies = new Map<string, Anomaly[]>();
  const startedAt = Date.now();
  let failed = false;

  beforeAll(async () => {
    const opened = await openPartitioner();
    if (typeof opened === 'string') {
      skipReason = opened;
      process.stderr.write(`[faults] partition tests skipped: ${opened}\n`);
      return;
    }
    partitioner = opened;
    const c = await partitioner.inMajorityGroup(() =>
      startCluster({ name: 'faults/partition.test.ts', nodes: 3, writeRequestTimeoutMs: 2_000, readRequestTimeoutMs: 2_000 }),
    );
    cluster = c;
    // Node 3 is started again inside its own group, so that its sockets can be told apart.
    await c.kill(ISOLATED, 'SIGKILL');
    await partitioner.inIsolatedGroup(() => c.restart(ISOLATED));
    await c.waitForNormal(30_000);
    table = await createClusterTable(c, clientsFor(c), 'partition', 0);
  }, 180_000);

  afterAll(async () => {
    try {
      if (!skipReason) {
        const found = [...anomalies.values()].flat();
        const byKind = [...anomalies].map(([checker, list]) => `${checker} ${list.length}`).join(', ');
        const kinds = windows.map((w) => w.direction).join(', ');
        process.stdout.write(
          `[faults] partitions, seed ${SEED}: ops ${summarizeOperations(history.ops)}; faults partition ${windows.length} (${kinds}); ` +
            `anomalies ${found.length} (${byKind}); ${Math.round((Date.now() - startedAt) / 1000)} s\n`,
        );
        if (failed && cluster) {
          const dir = dirname(dirname(cluster.node(0).dataDir));
          history.dump(join(dir, 'history.jsonl'));
          writeFileSync(join(dir, 'faults.json'), JSON.stringify({ seed: SEED, windows, finalFrom, anomalies: found }, null, 1));
          process.stderr.write(`[faults] history and partitions written to ${dir}\n`);
        }
      }
      await cluster?.stop();
    } finally {
      await partitioner?.close();
    }
  });

  beforeEach((ctx) => {
    if (skipReason) ctx.skip(skipReason);
    ctx.onTestFailed(() => {
      failed = true;
      cluster?.reportFailure();
    });
  });

  it('runs the workload through partitions of node 3, heals, and reads every key back through every node', async () => {
    const c = cluster!;
    const p = partitioner!;
    const random = new SeededRandom(SEED);
    // Two rounds of the three kinds of cut, each round in its own random order.
    const directions: Direction[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const kinds: Direction[] = ['both', 'from-isolated', 'to-isolated'];
      for (let i = kinds.length - 1; i > 0; i -= 1) {
        const j = random.int(i + 1);
        [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
      }
      directions.push(...kinds);
    }
    const workload = startWorkload({ cluster: c, table, history, random: new SeededRandom(SEED + 1), clients: 6, keys: KEYS, requestTimeoutMs: 3_000 });
    try {
      await sleep(1_000);
      for (const direction of directions) {
        await p.partition(c.node(ISOLATED).address, c.storagePort, direction);
        const start = monotonicNow();
        const holdMs = random.between(4_000, 8_000);
        // Proof that the cut is real: the majority convicts node 3 (about 2-3 s here).
        if (direction === 'both') await c.waitForStatus(0, c.node(ISOLATED).address, 'DN', 15_000);
        await sleep(Math.max(0, start + holdMs - monotonicNow()));
        windows.push({ direction, start, end: monotonicNow() });
        await p.heal();
        await c.waitForNormal(45_000);
        await sleep(random.between(1_000, 2_500));
      }
    } finally {
      await p.heal();
      await workload.stop();
    }
    finalFrom = monotonicNow();
    await finalReads({ cluster: c, table, history, keys: KEYS });
    const ops = pairOperations(history.ops);
    expect(ops.filter((o) => o.f === 'write' && o.outcome === 'ok').length).toBeGreaterThan(100);
    expect(ops.filter((o) => o.f === 'read' && o.outcome === 'ok' && o.invokeTime >= finalFrom).length).toBe(3 * KEYS);
  }, 180_000);

  it('acknowledges nothing through the isolated node while it is cut off both ways, and the majority keeps serving', () => {
    const full = windows.filter((w) => w.direction === 'both');
    const during = pairOperations(history.ops).filter((o) => full.some((w) => o.invokeTime >= w.start && o.completeTime <= w.end));
    const isolated = during.filter((o) => o.node === ISOLATED);
    expect(isolated.length).toBeGreaterThan(0);
    expect(isolated.filter((o) => o.outcome === 'ok')).toEqual([]);
    expect(during.filter((o) => o.node !== ISOLATED && o.f === 'write' && o.outcome === 'ok').length).toBeGreaterThan(0);
  });

  historyCheckTests(history, () => finalFrom, anomalies);
});
