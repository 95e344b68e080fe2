import type { ReplicaApi, TableMeta, TokenSpan } from '@dynaring/core';
import { unwrapRange, type TokenRange, type TokenRing } from '@dynaring/cluster';
import { merkleLeafBounds } from '@dynaring/storage';
import { streamRange } from './streaming.js';

/** 2^10 leaves per range: with our data sizes a differing leaf streams a handful of rows. */
export const DEFAULT_REPAIR_DEPTH = 10;

export interface RepairContext {
  /** The ring whose ranges are repaired (the normal ring: pending ranges are streaming anyway). */
  ring: TokenRing;
  self: string;
  /** The replica of an endpoint: in process for this node, gRPC for peers. */
  replicaOf: (endpoint: string) => ReplicaApi;
  isAlive: (endpoint: string) => boolean;
  progress: (message: string) => void;
  depth?: number;
}

export interface RepairSummary {
  tables: number;
  /** Non-wrapping token ranges compared, over all tables. */
  ranges: number;
  /** Leaves on which some replicas disagreed. */
  differingLeaves: number;
  /** Rows copied between replicas (a row copied to two replicas counts twice). */
  rowsStreamed: number;
  /** Ranges repaired without some of their replicas (down, or failing to build a tree). */
  incompleteRanges: number;
}

interface RangeOutcome {
  differingLeaves: number;
  rowsStreamed: number;
  /** Replicas left out of this range's repair. */
  missing: string[];
}

const asSpan = (range: TokenRange): TokenSpan => ({ afterToken: range.start, endToken: range.end });

/**
 * Runs of consecutive leaves whose hashes differ between two replicas, as token ranges, so
 * that adjacent differing leaves are streamed with one scan.
 */
function differingRuns(a: readonly string[], b: readonly string[], bounds: readonly bigint[]): TokenRange[] {
  const runs: TokenRange[] = [];
  let runStart = -1;
  for (let i = 0; i <= a.length; i++) {
    const differs = i < a.length && a[i] !== b[i];
    if (differs && runStart < 0) runStart = i;
    if (!differs && runStart >= 0) {
      const range = { start: bounds[runStart]!, end: bounds[i]! };
      // A leaf of zero width holds no tokens (and start === end would mean the whole ring).
      if (range.start < range.end) runs.push(range);
      runStart = -1;
    }
  }
  return runs;
}

/**
 * Repairs one non-wrapping range of a table among its live replicas: each builds a Merkle
 * tree, and for every pair of replicas the leaves they disagree on are streamed from one to
 * the other. Streaming copies rows with their timestamps and tombstones, merged under
 * last-write-wins, so copying every way converges the replicas whatever the direction.
 */
async function repairRange(table: TableMeta, part: TokenRange, endpoints: string[], ctx: RepairContext, depth: number): Promise<RangeOutcome> {
  const missing = endpoints.filter((e) => e !== ctx.self && !ctx.isAlive(e));
  const live = endpoints.filter((e) => !missing.includes(e));
  const span = asSpan(part);
  const trees = await Promise.all(
    live.map(async (endpoint) => {
      try {
        return { endpoint, leaves: await ctx.replicaOf(endpoint).merkleTree(table.id, span, depth) };
      } catch {
        return { endpoint, leaves: undefined };
      }
    }),
  );
  const built = trees.filter((t): t is { endpoint: string; leaves: string[] } => t.leaves !== undefined);
  missing.push(...trees.filter((t) => t.leaves === undefined).map((t) => t.endpoint));
  const leafCount = 1 << depth;
  if (built.some((t) => t.leaves.length !== leafCount)) throw new Error(`a replica answered a tree of the wrong size for ${table.name}`);
  let differingLeaves = 0;
  for (let i = 0; i < leafCount; i++) {
    const first = built[0]?.leaves[i];
    if (built.some((t) => t.leaves[i] !== first)) differingLeaves++;
  }
  let rowsStreamed = 0;
  if (differingLeaves > 0) {
    const bounds = merkleLeafBounds(span, depth);
    for (const source of built) {
      for (const target of built) {
        if (source === target) continue;
        for (const run of differingRuns(source.leaves, target.leaves, bounds)) {
          rowsStreamed += await streamRange(table.id, run, ctx.replicaOf(source.endpoint), ctx.replicaOf(target.endpoint));
        }
      }
    }
  }
  return { differingLeaves, rowsStreamed, missing };
}

/** Anti-entropy repair of every range this node replicates for one table. */
export async function repairTable(table: TableMeta, ctx: RepairContext): Promise<RepairSummary> {
  const depth = ctx.depth ?? DEFAULT_REPAIR_DEPTH;
  const parts = ctx.ring
    .rangesOf(ctx.self, table.rf)
    .flatMap((range) => unwrapRange(range).map((part) => ({ part, endpoints: ctx.ring.naturalEndpoints(range.end, table.rf) })));
  const summary: RepairSummary = { tables: 1, ranges: parts.length, differingLeaves: 0, rowsStreamed: 0, incompleteRanges: 0 };
  for (let i = 0; i < parts.length; i++) {
    const { part, endpoints } = parts[i]!;
    const outcome = await repairRange(table, part, endpoints, ctx, depth);
    summary.differingLeaves += outcome.differingLeaves;
    summary.rowsStreamed += outcome.rowsStreamed;
    let line = `repair of ${table.name}: range ${i + 1}/${parts.length}, ${outcome.differingLeaves} differing leaves, ${outcome.rowsStreamed} rows streamed`;
    if (outcome.missing.length > 0) {
      summary.incompleteRanges++;
      line += ` (${outcome.missing.join(', ')} unavailable: repaired among the live replicas only)`;
    }
    ctx.progress(line);
  }
  ctx.progress(
    `repair of ${table.name} complete: ${summary.ranges} ranges, ${summary.differingLeaves} differing leaves, ${summary.rowsStreamed} rows streamed` +
      (summary.incompleteRanges > 0 ? `, ${summary.incompleteRanges} ranges without every replica` : ''),
  );
  return summary;
}

/** Repairs the tables one after the other; the totals over all of them. */
export async function repairTables(tables: readonly TableMeta[], ctx: RepairContext): Promise<RepairSummary> {
  const total: RepairSummary = { tables: 0, ranges: 0, differingLeaves: 0, rowsStreamed: 0, incompleteRanges: 0 };
  for (const table of tables) {
    const s = await repairTable(table, ctx);
    total.tables++;
    total.ranges += s.ranges;
    total.differingLeaves += s.differingLeaves;
    total.rowsStreamed += s.rowsStreamed;
    total.incompleteRanges += s.incompleteRanges;
  }
  return total;
}
