/**
 * Checker (a): after healing, every acknowledged write is still there, unless something that
 * may have been stamped after it (a later write or delete, acknowledged or not) replaced it.
 * Writes with an unknown outcome and failed writes may be present or absent.
 */
import type { Anomaly } from './anomaly.js';
import type { Op } from './op.js';
import { candidatesOf, DEFAULT_SLACK_MS, describe, reflects, timelines, type CheckOptions } from './stamp-intervals.js';

export interface FinalReadOptions extends CheckOptions {
  /** Ok reads invoked at or after this time are the final reads, made after healing. */
  finalFrom: number;
}

export function checkAcknowledgedWrites(history: readonly Op[], opts: FinalReadOptions): Anomaly[] {
  const slackMs = opts.slackMs ?? DEFAULT_SLACK_MS;
  const anomalies: Anomaly[] = [];
  for (const t of timelines(history).values()) {
    const writes = t.acknowledged.filter((m) => m.op!.f === 'write');
    if (writes.length === 0) continue;
    const finals = t.reads.filter((r) => r.invokeTime >= opts.finalFrom);
    if (finals.length === 0) {
      anomalies.push({ kind: 'unread-key', key: t.key, message: `key ${t.key} has acknowledged writes but no final read`, operations: [] });
      continue;
    }
    for (const w of writes) {
      const missedBy = finals.find((r) => w.op!.completeTime < r.invokeTime && !reflects(candidatesOf(t, r), w, slackMs));
      if (!missedBy) continue;
      anomalies.push({
        kind: 'lost-write',
        key: t.key,
        message: `acknowledged ${describe(w.op)} is lost: final ${describe(missedBy)}, and nothing that value could come from was stamped after the write`,
        operations: [w.op!, missedBy],
      });
    }
  }
  return anomalies;
}
