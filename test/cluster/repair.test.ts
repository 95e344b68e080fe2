/**
 * Anti-entropy repair across real processes, with hinted handoff off so that nothing but
 * repair can heal node 3: writes made while node 3 is killed reach nodes 1 and 2 only;
 * `nodetool repair` on node 1 finds the differing Merkle leaves and streams them, after which
 * node 3 alone serves every item and a second repair finds nothing left to fix.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../support/cluster.js';
import { clientsFor, createClusterTable, makeItems, mismatches, putItems } from '../support/cluster-items.js';

const ITEMS = 60;

interface Progress {
  message: string;
  done: boolean;
}

/** The totals of the final line: "Repair completed: T tables, N ranges, L differing leaves, R rows streamed". */
function totals(lines: Progress[]): { ranges: number; leaves: number; rows: number } {
  const last = lines.at(-1)!;
  expect(last.done).toBe(true);
  const m = /^Repair completed: 1 tables, (\d+) ranges, (\d+) differing leaves, (\d+) rows streamed$/.exec(last.message);
  expect(m, last.message).not.toBeNull();
  return { ranges: Number(m![1]), leaves: Number(m![2]), rows: Number(m![3]) };
}

describe('nodetool repair in a three-node cluster', () => {
  let cluster: Cluster;
  let db: ReturnType<typeof clientsFor>;
  let table: string;
  const whileDown = makeItems('repaired', ITEMS);

  /** `nodetool repair <table> --json`: JSON Lines, one progress message each. */
  const repair = async (): Promise<Progress[]> =>
    (await cluster.nodetool(0, '--json', 'repair', table))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Progress);

  beforeAll(async () => {
    cluster = await startCluster({ name: 'repair.test.ts', nodes: 3, extraArgs: ['--hinted-handoff-enabled', 'false'] });
    db = clientsFor(cluster);
    table = await createClusterTable(cluster, db, 'repair', 0);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => cluster?.reportFailure()));

  it('writes through node 1 while node 3 is down succeed at quorum', async () => {
    await cluster.kill(2, 'SIGKILL');
    await cluster.waitForStatus(0, '127.0.0.3', 'DN', 10_000);
    await putItems(db(0), table, whileDown);
  }, 60_000);

  it('after node 3 restarts, repair on node 1 finds differing leaves and streams the missing rows', async () => {
    await cluster.restart(2);
    await cluster.waitForStatus(0, '127.0.0.3', 'UN', 15_000);
    const lines = await repair();
    const ranges = lines.filter((l) => /^repair of \S+: range \d+\/\d+, \d+ differing leaves, \d+ rows streamed$/.test(l.message));
    const { ranges: rangeCount, leaves, rows } = totals(lines);
    // Every range of node 1 is reported, with every replica live.
    expect(ranges).toHaveLength(rangeCount);
    expect(rangeCount).toBeGreaterThan(0);
    expect(lines.some((l) => l.message.includes('unavailable'))).toBe(false);
    expect(leaves).toBeGreaterThan(0);
    // Each missing item goes to node 3 from node 1 and from node 2.
    expect(rows).toBeGreaterThanOrEqual(ITEMS);
  }, 120_000);

  it('a second repair finds the replicas identical', async () => {
    expect(totals(await repair())).toMatchObject({ leaves: 0, rows: 0 });
  }, 120_000);

  it('with nodes 1 and 2 killed, eventual reads through node 3 alone find every item', async () => {
    await cluster.kill(0, 'SIGKILL');
    await cluster.kill(1, 'SIGKILL');
    expect(await mismatches(db(2), table, whileDown, false)).toEqual([]);
  }, 60_000);
});
