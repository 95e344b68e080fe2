/**
 * What the checkers know about last-write-wins order without seeing the timestamps: every
 * mutation (write or delete) is stamped by its coordinator at some moment between its invoke
 * and its completion, from the same machine clock. So when A completed before B was invoked,
 * A's timestamp is smaller and A can never shadow B. A mutation whose outcome is unknown
 * (info) may still be stamped at any later time (a paused coordinator resumes), so its
 * interval is open-ended; a failed one may have landed too, so it is still a candidate.
 */
import { pairOperations, type Op, type Operation } from './op.js';

export interface CheckOptions {
  /**
   * Slack for the millisecond clock behind timestamps (microseconds = ms * 1000, +1 per
   * write within a millisecond on one node): orders closer than this are not assumed.
   */
  slackMs?: number;
}

export const DEFAULT_SLACK_MS = 2;

export interface StampedMutation {
  /** undefined for the initial state (the item never written). */
  op?: Operation;
  /** The item value this mutation leaves: null after a delete. */
  result: string | null;
  earliest: number;
  latest: number;
}

export const INITIAL: StampedMutation = { result: null, earliest: -Infinity, latest: -Infinity };

/** Per key: every mutation that might have taken effect, and the ok reads. */
export interface KeyTimeline {
  key: string;
  mutations: StampedMutation[];
  /** Acknowledged mutations only. */
  acknowledged: StampedMutation[];
  reads: Operation[];
}

export function timelines(history: readonly Op[]): Map<string, KeyTimeline> {
  const byKey = new Map<string, KeyTimeline>();
  const timeline = (key: string): KeyTimeline => {
    let t = byKey.get(key);
    if (!t) byKey.set(key, (t = { key, mutations: [], acknowledged: [], reads: [] }));
    return t;
  };
  for (const op of pairOperations(history)) {
    const t = timeline(op.key);
    if (op.f === 'read') {
      if (op.outcome === 'ok') t.reads.push(op);
    } else if (op.f === 'write' || op.f === 'delete') {
      const m: StampedMutation = {
        op,
        result: op.f === 'write' ? op.value : null,
        earliest: op.invokeTime,
        latest: op.outcome === 'info' ? Infinity : op.completeTime,
      };
      t.mutations.push(m);
      if (op.outcome === 'ok') t.acknowledged.push(m);
    } else {
      throw new Error(`history line ${op.index}: the register checkers do not model ${op.f}`);
    }
  }
  for (const t of byKey.values()) t.reads.sort((a, b) => a.invokeTime - b.invokeTime);
  return byKey;
}

/** The mutations a read's value could come from: same result, invoked before the read completed. */
export function candidatesOf(t: KeyTimeline, read: Operation): StampedMutation[] {
  const found = t.mutations.filter((m) => m.result === read.value && m.earliest < read.completeTime);
  return read.value === null ? [INITIAL, ...found] : found;
}

/** True when `a` was certainly stamped before `b`. */
export function precedes(a: StampedMutation, b: StampedMutation, slackMs: number): boolean {
  return a.latest + slackMs < b.earliest;
}

/** True when a read that saw one of `candidates` may have seen `m` or something stamped after it. */
export function reflects(candidates: readonly StampedMutation[], m: StampedMutation, slackMs: number): boolean {
  return candidates.some((c) => c === m || !precedes(c, m, slackMs));
}

/** A short human description of an operation, for anomaly messages. */
export function describe(op: Operation | undefined): string {
  if (!op) return 'the initial (absent) state';
  const what = op.f === 'read' ? `read -> ${op.value ?? 'absent'}` : op.f === 'write' ? `write ${op.value}` : 'delete';
  const end = op.completeTime === Infinity ? 'never completed' : `${op.outcome} at ${fmt(op.completeTime)}`;
  return `${op.process} ${what} of ${op.key} (line ${op.index}, invoked ${fmt(op.invokeTime)}, ${end}${op.node === undefined ? '' : `, via node ${op.node + 1}`})`;
}

const fmt = (ms: number): string => ms.toFixed(1);
