/**
 * Jepsen-lite: six clients write, delete and ConsistentRead a few keys through all three
 * nodes while a seeded nemesis kills (-9) and restarts nodes, pauses them (SIGSTOP/SIGCONT)
 * and restarts them all one by one, one faulty node at a time; then two nodes go down, where
 * nothing may be acknowledged. After healing, every key is read back through every node and
 * the history is checked: acknowledged writes survive, deletes stay deleted, ConsistentReads
 * never go backwards. DYNARING_FAULT_SEED replays a schedule, DYNARING_FAULT_MS sets its length.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sleep, startCluster, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable } from '../support/cluster-items.js';
import {
  checkAcknowledgedWrites,
  checkMonotonicReads,
  History,
  monotonicNow,
  pairOperations,
  summarizeOperations,
  type Anomaly,
} from '../support/history/index.js';
import { Nemesis } from './support/nemesis.js';
import { repairIfSupported } from './support/repair.js';
import { isServerError } from './support/sdk-outcome.js';
import { faultSeed, SeededRandom } from './support/seeded-random.js';
import { historyCheckTests } from './support/history-checks.js';
import { finalReads, startWorkload } from './support/workload.js';

const SEED = faultSeed();
const NEMESIS_MS = Number(process.env.DYNARING_FAULT_MS ?? 45_000);
const TWO_DOWN_MS = 5_000;
const KEYS = 8;

describe(`fault suite under kill -9, SIGSTOP, rolling restart and two nodes down (seed ${SEED})`, () => {
  let cluster: Cluster;
  let table: string;
  const history = new History();
  let nemesis: Nemesis;
  let twoDown: { start: number; end: number; nodes: number[] };
  let finalFrom = Infinity;
  let repair = 'not run';
  const anomalies = new Map<string, Anomaly[]>();
  const startedAt = Date.now();
  let failed = false;

  beforeAll(async () => {
    cluster = await startCluster({ name: 'faults/nemesis.test.ts', nodes: 3, writeRequestTimeoutMs: 2_000, readRequestTimeoutMs: 2_000 });
    table = await createClusterTable(cluster, clientsFor(cluster), 'faults', 0);
    nemesis = new Nemesis(cluster, new SeededRandom(SEED));
  }, 120_000);

  afterAll(async () => {
    const found = [...anomalies.values()].flat();
    const byKind = [...anomalies].map(([checker, list]) => `${checker} ${list.length}`).join(', ');
    process.stdout.write(
      `[faults] seed ${SEED}: ops ${summarizeOperations(history.ops)}; faults ${nemesis?.summary() ?? 'none'}; ` +
        `anomalies ${found.length} (${byKind}); ${repair}; ${Math.round((Date.now() - startedAt) / 1000)} s\n`,
    );
    if (failed && cluster) {
      const dir = dirname(dirname(cluster.node(0).dataDir));
      history.dump(join(dir, 'history.jsonl'));
      writeFileSync(join(dir, 'faults.json'), JSON.stringify({ seed: SEED, faults: nemesis?.faults, twoDown, finalFrom, anomalies: found }, null, 1));
      process.stderr.write(`[faults] history and faults written to ${dir}\n`);
    }
    await cluster?.stop();
  });

  beforeEach(({ onTestFailed }) =>
    onTestFailed(() => {
      failed = true;
      cluster?.reportFailure();
    }),
  );

  it('runs the workload through the nemesis, heals, and reads every key back through every node', async () => {
    const workload = startWorkload({ cluster, table, history, random: new SeededRandom(SEED + 1), clients: 6, keys: KEYS, requestTimeoutMs: 3_000 });
    try {
      await nemesis.run(NEMESIS_MS);
      twoDown = await nemesis.killTwo(TWO_DOWN_MS);
      await nemesis.heal();
      // Some traffic on the healed cluster, so reads after the faults are checked too.
      await sleep(2_000);
    } finally {
      await workload.stop();
    }
    repair = await repairIfSupported(cluster, table);
    finalFrom = monotonicNow();
    await finalReads({ cluster, table, history, keys: KEYS });
    const ops = pairOperations(history.ops);
    expect(ops.filter((o) => o.f === 'write' && o.outcome === 'ok').length).toBeGreaterThan(100);
    expect(ops.filter((o) => o.f === 'read' && o.outcome === 'ok' && o.invokeTime >= finalFrom).length).toBe(3 * KEYS);
  }, 240_000);

  it('acknowledges nothing while two of three nodes are down, and answers writes with 500', () => {
    const during = pairOperations(history.ops).filter((o) => o.invokeTime >= twoDown.start && o.completeTime <= twoDown.end);
    expect(during.filter((o) => o.outcome === 'ok')).toEqual([]);
    expect(during.filter((o) => o.f !== 'read' && o.error !== undefined && isServerError(o.error)).length).toBeGreaterThan(0);
  });

  it('detects a lost write planted in this very history, so the checks are not vacuous', () => {
    const ops = pairOperations(history.ops);
    // A key with two acknowledged writes, the first finished before the second began.
    const acked = ops.filter((o) => o.f === 'write' && o.outcome === 'ok');
    const older = acked.find((a) => acked.some((b) => b.key === a.key && a.completeTime + 10 < b.invokeTime))!;
    const planted = history.ops.map((op) =>
      op.type === 'ok' && op.f === 'read' && op.key === older.key && op.time >= finalFrom ? { ...op, value: older.value } : op,
    );
    expect(checkAcknowledgedWrites(planted, { finalFrom }).map((a) => a.kind)).toContain('lost-write');
    expect(checkMonotonicReads(planted).map((a) => a.kind)).toContain('stale-read');
  });

  historyCheckTests(history, () => finalFrom, anomalies);
});
