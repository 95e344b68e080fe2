/** How many keys' Paxos states the cache holds; a hot item's state is read by every message. */
export const PAXOS_STATE_CACHE_ENTRIES = 10_000;

/**
 * Recently written Paxos states by store key, so that an acceptor's read of a key it just
 * wrote skips LevelDB and the decoding of its proposals. It only ever holds states already on
 * disk (set after the synced write), so reading from it promises nothing the disk would not.
 * Least recently used keys go first; states are shared and must never be mutated.
 */
export class PaxosStateCache<S> {
  private readonly entries = new Map<string, S>();

  constructor(private readonly capacity = PAXOS_STATE_CACHE_ENTRIES) {}

  get(key: string): S | undefined {
    const state = this.entries.get(key);
    if (state === undefined) return undefined;
    // Re-insert to mark it most recently used.
    this.entries.delete(key);
    this.entries.set(key, state);
    return state;
  }

  set(key: string, state: S): void {
    this.entries.delete(key);
    this.entries.set(key, state);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every key starting with `prefix` (a dropped table's). */
  deletePrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
