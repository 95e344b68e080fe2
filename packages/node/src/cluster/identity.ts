import { randomUUID } from 'node:crypto';

/** The node-local state that must survive restarts (Cassandra's system.local). */
export interface LocalStore {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
}

export interface NodeIdentity {
  hostId: string;
  /** Epoch seconds, strictly greater than at any earlier start of this node. */
  generation: number;
  /** Tokens chosen at first start; empty until then. */
  tokens: bigint[];
  /** True once the node finished joining (or was a seed that needed no join). */
  bootstrapped: boolean;
}

const HOST_ID = 'host_id';
const GENERATION = 'generation';
const TOKENS = 'tokens';
const BOOTSTRAPPED = 'bootstrapped';

export async function loadIdentity(store: LocalStore, nowMs: number): Promise<NodeIdentity> {
  let hostId = await store.get(HOST_ID);
  if (!hostId) {
    hostId = randomUUID();
    await store.put(HOST_ID, hostId);
  }
  const previous = Number((await store.get(GENERATION)) ?? 0);
  // Peers accept a restarted node's state only under a higher generation.
  const generation = Math.max(Math.floor(nowMs / 1000), previous + 1);
  await store.put(GENERATION, String(generation));
  const tokensText = await store.get(TOKENS);
  const tokens = tokensText ? tokensText.split(',').map((t) => BigInt(t)) : [];
  const bootstrapped = (await store.get(BOOTSTRAPPED)) === 'true';
  return { hostId, generation, tokens, bootstrapped };
}

export async function saveTokens(store: LocalStore, tokens: readonly bigint[]): Promise<void> {
  await store.put(TOKENS, tokens.map(String).join(','));
}

export async function markBootstrapped(store: LocalStore, value: boolean): Promise<void> {
  await store.put(BOOTSTRAPPED, String(value));
}
