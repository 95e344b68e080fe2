import { MAX_TOKEN, MIN_TOKEN } from '@dynaring/cluster';

/** A parallel Scan segment as a token range (afterToken, endToken]. */
export interface TokenRange {
  afterToken: bigint;
  endToken: bigint;
}

const SPAN = MAX_TOKEN - MIN_TOKEN + 1n;

/**
 * Splits the token ring into `total` contiguous ranges of near-equal width. Every token
 * (MIN_TOKEN is never a key's token) falls in exactly one segment, so the segments of a
 * parallel Scan together return every item exactly once.
 */
export function segmentTokenRange(segment: number, total: number): TokenRange {
  const start = (i: number) => MIN_TOKEN + (SPAN * BigInt(i)) / BigInt(total);
  return {
    afterToken: segment === 0 ? MIN_TOKEN : start(segment) - 1n,
    endToken: segment === total - 1 ? MAX_TOKEN : start(segment + 1) - 1n,
  };
}
