import type { Mutation } from '@dynaring/core';
import { decodeMutation, encodeMutation } from './mutation-codec.js';

/** A GSI pointer mutation waiting to be delivered to the replicas of its token. */
export interface OutboxEntry {
  id: string;
  baseTableId: string;
  indexId: string;
  mutation: Mutation;
}

/**
 * GSI pointer mutations derived by this replica, in the `index-outbox` system sublevel. The
 * group commit writes them in the same LevelDB batch as the base write they come from, so a
 * crash never keeps one without the other; a node-level deliverer applies them through the
 * coordinator and acks them.
 */
export interface IndexOutbox {
  /** Oldest entries first, at most `limit`. */
  take(limit: number): Promise<OutboxEntry[]>;
  /** Removes delivered entries. */
  ack(ids: string[]): Promise<void>;
  /** Called (synchronously, after the batch is written) whenever entries were appended. */
  onAppend(listener: () => void): void;
  size(): Promise<number>;
}

/** The part of a `level` sublevel (utf8 keys and values) the outbox uses. */
export interface OutboxSublevel {
  batch(ops: Array<{ type: 'del'; key: string }>, options: { sync: boolean }): Promise<void>;
  iterator(options: { limit?: number; reverse?: boolean }): { all(): Promise<Array<[string, string]>> };
  keys(options: object): { all(): Promise<string[]> };
}

/** An outbox put, to be written as part of the group commit's batch. */
export interface OutboxPut {
  type: 'put';
  sublevel: OutboxSublevel;
  key: string;
  value: string;
}

// Fixed-width decimal ids, so key order is id order (16 digits hold microseconds until 2286).
const ID_DIGITS = 16;

interface StoredEntry {
  baseTableId: string;
  mutation: string;
}

/** The outbox plus the group commit's side of it: building puts and announcing them. */
export class OutboxStore implements IndexOutbox {
  private nextSeq = 0;
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly sublevel: OutboxSublevel) {}

  /**
   * Continues the ids after the newest stored entry, and never below the clock in
   * microseconds: ids keep growing across restarts even after the outbox was emptied.
   */
  async load(nowMs: number = Date.now()): Promise<void> {
    const [last] = await this.sublevel.iterator({ reverse: true, limit: 1 }).all();
    this.nextSeq = Math.max(last === undefined ? 0 : Number(last[0]) + 1, Math.floor(nowMs) * 1000);
  }

  /** Batch puts of new entries; ids are taken now, so batches write them in id order. */
  puts(baseTableId: string, mutations: readonly Mutation[]): OutboxPut[] {
    return mutations.map((mutation) => {
      const value: StoredEntry = { baseTableId, mutation: encodeMutation(mutation) };
      return { type: 'put', sublevel: this.sublevel, key: String(this.nextSeq++).padStart(ID_DIGITS, '0'), value: JSON.stringify(value) };
    });
  }

  /** Tells the listeners that a written batch appended entries. */
  appended(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // A listener's failure is the deliverer's business, never the write's.
      }
    }
  }

  async take(limit: number): Promise<OutboxEntry[]> {
    if (limit <= 0) return [];
    const entries = await this.sublevel.iterator({ limit }).all();
    return entries.map(([id, text]) => {
      const stored = JSON.parse(text) as StoredEntry;
      const mutation = decodeMutation(stored.mutation);
      return { id, baseTableId: stored.baseTableId, indexId: mutation.tableId, mutation };
    });
  }

  ack(ids: string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return this.sublevel.batch(
      ids.map((key) => ({ type: 'del', key })),
      { sync: false },
    );
  }

  onAppend(listener: () => void): void {
    this.listeners.push(listener);
  }

  async size(): Promise<number> {
    return (await this.sublevel.keys({}).all()).length;
  }
}
