export { seededRandom } from '../../../test/support/seeded-random.js';

export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
