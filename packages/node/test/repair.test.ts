import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mutation, ReplicaApi, Row, TableMeta } from '@dynaring/core';
import { TokenRing } from '@dynaring/cluster';
import { StorageEngine } from '@dynaring/storage';
import { repairTable, type RepairContext } from '../src/cluster/repair.js';

const MIN_TOKEN = -(2n ** 63n);
const MAX_TOKEN = 2n ** 63n - 1n;
const NODES = ['10.0.0.1:7000', '10.0.0.2:7000', '10.0.0.3:7000'];
const TABLE = { id: '11111111-1111-4111-8111-111111111111', name: 'users', rf: 3 } as TableMeta;

let dir: string;
let engines: Map<string, StorageEngine>;
// Tokens chosen so that one range wraps past MAX_TOKEN.
const ring = new TokenRing(
  new Map([
    [NODES[0]!, [-6_000_000_000_000_000_000n, 1_000n]],
    [NODES[1]!, [-2_000_000_000_000_000_000n, 3_000_000_000_000_000_000n]],
    [NODES[2]!, [500n, 8_000_000_000_000_000_000n]],
  ]),
);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dynaring-repair-'));
  engines = new Map();
  for (const [i, node] of NODES.entries()) engines.set(node, await StorageEngine.open(join(dir, String(i))));
});

afterEach(async () => {
  for (const engine of engines.values()) await engine.close();
  await rm(dir, { recursive: true, force: true });
});

function item(i: number, ts = 1_000, value = `v${i}`): Mutation {
  // Spread over the whole ring, the wrapping range and its ends included.
  const token = i === 0 ? MAX_TOKEN : MIN_TOKEN + 1n + ((MAX_TOKEN - MIN_TOKEN - 2n) * BigInt(i)) / 40n;
  return {
    tableId: TABLE.id,
    token,
    key: { hash: { S: `k${i}` } },
    cells: { pk: { value: { S: `k${i}` }, timestampMicros: ts }, v: { value: { S: value }, timestampMicros: ts } },
    itemTombstoneMicros: ts - 1,
  };
}

async function rowsOf(engine: ReplicaApi): Promise<Row[]> {
  return engine.scanRange({ tableId: TABLE.id, limit: 10_000 });
}

function context(progress: string[], isAlive: (e: string) => boolean = () => true): RepairContext {
  return { ring, self: NODES[0]!, replicaOf: (e) => engines.get(e)!, isAlive, progress: (m) => progress.push(m), depth: 6 };
}

describe('repairTable', () => {
  it('converges three replicas that each miss or hold stale rows, then finds nothing to do', async () => {
    const [a, b, c] = NODES.map((n) => engines.get(n)!);
    for (let i = 0; i < 40; i++) {
      // Each row is missing from one replica; row 7 is newer on c.
      if (i % 3 !== 0) await a!.apply(item(i));
      if (i % 3 !== 1) await b!.apply(item(i));
      if (i % 3 !== 2) await c!.apply(item(i));
    }
    await c!.apply(item(7, 2_000, 'newer'));
    const progress: string[] = [];
    const summary = await repairTable(TABLE, context(progress));
    expect(summary.differingLeaves).toBeGreaterThan(0);
    expect(summary.incompleteRanges).toBe(0);
    const expected = await rowsOf(a!);
    expect(expected).toHaveLength(40);
    expect(expected.find((r) => JSON.stringify(r.key.hash) === '{"S":"k7"}')!.record.cells.v!.value).toEqual({ S: 'newer' });
    expect(await rowsOf(b!)).toEqual(expected);
    expect(await rowsOf(c!)).toEqual(expected);
    // One line per unwrapped range (six ring ranges, one of them wrapping), then the summary.
    expect(summary.ranges).toBe(7);
    expect(progress).toHaveLength(8);
    expect(progress[0]).toMatch(/^repair of users: range 1\/7, \d+ differing leaves, \d+ rows streamed$/);
    expect(progress[7]).toBe(`repair of users complete: 7 ranges, ${summary.differingLeaves} differing leaves, ${summary.rowsStreamed} rows streamed`);

    const again = await repairTable(TABLE, context([]));
    expect(again).toMatchObject({ differingLeaves: 0, rowsStreamed: 0 });
  });

  it('repairs among the live replicas when one is down, and says so', async () => {
    const [a, b, c] = NODES.map((n) => engines.get(n)!);
    for (let i = 0; i < 40; i++) await a!.apply(item(i));
    await c!.apply(item(3, 5_000, 'only on the dead node'));
    const progress: string[] = [];
    const summary = await repairTable(TABLE, context(progress, (e) => e !== NODES[2]));
    expect(summary.incompleteRanges).toBe(7);
    expect(progress[0]).toContain(`(${NODES[2]} unavailable: repaired among the live replicas only)`);
    expect(progress.at(-1)).toContain(', 7 ranges without every replica');
    expect(await rowsOf(b!)).toEqual(await rowsOf(a!));
    // The dead node was neither read nor written.
    expect((await rowsOf(c!)).map((r) => r.key.hash)).toEqual([{ S: 'k3' }]);
  });
});
