import { expect, it } from 'vitest';
import { checkAcknowledgedWrites, checkDeletedItems, checkMonotonicReads, type Anomaly, type History } from '../../support/history/index.js';

/**
 * The checks every fault suite ends with, as one test each, run on the suite's recorded
 * history once the faults healed. `finalFrom` is when the final reads started; `anomalies`
 * collects what each checker found, for the suite's summary line.
 */
export function historyCheckTests(history: History, finalFrom: () => number, anomalies: Map<string, Anomaly[]>): void {
  it('keeps every acknowledged write after healing', () => {
    anomalies.set('lost', checkAcknowledgedWrites(history.ops, { finalFrom: finalFrom() }));
    expect(anomalies.get('lost')!.map((a) => a.message)).toEqual([]);
  });

  it('never brings a deleted item back', () => {
    anomalies.set('resurrected', checkDeletedItems(history.ops, { finalFrom: finalFrom() }));
    expect(anomalies.get('resurrected')!.map((a) => a.message)).toEqual([]);
  });

  it('never lets ConsistentReads of one key go backwards or miss an acknowledged write', () => {
    anomalies.set('non-monotonic', checkMonotonicReads(history.ops));
    expect(anomalies.get('non-monotonic')!.map((a) => a.message)).toEqual([]);
  });
}
