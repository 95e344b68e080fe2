import type { Random } from '@dynaring/core';
import { MAX_TOKEN, MIN_TOKEN } from './partitioner.js';

/** The token range (start, end]. It wraps past MAX_TOKEN when start >= end; start === end is the whole ring. */
export interface TokenRange {
  start: bigint;
  end: bigint;
}

/** A non-wrapping range with the endpoints that replicate it. */
export interface ReplicatedRange {
  range: TokenRange;
  endpoints: string[];
}

const RING_SIZE = 2n ** 64n;

/** True when `token` lies in (start, end], wrapping. */
export function rangeContains(range: TokenRange, token: bigint): boolean {
  if (range.start < range.end) return token > range.start && token <= range.end;
  return token > range.start || token <= range.end;
}

/** Splits a wrapping range at the ring's end, so each part is one contiguous token scan. */
export function unwrapRange(range: TokenRange): TokenRange[] {
  if (range.start < range.end) return [range];
  const parts: TokenRange[] = [];
  if (range.start < MAX_TOKEN) parts.push({ start: range.start, end: MAX_TOKEN });
  if (range.end > MIN_TOKEN) parts.push({ start: MIN_TOKEN, end: range.end });
  return parts;
}

/** How many tokens (start, end] spans; the whole ring when start === end. */
export function rangeWidth(range: TokenRange): bigint {
  const width = (((range.end - range.start) % RING_SIZE) + RING_SIZE) % RING_SIZE;
  return width === 0n ? RING_SIZE : width;
}

/**
 * An immutable token ring: who owns which tokens, and SimpleStrategy placement over it.
 * Replica lists are computed lazily per ring token and cached, since placement runs on every
 * request and a key's replicas depend only on the first ring token at or after its token.
 */
export class TokenRing {
  static readonly EMPTY = new TokenRing(new Map());

  private readonly tokens: bigint[];
  /** owners[i] owns tokens[i]. */
  private readonly owners: string[];
  private readonly byEndpoint: Map<string, readonly bigint[]>;
  /** rf -> replicas for the range ending at tokens[i], filled on first use. */
  private readonly replicaCache = new Map<number, (readonly string[] | undefined)[]>();

  constructor(tokensByEndpoint: ReadonlyMap<string, readonly bigint[]>) {
    const entries: [bigint, string][] = [];
    const byEndpoint = new Map<string, readonly bigint[]>();
    const seen = new Map<bigint, string>();
    for (const [endpoint, tokens] of tokensByEndpoint) {
      if (tokens.length === 0) continue;
      const own = [...new Set(tokens)].sort(compareBigint);
      for (const token of own) {
        const other = seen.get(token);
        if (other !== undefined) throw new Error(`token ${token} is claimed by both ${other} and ${endpoint}`);
        seen.set(token, endpoint);
        entries.push([token, endpoint]);
      }
      byEndpoint.set(endpoint, own);
    }
    entries.sort((a, b) => compareBigint(a[0], b[0]));
    this.tokens = entries.map((e) => e[0]);
    this.owners = entries.map((e) => e[1]);
    this.byEndpoint = byEndpoint;
  }

  /** Ring tokens in ascending order. */
  sortedTokens(): readonly bigint[] {
    return this.tokens;
  }

  /** Endpoints that own at least one token, sorted. */
  endpoints(): string[] {
    return [...this.byEndpoint.keys()].sort();
  }

  tokensOf(endpoint: string): readonly bigint[] {
    return this.byEndpoint.get(endpoint) ?? [];
  }

  isEmpty(): boolean {
    return this.tokens.length === 0;
  }

  /** The owner of the first ring token >= token, wrapping; undefined on an empty ring. */
  ownerOf(token: bigint): string | undefined {
    if (this.tokens.length === 0) return undefined;
    return this.owners[this.indexOf(token)];
  }

  /** SimpleStrategy: up to rf distinct endpoints walking clockwise from the key's token. */
  naturalEndpoints(token: bigint, rf: number): string[] {
    if (this.tokens.length === 0 || rf <= 0) return [];
    return [...this.replicasAt(this.indexOf(token), rf)];
  }

  /** Every primary range in ring order; the first one wraps: (last token, first token]. */
  ranges(): TokenRange[] {
    const n = this.tokens.length;
    return this.tokens.map((end, i) => ({ start: this.tokens[(i - 1 + n) % n]!, end }));
  }

  /** The ranges `endpoint` replicates at rf. */
  rangesOf(endpoint: string, rf: number): TokenRange[] {
    return this.ranges().filter((_, i) => this.replicasAt(i, rf).includes(endpoint));
  }

  /** The whole token space as ascending non-wrapping ranges, each with its replicas at rf. */
  scanRanges(rf: number): ReplicatedRange[] {
    const n = this.tokens.length;
    if (n === 0) return [];
    const result: ReplicatedRange[] = [];
    const first = this.tokens[0]!;
    if (first > MIN_TOKEN) result.push({ range: { start: MIN_TOKEN, end: first }, endpoints: [...this.replicasAt(0, rf)] });
    for (let i = 1; i < n; i++) {
      result.push({ range: { start: this.tokens[i - 1]!, end: this.tokens[i]! }, endpoints: [...this.replicasAt(i, rf)] });
    }
    const last = this.tokens[n - 1]!;
    if (last < MAX_TOKEN) result.push({ range: { start: last, end: MAX_TOKEN }, endpoints: [...this.replicasAt(0, rf)] });
    return result;
  }

  /** Effective ownership: the fraction of the token space each endpoint replicates at rf. */
  ownership(rf: number): Map<string, number> {
    const result = new Map<string, number>(this.endpoints().map((e) => [e, 0]));
    this.ranges().forEach((range, i) => {
      const fraction = Number(rangeWidth(range)) / Number(RING_SIZE);
      for (const endpoint of this.replicasAt(i, rf)) result.set(endpoint, result.get(endpoint)! + fraction);
    });
    return result;
  }

  /** A ring where `endpoint` owns exactly `tokens` (replacing what it had). */
  with(endpoint: string, tokens: readonly bigint[]): TokenRing {
    const next = new Map(this.byEndpoint);
    next.set(endpoint, tokens);
    return new TokenRing(next);
  }

  without(endpoint: string): TokenRing {
    if (!this.byEndpoint.has(endpoint)) return this;
    const next = new Map(this.byEndpoint);
    next.delete(endpoint);
    return new TokenRing(next);
  }

  /** Index of the first ring token >= token, wrapping to 0. */
  private indexOf(token: bigint): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tokens[mid]! < token) lo = mid + 1;
      else hi = mid;
    }
    return lo === this.tokens.length ? 0 : lo;
  }

  private replicasAt(index: number, rf: number): readonly string[] {
    let perToken = this.replicaCache.get(rf);
    if (perToken === undefined) {
      perToken = new Array<readonly string[] | undefined>(this.tokens.length);
      this.replicaCache.set(rf, perToken);
    }
    const cached = perToken[index];
    if (cached !== undefined) return cached;
    const wanted = Math.min(rf, this.byEndpoint.size);
    const replicas: string[] = [];
    for (let step = 0; step < this.tokens.length && replicas.length < wanted; step++) {
      const owner = this.owners[(index + step) % this.tokens.length]!;
      if (!replicas.includes(owner)) replicas.push(owner);
    }
    perToken[index] = replicas;
    return replicas;
  }
}

/**
 * `count` distinct tokens, uniform over the signed 64-bit range without MIN_TOKEN (reserved
 * for the ring's minimum), avoiding `taken`.
 */
export function randomTokens(count: number, random: Random, taken: ReadonlySet<bigint> = new Set()): bigint[] {
  const result = new Set<bigint>();
  while (result.size < count) {
    let bits = 0n;
    for (let i = 0; i < 4; i++) bits = (bits << 16n) | BigInt(Math.floor(random.next() * 65536) & 0xffff);
    const token = BigInt.asIntN(64, bits);
    if (token !== MIN_TOKEN && !taken.has(token)) result.add(token);
  }
  return [...result];
}

export function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
