import { describe, expect, it } from 'vitest';
import { TokenRing, pendingEndpoints, randomTokens, rangeContains, streamingPlan, type StreamTask } from '@dynaring/cluster';
import { SeededRandom } from './support/sim.js';

function ring(spec: Record<string, bigint[]>): TokenRing {
  return new TokenRing(new Map(Object.entries(spec)));
}

/** Checks the plan against the definition, token by token. */
function expectPlanExact(current: TokenRing, future: TokenRing, rf: number, plan: StreamTask[], probes: bigint[]): void {
  for (const token of probes) {
    const before = current.naturalEndpoints(token, rf);
    const gained = future.naturalEndpoints(token, rf).filter((e) => !before.includes(e));
    const covering = plan.filter((t) => rangeContains(t.range, token));
    expect(covering.map((t) => t.target).sort()).toEqual(gained.sort());
    for (const task of covering) expect([...task.sources].sort()).toEqual([...before].sort());
  }
}

describe('pendingEndpoints', () => {
  const current = ring({ a: [100n], b: [200n], c: [300n] });

  it('names a joining node for the ranges it will take over, and nobody elsewhere', () => {
    const future = current.with('d', [150n]);
    expect(pendingEndpoints(current, future, 120n, 2)).toEqual(['d']);
    // (100, 150] at rf 2 was b, c and becomes d, b: d gains it.
    // (200, 300] is replicated by c, a before and after.
    expect(pendingEndpoints(current, future, 250n, 2)).toEqual([]);
  });

  it('names the new owners of a leaving node ranges', () => {
    const four = current.with('d', [150n]);
    const future = four.without('d');
    // (100, 150] is d, b now and b, c afterwards.
    expect(pendingEndpoints(four, future, 120n, 2)).toEqual(['c']);
    expect(pendingEndpoints(four, future, 250n, 2)).toEqual([]);
  });
});

describe('streamingPlan', () => {
  it('lists what a joining node fetches, from the replicas that hold it now', () => {
    const current = ring({ a: [100n], b: [200n], c: [300n] });
    const plan = streamingPlan(current, current.with('d', [150n]), 1);
    expect(plan).toEqual([{ range: { start: 100n, end: 150n }, target: 'd', sources: ['b'] }]);
  });

  it('prefers the replica that is losing the range as the first source', () => {
    const current = ring({ a: [100n], b: [200n], c: [300n], d: [150n] });
    const plan = streamingPlan(current, current.without('d'), 2);
    for (const task of plan) expect(task.sources[0]).toBe('d');
    expect(plan.map((t) => t.target).sort()).toEqual(['b', 'c']);
  });

  it('covers exactly the gained ranges for a vnode join and a vnode decommission', () => {
    const random = new SeededRandom(11);
    const spec = Object.fromEntries(['a', 'b', 'c', 'd'].map((e) => [e, randomTokens(16, random)]));
    const current = ring(spec);
    const joined = current.with('e', randomTokens(16, random));
    const probes = [...randomTokens(500, random), ...joined.sortedTokens(), ...joined.sortedTokens().map((t) => t + 1n)];
    expectPlanExact(current, joined, 3, streamingPlan(current, joined, 3), probes);
    const left = current.without('b');
    expectPlanExact(current, left, 3, streamingPlan(current, left, 3), probes);
  });

  it('joins adjacent pieces with the same target and sources', () => {
    const current = ring({ a: [100n], b: [200n] });
    // d takes (100, 150] and (150, 170] from b: both pieces stream from b alone.
    const plan = streamingPlan(current, current.with('d', [150n, 170n]), 1);
    expect(plan).toEqual([{ range: { start: 100n, end: 170n }, target: 'd', sources: ['b'] }]);
  });

  it('has nothing to stream into an empty cluster', () => {
    expect(streamingPlan(TokenRing.EMPTY, ring({ a: [1n] }), 3)).toEqual([]);
  });
});
