/**
 * Checker (c): ConsistentReads of one key never go backwards. For every ok read R of a key:
 * - its value was written by an operation invoked before R completed (or R saw the absent
 *   initial state / a delete);
 * - read-your-acknowledged-writes: R reflects every mutation acknowledged before R was invoked;
 * - monotonic reads: R reflects what every read completed before R was invoked returned.
 * "Reflects" allows anything that may have been stamped later under last-write-wins, so
 * concurrent and unknown-outcome writes are never held against the database.
 */
import type { Anomaly } from './anomaly.js';
import type { Op, Operation } from './op.js';
import { candidatesOf, DEFAULT_SLACK_MS, describe, precedes, reflects, timelines, type CheckOptions, type StampedMutation } from './stamp-intervals.js';

export function checkMonotonicReads(history: readonly Op[], opts: CheckOptions = {}): Anomaly[] {
  const slackMs = opts.slackMs ?? DEFAULT_SLACK_MS;
  const anomalies: Anomaly[] = [];
  for (const t of timelines(history).values()) {
    const seen = new Map<Operation, StampedMutation[]>();
    for (const r of t.reads) {
      const candidates = candidatesOf(t, r);
      seen.set(r, []);
      if (candidates.length === 0) {
        anomalies.push({ kind: 'unexpected-value', key: t.key, message: `${describe(r)} returned a value no operation invoked before it wrote`, operations: [r] });
        continue;
      }
      // Only the candidates stamped no earlier than everything acknowledged before R was
      // invoked are what R may really have seen; none left means R is stale.
      // Whatever was stamped before the latest-starting acknowledged mutation is stamped before
      // it too, so that one mutation decides.
      let newestAcked: StampedMutation | undefined;
      for (const m of t.acknowledged) {
        if (m.op!.completeTime < r.invokeTime && (!newestAcked || m.earliest > newestAcked.earliest)) newestAcked = m;
      }
      const viable = newestAcked ? candidates.filter((c) => !precedes(c, newestAcked, slackMs)) : candidates;
      seen.set(r, viable);
      if (viable.length === 0) {
        const missed = newestAcked!;
        anomalies.push({
          kind: 'stale-read',
          key: t.key,
          message: `${describe(r)} does not reflect acknowledged ${describe(missed.op)}`,
          operations: [missed.op!, r],
        });
        continue;
      }
      // Earlier reads that R contradicts: every value R can come from was stamped before
      // every value that read can come from.
      const earlier = t.reads.find(
        (e) =>
          e !== r &&
          e.completeTime < r.invokeTime &&
          e.value !== r.value &&
          seen.get(e)!.length > 0 &&
          seen.get(e)!.every((c) => !reflects(viable, c, slackMs)),
      );
      if (earlier) {
        anomalies.push({
          kind: 'read-went-backwards',
          key: t.key,
          message: `${describe(r)} went backwards: an earlier ${describe(earlier)} returned something stamped later`,
          operations: [earlier, r],
        });
      }
    }
  }
  return anomalies;
}
