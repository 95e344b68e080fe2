import { randomBytes } from 'node:crypto';
import type { Mutation } from '@dynaring/core';
import { decodeMutation, encodeMutation } from './mutation-codec.js';

/** A write a replica missed, kept by the coordinator until the replica acknowledges it. */
export interface StoredHint {
  /** Opaque, unique: what delete() takes. */
  id: string;
  targetHostId: string;
  createdAtMs: number;
  mutation: Mutation;
}

/** Pending hints of one target. */
export interface HintTargetStats {
  targetHostId: string;
  count: number;
  oldestMs: number;
  newestMs: number;
}

/**
 * Durable hints in the `hints` system sublevel, keyed `targetHostId | createdAtMs | seq` so
 * that one target's hints form a contiguous range in creation order. Writes have the data
 * path's durability (non-sync: they survive a process crash); appends issued in the same tick
 * go to LevelDB as one batch.
 */
export interface HintStore {
  append(targetHostId: string, createdAtMs: number, mutation: Mutation): Promise<void>;
  /** The target's hints in creation order, at most `limit` after the hint `afterId`. */
  list(targetHostId: string, limit: number, afterId?: string): Promise<StoredHint[]>;
  delete(id: string): Promise<void>;
  /** Removes every hint of the target (it left the ring). */
  deleteTarget(targetHostId: string): Promise<void>;
  count(targetHostId: string): Promise<number>;
  /** Every target with pending hints, by host id. */
  stats(): Promise<HintTargetStats[]>;
  /** Writes what was appended and refuses more appends. */
  close(): Promise<void>;
}

/** The part of a `level` sublevel (utf8 keys and values) the store uses. */
export interface HintSublevel {
  batch(ops: Array<{ type: 'put'; key: string; value: string }>, options: { sync: boolean }): Promise<void>;
  del(key: string, options: { sync: boolean }): Promise<void>;
  clear(range: { gt?: string; gte?: string; lt?: string }): Promise<void>;
  iterator(options: { gt?: string; gte?: string; lt?: string; limit?: number }): { all(): Promise<Array<[string, string]>> };
  keys(options: { gte?: string; lt?: string }): { all(): Promise<string[]> };
}

// Host ids are UUIDs, so neither separator can occur inside one; '\u0001' sorts past '\u0000'.
const SEP = '\u0000';
const END = '\u0001';
const MS_DIGITS = 15;
const SEQ_DIGITS = 12;

const targetStart = (hostId: string) => hostId + SEP;
const targetEnd = (hostId: string) => hostId + END;

function parseKey(key: string): { targetHostId: string; createdAtMs: number } {
  const parts = key.split(SEP);
  return { targetHostId: parts[0]!, createdAtMs: Number(parts[1]) };
}

export function hintStore(sublevel: HintSublevel): HintStore {
  // Two hints created in the same millisecond keep their order by this counter; the random
  // suffix keeps keys unique across restarts within one millisecond (or a clock step back).
  let seq = 0;
  const nonce = randomBytes(4).toString('hex');
  let pending: Array<{ type: 'put'; key: string; value: string }> = [];
  let scheduled: Promise<void> | undefined;
  const writing = new Set<Promise<void>>();
  let closed = false;

  const flush = (): Promise<void> => {
    scheduled ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const ops = pending;
      pending = [];
      scheduled = undefined;
      const write = sublevel.batch(ops, { sync: false });
      const tracked: Promise<void> = write.catch(() => undefined).finally(() => writing.delete(tracked));
      writing.add(tracked);
      return write;
    });
    return scheduled;
  };

  return {
    append(targetHostId, createdAtMs, mutation) {
      if (closed) return Promise.reject(new Error('hint store is closed'));
      const ms = String(Math.max(0, Math.floor(createdAtMs))).padStart(MS_DIGITS, '0');
      const key = targetHostId + SEP + ms + SEP + String(seq++).padStart(SEQ_DIGITS, '0') + nonce;
      pending.push({ type: 'put', key, value: encodeMutation(mutation) });
      return flush();
    },

    async list(targetHostId, limit, afterId) {
      const range = afterId !== undefined && afterId.startsWith(targetStart(targetHostId)) ? { gt: afterId } : { gte: targetStart(targetHostId) };
      const entries = await sublevel.iterator({ ...range, lt: targetEnd(targetHostId), limit }).all();
      return entries.map(([key, value]) => ({ id: key, ...parseKey(key), mutation: decodeMutation(value) }));
    },

    delete: (id) => sublevel.del(id, { sync: false }),

    deleteTarget: (targetHostId) => sublevel.clear({ gte: targetStart(targetHostId), lt: targetEnd(targetHostId) }),

    async count(targetHostId) {
      return (await sublevel.keys({ gte: targetStart(targetHostId), lt: targetEnd(targetHostId) }).all()).length;
    },

    async stats() {
      const byTarget = new Map<string, HintTargetStats>();
      for (const key of await sublevel.keys({}).all()) {
        const { targetHostId, createdAtMs } = parseKey(key);
        const s = byTarget.get(targetHostId);
        if (!s) byTarget.set(targetHostId, { targetHostId, count: 1, oldestMs: createdAtMs, newestMs: createdAtMs });
        else {
          s.count++;
          s.oldestMs = Math.min(s.oldestMs, createdAtMs);
          s.newestMs = Math.max(s.newestMs, createdAtMs);
        }
      }
      return [...byTarget.values()];
    },

    async close() {
      closed = true;
      if (scheduled) await scheduled.catch(() => undefined);
      await Promise.allSettled([...writing]);
    },
  };
}
