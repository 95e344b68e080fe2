import type { Random } from '@dynaring/core';
import { SeededRandom } from '../../../../test/support/seeded-random.js';

/** The shared generator with the integer range simulations here draw from. */
export function seededRandom(seed: number): Random & { int(min: number, max: number): number; chance(p: number): boolean } {
  const random = new SeededRandom(seed);
  return {
    next: () => random.next(),
    /** Uniform in [min, max]. */
    int: (min, max) => min + random.int(max - min + 1),
    chance: (p) => random.chance(p),
  };
}
