/**
 * A per-key async lock for apply's read-merge-write. Uncontended acquire and release cost a
 * map set and delete and no promise; waiters queue in arrival order and ownership passes
 * directly to the next one, so no merge can read a record another merge is about to replace.
 */
export class KeyLock {
  // An entry exists while the key is held; its array holds the waiters, in order.
  private readonly held = new Map<string, Array<() => void>>();

  /** Takes the lock if it is free; false means the caller must `wait`. */
  tryAcquire(key: string): boolean {
    if (this.held.has(key)) return false;
    this.held.set(key, []);
    return true;
  }

  /** Resolves once the lock is held by the caller; call only after tryAcquire returned false. */
  wait(key: string): Promise<void> {
    return new Promise<void>((resolve) => this.held.get(key)!.push(resolve));
  }

  release(key: string): void {
    const waiters = this.held.get(key)!;
    const next = waiters.shift();
    if (next !== undefined) next();
    else this.held.delete(key);
  }

  isHeld(key: string): boolean {
    return this.held.has(key);
  }

  /** Keys held right now (for tests and metrics). */
  get size(): number {
    return this.held.size;
  }
}
