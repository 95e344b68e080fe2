import { notOpen } from './storage-error.js';
import { SerialGroups } from './serial-groups.js';

/** Most state writes in one LevelDB batch; the rest wait for the next group. */
export const MAX_PAXOS_GROUP = 1024;

/** The part of a `level` sublevel (utf8 keys and values) a group writes with. */
export interface PaxosBatchTarget {
  batch(ops: Array<{ type: 'put'; key: string; value: string }>, options: { sync: boolean }): Promise<void>;
}

interface PendingPut {
  key: string;
  value: string;
  durable: boolean;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit of Paxos state writes, as group-commit.ts does for items: the puts issued in
 * one turn of the event loop go into one synced LevelDB `batch`, and each put resolves only
 * once that batch is on disk. A synced write costs an fsync however small, so a busy acceptor
 * paid one per message; now concurrent rounds share it.
 *
 * The acceptor's guarantee is unchanged: it answers after its put resolves, that is after the
 * state is durable. One group is in flight at a time (serial-groups.ts); puts arriving meanwhile form the next
 * one, so a later put of a key is never written before an earlier one. A group is synced
 * when any of its puts must be durable; one of only non-durable puts is not.
 */
export class PaxosGroupCommit {
  private readonly groups: SerialGroups<PendingPut>;

  constructor(
    private readonly target: PaxosBatchTarget,
    private readonly options: { sync: boolean },
  ) {
    this.groups = new SerialGroups(MAX_PAXOS_GROUP, (group) => this.commit(group));
  }

  /**
   * Resolves once the put is written: on disk when `durable` (and the store syncs), else in
   * LevelDB's log, which the next synced write flushes along with it.
   */
  put(key: string, value: string, durable = true): Promise<void> {
    if (this.groups.isClosed) return Promise.reject(notOpen());
    return new Promise<void>((resolve, reject) => {
      this.groups.push({ key, value, durable, resolve, reject });
    });
  }

  /** Refuses new puts and resolves once every queued one has been written or failed. */
  close(): Promise<void> {
    return this.groups.close();
  }

  private async commit(group: PendingPut[]): Promise<void> {
    // In arrival order: LevelDB applies a batch in order, so the last put of a key wins.
    const sync = this.options.sync && group.some((p) => p.durable);
    await this.target.batch(
      group.map((p) => ({ type: 'put', key: p.key, value: p.value })),
      { sync },
    );
    for (const p of group) p.resolve();
  }
}
