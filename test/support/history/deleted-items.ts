/**
 * Checker (b): no deleted item reappears. After healing, a key whose acknowledged delete was
 * not followed by a write that may have been stamped after it (one invoked later, or one in
 * flight with an unknown outcome) must read as absent.
 */
import type { Anomaly } from './anomaly.js';
import type { FinalReadOptions } from './acknowledged-writes.js';
import type { Op } from './op.js';
import { candidatesOf, DEFAULT_SLACK_MS, describe, reflects, timelines } from './stamp-intervals.js';

export function checkDeletedItems(history: readonly Op[], opts: FinalReadOptions): Anomaly[] {
  const slackMs = opts.slackMs ?? DEFAULT_SLACK_MS;
  const anomalies: Anomaly[] = [];
  for (const t of timelines(history).values()) {
    const deletes = t.acknowledged.filter((m) => m.op!.f === 'delete');
    const finals = t.reads.filter((r) => r.invokeTime >= opts.finalFrom && r.value !== null);
    for (const r of finals) {
      const candidates = candidatesOf(t, r);
      // The latest-invoked delete the read contradicts is the most telling one.
      const shadowed = deletes.filter((d) => d.op!.completeTime < r.invokeTime && !reflects(candidates, d, slackMs)).at(-1);
      if (!shadowed) continue;
      anomalies.push({
        kind: 'resurrected',
        key: t.key,
        message: `deleted item reappeared: final ${describe(r)}, but ${describe(shadowed.op)} was stamped after every write of that value`,
        operations: [shadowed.op!, ...candidates.flatMap((c) => (c.op ? [c.op] : [])), r],
      });
    }
  }
  return anomalies;
}
