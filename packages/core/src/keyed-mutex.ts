/**
 * Runs async tasks one at a time per key, without holding a lock object per idle key: an
 * entry lives only while some task for that key is queued or running. A Paxos acceptor's
 * read-check-write of a key's state, for one, must not interleave with another message for
 * the same key, or two prepares could both see the old promise and both be promised.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => mine) : mine;
    this.tails.set(key, tail);
    try {
      if (previous) await previous;
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
