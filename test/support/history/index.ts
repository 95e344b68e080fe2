export { pairOperations, type Op, type OpType, type OpFunction, type Operation } from './op.js';
export { History, monotonicNow, parseJsonl, type Outcome } from './history.js';
export type { Anomaly, AnomalyKind } from './anomaly.js';
export { DEFAULT_SLACK_MS, type CheckOptions } from './stamp-intervals.js';
export { checkAcknowledgedWrites, type FinalReadOptions } from './acknowledged-writes.js';
export { checkDeletedItems } from './deleted-items.js';
export { checkMonotonicReads } from './monotonic-reads.js';
export { summarizeOperations } from './summary.js';
