import type { Operation } from './op.js';

export type AnomalyKind =
  | 'lost-write'
  | 'unread-key'
  | 'resurrected'
  | 'stale-read'
  | 'read-went-backwards'
  | 'unexpected-value';

/** One violation, with the operations that prove it (as history lines). */
export interface Anomaly {
  kind: AnomalyKind;
  key: string;
  message: string;
  operations: Operation[];
}
