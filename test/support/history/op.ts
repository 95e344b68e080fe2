/**
 * One line of a Jepsen-style history: every client operation is recorded once when invoked
 * and once when it completes. `info` means the outcome is unknown (a timeout, a 5xx): the
 * operation may or may not have taken effect, now or later, and checkers must allow both.
 */
export type OpType = 'invoke' | 'ok' | 'fail' | 'info';
export type OpFunction = 'write' | 'read' | 'delete' | 'cas';

export interface Op {
  /** The logical client; it runs one operation at a time, so its invoke pairs with its next completion. */
  process: string;
  type: OpType;
  f: OpFunction;
  key: string;
  /** Written value on a write invoke; the value read (null: absent) on a read's ok; null otherwise. */
  value: string | null;
  /** Milliseconds (fractional, monotonic) on the test process's clock. */
  time: number;
  /** Which node's endpoint served the request (0-based), for diagnostics. */
  node?: number;
  /** The error name and message of a fail or info. */
  error?: string;
}

/** An invoke joined with its completion. */
export interface Operation {
  process: string;
  f: OpFunction;
  key: string;
  /** The written value for writes, the value read for ok reads, null for deletes. */
  value: string | null;
  /** ok/fail/info; an invoke that never completed counts as info. */
  outcome: Exclude<OpType, 'invoke'>;
  invokeTime: number;
  /** Infinity when the operation never completed. */
  completeTime: number;
  node?: number;
  error?: string;
  /** Position of the invoke line in the history, to point at it in reports. */
  index: number;
}

/** Joins each invoke with the next completion of the same process. */
export function pairOperations(history: readonly Op[]): Operation[] {
  const open = new Map<string, Operation>();
  const operations: Operation[] = [];
  history.forEach((op, index) => {
    if (op.type === 'invoke') {
      const pending: Operation = {
        process: op.process,
        f: op.f,
        key: op.key,
        value: op.value,
        outcome: 'info',
        invokeTime: op.time,
        completeTime: Infinity,
        node: op.node,
        index,
      };
      open.set(op.process, pending);
      operations.push(pending);
      return;
    }
    const pending = open.get(op.process);
    if (!pending) throw new Error(`history line ${index}: ${op.type} of process ${op.process} without an invoke`);
    open.delete(op.process);
    pending.outcome = op.type;
    pending.completeTime = op.time;
    if (op.f === 'read') pending.value = op.type === 'ok' ? op.value : null;
    if (op.error !== undefined) pending.error = op.error;
  });
  return operations;
}
