import { compareBigint, type TokenRange, type TokenRing } from './token-ring.js';

/** One range a node must fetch before it can own it, and the current replicas that hold it. */
export interface StreamTask {
  range: TokenRange;
  /** The endpoint gaining the range. */
  target: string;
  /** Current replicas of the range, preferred first: those losing the range (consistent range movement). */
  sources: string[];
}

/**
 * Endpoints that will replicate `token` once a range movement completes but do not now.
 * Writes go to them too, so a quorum met on the old owners cannot miss the new one.
 */
export function pendingEndpoints(current: TokenRing, future: TokenRing, token: bigint, rf: number): string[] {
  const now = current.naturalEndpoints(token, rf);
  return future.naturalEndpoints(token, rf).filter((e) => !now.includes(e));
}

/**
 * What must be streamed for the ring to move from `current` to `future` (bootstrap,
 * decommission, removenode): for each endpoint that gains ranges, the ranges it gains and
 * who can serve them. Ranges are cut at the union of both rings' tokens, where replica sets
 * of both rings are constant, then adjacent pieces with the same target and sources are joined.
 * Empty when `current` has no endpoints: there is no data to move yet.
 */
export function streamingPlan(current: TokenRing, future: TokenRing, rf: number): StreamTask[] {
  if (current.isEmpty() || future.isEmpty()) return [];
  const cuts = [...new Set([...current.sortedTokens(), ...future.sortedTokens()])].sort(compareBigint);
  const tasks: StreamTask[] = [];
  /** The last task per target, so contiguous pieces can be joined. */
  const lastByTarget = new Map<string, StreamTask>();
  cuts.forEach((end, i) => {
    const start = cuts[(i - 1 + cuts.length) % cuts.length]!;
    const before = current.naturalEndpoints(end, rf);
    const after = future.naturalEndpoints(end, rf);
    const losing = before.filter((e) => !after.includes(e));
    const sources = [...losing, ...before.filter((e) => after.includes(e))];
    for (const target of after) {
      if (before.includes(target)) continue;
      const last = lastByTarget.get(target);
      if (last !== undefined && last.range.end === start && sameList(last.sources, sources)) {
        last.range = { start: last.range.start, end };
        continue;
      }
      const task: StreamTask = { range: { start, end }, target, sources };
      tasks.push(task);
      lastByTarget.set(target, task);
    }
  });
  return tasks;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
