import type { Random } from '@dynaring/core';

/**
 * How long a proposer waits after losing a round: random, so that two proposers that keep
 * pre-empting each other fall out of step (Cassandra sleeps a uniform 0-100 ms); the bound
 * grows with each loss so a hot item under many proposers settles instead of livelocking.
 */
export function contentionBackoffMs(contentions: number, random: Random, maxBackoffMs: number): number {
  const bound = Math.min(maxBackoffMs, BASE_BACKOFF_MS * 2 ** Math.min(contentions, 16));
  return random.next() * bound;
}

const BASE_BACKOFF_MS = 5;
