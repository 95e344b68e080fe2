export { SeededRandom } from '../../support/seeded-random.js';

/** DYNARING_FAULT_SEED replays a run; otherwise every run explores a new schedule. */
export function faultSeed(): number {
  const fromEnv = process.env.DYNARING_FAULT_SEED;
  return fromEnv ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31);
}
