import { MAX_GROUP } from './group-commit.js';
import { storageError } from './storage-error.js';

/**
 * Point reads issued in one turn of the event loop go to LevelDB as one `getMany` (one
 * native call and promise instead of one each). Unlike writes, groups run in parallel: a
 * read needs no ordering, and LevelDB serves concurrent reads from several threads.
 * Keys are the database's (Buffers for items, strings for a utf8 sublevel such as Paxos state).
 */
/** The part of a `level` database or sublevel a ReadBatcher reads with. */
export interface ManyGetter<K> {
  getMany(keys: K[]): Promise<Array<string | undefined>>;
}

export class ReadBatcher<K = Buffer> {
  private keys: K[] = [];
  private waiters: Array<{ resolve: (value: string | undefined) => void; reject: (err: unknown) => void }> = [];
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly db: ManyGetter<K>) {}

  /** The stored value of `key`, as of some moment after the call. */
  get(key: K): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      this.keys.push(key);
      this.waiters.push({ resolve, reject });
      if (this.keys.length >= MAX_GROUP) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  /** Sends the queued reads now; resolves once every read sent has been answered. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all(this.inFlight);
  }

  private flush(): void {
    if (this.keys.length === 0) return;
    const keys = this.keys;
    const waiters = this.waiters;
    this.keys = [];
    this.waiters = [];
    const done = this.db.getMany(keys).then(
      (values) => {
        for (let i = 0; i < waiters.length; i++) waiters[i]!.resolve(values[i]);
      },
      (err: unknown) => {
        const mapped = storageError(err);
        for (const waiter of waiters) waiter.reject(mapped);
      },
    );
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }
}
