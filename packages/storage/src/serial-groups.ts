import { storageError } from './storage-error.js';

/** A queued operation that its group settles. */
export interface Settleable {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * The scheduling under both group commits (items and Paxos state): operations queued in one
 * turn of the event loop form a group of at most `maxGroup`; one group is in flight at a time
 * and the rest queue for the next, so a later write of a key never lands before an earlier one
 * and groups grow with load.
 *
 * `commit` writes a group and settles each of its operations; if it throws, every operation
 * of the group is rejected with the mapped storage error.
 */
export class SerialGroups<T extends Settleable> {
  private queue: T[] = [];
  private scheduled = false;
  private inFlight = false;
  private closed = false;
  private idle: Array<() => void> = [];

  constructor(
    private readonly maxGroup: number,
    private readonly commit: (group: T[]) => Promise<void>,
  ) {}

  /** Whether `close` was called: callers refuse new operations then. */
  get isClosed(): boolean {
    return this.closed;
  }

  push(op: T): void {
    this.queue.push(op);
    this.schedule();
  }

  /** Refuses new operations and resolves once every queued one has been written or failed. */
  close(): Promise<void> {
    this.closed = true;
    if (!this.inFlight && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    // setImmediate, not a microtask: every operation issued by this turn's callbacks and
    // their promise continuations joins the group.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.inFlight = true;
    let group = this.queue;
    if (group.length > this.maxGroup) group = this.queue.splice(0, this.maxGroup);
    else this.queue = [];
    try {
      await this.commit(group);
    } catch (err) {
      const mapped = storageError(err);
      for (const op of group) op.reject(mapped);
    }
    this.inFlight = false;
    if (this.queue.length > 0) this.schedule();
    else for (const resolve of this.idle.splice(0)) resolve();
  }
}
