import { describe, expect, it } from 'vitest';
import { MAX_TOKEN, MIN_TOKEN, TokenRing, randomTokens, rangeContains, unwrapRange } from '@dynaring/cluster';
import { SeededRandom } from './support/sim.js';

function ring(spec: Record<string, bigint[]>): TokenRing {
  return new TokenRing(new Map(Object.entries(spec)));
}

/** The obvious O(n) SimpleStrategy walk, to check the cached binary-search one against. */
function naiveNatural(spec: Record<string, bigint[]>, token: bigint, rf: number): string[] {
  const all = Object.entries(spec).flatMap(([e, ts]) => ts.map((t) => [t, e] as const)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const start = all.findIndex(([t]) => t >= token);
  const result: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const owner = all[((start === -1 ? 0 : start) + i) % all.length]![1];
    if (!result.includes(owner) && result.length < rf) result.push(owner);
  }
  return result;
}

describe('TokenRing', () => {
  const spec = { a: [10n, 11n, 40n], b: [20n, 50n], c: [30n] };

  it('gives a token to the first ring token at or after it, wrapping past the last', () => {
    const r = ring(spec);
    expect(r.ownerOf(15n)).toBe('b');
    expect(r.ownerOf(30n)).toBe('c');
    expect(r.ownerOf(51n)).toBe('a');
    expect(r.ownerOf(MIN_TOKEN)).toBe('a');
    expect(r.ownerOf(MAX_TOKEN)).toBe('a');
  });

  it('walks clockwise to distinct endpoints, skipping further vnodes of chosen ones', () => {
    const r = ring(spec);
    expect(r.naturalEndpoints(5n, 2)).toEqual(['a', 'b']);
    expect(r.naturalEndpoints(5n, 3)).toEqual(['a', 'b', 'c']);
    expect(r.naturalEndpoints(35n, 3)).toEqual(['a', 'b', 'c']);
  });

  it('wraps around the end of the ring', () => {
    expect(ring(spec).naturalEndpoints(45n, 3)).toEqual(['b', 'a', 'c']);
  });

  it('returns fewer replicas than rf when the ring has fewer endpoints', () => {
    expect(ring({ a: [1n, 5n], b: [3n] }).naturalEndpoints(0n, 3)).toEqual(['a', 'b']);
    expect(TokenRing.EMPTY.naturalEndpoints(0n, 3)).toEqual([]);
  });

  it('agrees with a naive walk on random vnode rings', () => {
    const random = new SeededRandom(7);
    const big: Record<string, bigint[]> = {};
    const taken = new Set<bigint>();
    for (const e of ['n1', 'n2', 'n3', 'n4', 'n5']) {
      big[e] = randomTokens(16, random, taken);
      big[e].forEach((t) => taken.add(t));
    }
    const r = ring(big);
    for (const token of randomTokens(300, random)) {
      for (const rf of [1, 3]) expect(r.naturalEndpoints(token, rf)).toEqual(naiveNatural(big, token, rf));
    }
  });

  it('hands out copies, so callers cannot corrupt the cache', () => {
    const r = ring(spec);
    r.naturalEndpoints(5n, 2).push('x');
    expect(r.naturalEndpoints(5n, 2)).toEqual(['a', 'b']);
  });

  it('lists ranges (previous, token] with the first one wrapping', () => {
    expect(ring({ a: [10n], b: [20n] }).ranges()).toEqual([
      { start: 20n, end: 10n },
      { start: 10n, end: 20n },
    ]);
  });

  it('lists the ranges an endpoint replicates', () => {
    const r = ring({ a: [10n], b: [20n], c: [30n] });
    expect(r.rangesOf('a', 1)).toEqual([{ start: 30n, end: 10n }]);
    expect(r.rangesOf('a', 2)).toEqual([
      { start: 30n, end: 10n },
      { start: 20n, end: 30n },
    ]);
  });

  it('computes effective ownership: 1.0 each for 3 nodes at rf 3, summing to rf in general', () => {
    const random = new SeededRandom(3);
    const three = ring({ a: randomTokens(16, random), b: randomTokens(16, random), c: randomTokens(16, random) });
    for (const share of three.ownership(3).values()) expect(share).toBeCloseTo(1, 9);
    const five = ring(Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((e) => [e, randomTokens(16, random)])));
    const shares = [...five.ownership(3).values()];
    expect(shares.reduce((x, y) => x + y, 0)).toBeCloseTo(3, 9);
    expect(ring({ a: [0n], b: [2n ** 62n] }).ownership(1).get('b')).toBeCloseTo(0.25, 9);
  });

  it('covers the whole token space with ascending non-wrapping scan ranges', () => {
    const scan = ring(spec).scanRanges(2);
    expect(scan[0]!.range).toEqual({ start: MIN_TOKEN, end: 10n });
    expect(scan[0]!.endpoints).toEqual(['a', 'b']);
    expect(scan.at(-1)!.range).toEqual({ start: 50n, end: MAX_TOKEN });
    expect(scan.at(-1)!.endpoints).toEqual(['a', 'b']);
    for (let i = 1; i < scan.length; i++) expect(scan[i]!.range.start).toBe(scan[i - 1]!.range.end);
  });

  it('derives new rings with an endpoint added, replaced or removed', () => {
    const r = ring({ a: [10n], b: [20n] });
    expect(r.with('c', [15n]).ownerOf(12n)).toBe('c');
    expect(r.with('a', [25n]).ownerOf(12n)).toBe('b');
    expect(r.without('b').endpoints()).toEqual(['a']);
    expect(r.endpoints()).toEqual(['a', 'b']);
    expect(r.tokensOf('b')).toEqual([20n]);
  });

  it('refuses a token claimed by two endpoints', () => {
    expect(() => ring({ a: [1n], b: [1n] })).toThrow(/claimed/);
  });
});

describe('ranges', () => {
  it('tests membership of (start, end], wrapping', () => {
    expect(rangeContains({ start: 10n, end: 20n }, 20n)).toBe(true);
    expect(rangeContains({ start: 10n, end: 20n }, 10n)).toBe(false);
    expect(rangeContains({ start: 20n, end: 10n }, 25n)).toBe(true);
    expect(rangeContains({ start: 20n, end: 10n }, 15n)).toBe(false);
    expect(rangeContains({ start: 5n, end: 5n }, 99n)).toBe(true);
  });

  it('splits a wrapping range at the end of the ring', () => {
    expect(unwrapRange({ start: 20n, end: 10n })).toEqual([
      { start: 20n, end: MAX_TOKEN },
      { start: MIN_TOKEN, end: 10n },
    ]);
    expect(unwrapRange({ start: 10n, end: 20n })).toEqual([{ start: 10n, end: 20n }]);
  });
});

describe('randomTokens', () => {
  it('draws distinct tokens over both halves of the signed range, avoiding taken ones', () => {
    const taken = new Set(randomTokens(50, new SeededRandom(1)));
    const tokens = randomTokens(200, new SeededRandom(1), taken);
    expect(new Set(tokens).size).toBe(200);
    expect(tokens.some((t) => taken.has(t))).toBe(false);
    expect(tokens.some((t) => t < 0n) && tokens.some((t) => t > 0n)).toBe(true);
    expect(tokens.every((t) => t > MIN_TOKEN && t <= MAX_TOKEN)).toBe(true);
  });

  it('is deterministic for a seeded random', () => {
    expect(randomTokens(16, new SeededRandom(9))).toEqual(randomTokens(16, new SeededRandom(9)));
  });
});
