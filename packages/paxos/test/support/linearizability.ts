/**
 * A linearizability checker for one compare-and-set register, after Wing & Gong's search
 * with Lowe's memoisation (the "WGL" algorithm Knossos and Porcupine use): walk the history's
 * call/return events in time order, linearize any pending call the model allows, backtrack
 * when a return is reached whose call was not linearized yet, and never revisit a
 * (set of linearized ops, register value) pair. Good for histories of a few hundred ops.
 */

export type RegisterValue = number | string | null;

/**
 * One client operation with its real-time interval. Outcomes follow Jepsen:
 * - `ok`: it happened, with this result (a read's `value`; a cas that applied).
 * - `fail`: it certainly did not change the register. A failed write or read is dropped; a
 *   failed cas is a definite answer "the register did not hold `expected`", which is checked.
 * - `unknown`: a timeout. It may take effect at any time after its invocation, or never;
 *   `completedAt` is ignored. An unknown read tells nothing and is dropped.
 */
export type RegisterOperation =
  | { f: 'read'; value: RegisterValue; invokedAt: number; completedAt: number; outcome: 'ok' | 'fail' | 'unknown'; process?: string }
  | { f: 'write'; value: RegisterValue; invokedAt: number; completedAt: number; outcome: 'ok' | 'fail' | 'unknown'; process?: string }
  | { f: 'cas'; expected: RegisterValue; value: RegisterValue; invokedAt: number; completedAt: number; outcome: 'ok' | 'fail' | 'unknown'; process?: string };

export type LinearizabilityResult =
  | { linearizable: true; /** Indexes into the history, in a valid linearization order. */ order: number[]; statesExplored: number }
  | { linearizable: false; /** The operation whose completion no explored order could reach. */ stuckAt: number; statesExplored: number };

interface Entry {
  kind: 'call' | 'return';
  /** Index into the history. */
  op: number;
  time: number;
  unknown: boolean;
  /** A call's return entry. */
  match: Entry | null;
  prev: Entry | null;
  next: Entry | null;
}

const DEFAULT_MAX_STATES = 5_000_000;

export function checkRegisterHistory(
  history: readonly RegisterOperation[],
  initial: RegisterValue,
  maxStates = DEFAULT_MAX_STATES,
): LinearizabilityResult {
  const head = buildEntries(history);
  const linearized = new Uint32Array(Math.ceil(history.length / 32) + 1);
  const cache = new Set<string>();
  const stack: Array<{ entry: Entry; state: RegisterValue }> = [];
  let state = initial;
  let entry = head.next;
  let deepest = { depth: -1, stuckAt: -1 };

  while (head.next !== null) {
    const current = entry!;
    if (current.kind === 'call') {
      const after = step(history[current.op]!, state);
      if (after !== REFUSED) {
        setBit(linearized, current.op);
        const key = linearized.join(',') + '#' + JSON.stringify(after.value);
        if (!cache.has(key)) {
          if (cache.size >= maxStates) throw new Error(`linearizability search gave up after ${maxStates} states`);
          cache.add(key);
          stack.push({ entry: current, state });
          state = after.value;
          lift(current);
          entry = head.next;
          continue;
        }
        clearBit(linearized, current.op);
      }
      entry = current.next;
    } else {
      // Unknown operations return after every definite one, so reaching one means every
      // definite operation is linearized: the rest may take effect later or never.
      if (current.unknown) return success(stack, cache.size);
      if (stack.length > deepest.depth) deepest = { depth: stack.length, stuckAt: current.op };
      const top = stack.pop();
      if (!top) return { linearizable: false, stuckAt: deepest.stuckAt, statesExplored: cache.size };
      state = top.state;
      clearBit(linearized, top.entry.op);
      unlift(top.entry);
      entry = top.entry.next;
    }
  }
  return success(stack, cache.size);
}

const REFUSED = Symbol('refused');

function step(op: RegisterOperation, state: RegisterValue): { value: RegisterValue } | typeof REFUSED {
  switch (op.f) {
    case 'read':
      return op.value === state ? { value: state } : REFUSED;
    case 'write':
      return { value: op.value };
    case 'cas':
      if (op.outcome === 'fail') return op.expected !== state ? { value: state } : REFUSED;
      return op.expected === state ? { value: op.value } : REFUSED;
  }
}

/** Operations that constrain the register, as a linked list of events sorted by time. */
function buildEntries(history: readonly RegisterOperation[]): Entry {
  const entries: Entry[] = [];
  history.forEach((op, index) => {
    const dropped = op.outcome === 'fail' ? op.f !== 'cas' : op.outcome === 'unknown' && op.f === 'read';
    if (dropped) return;
    const unknown = op.outcome === 'unknown';
    if (!unknown && op.completedAt < op.invokedAt) throw new Error(`operation ${index} completes before it is invoked`);
    const ret: Entry = { kind: 'return', op: index, time: unknown ? Infinity : op.completedAt, unknown, match: null, prev: null, next: null };
    const call: Entry = { kind: 'call', op: index, time: op.invokedAt, unknown, match: ret, prev: null, next: null };
    entries.push(call, ret);
  });
  // At equal times calls go first: touching intervals count as concurrent, the lenient reading.
  entries.sort((a, b) => a.time - b.time || (a.kind === b.kind ? 0 : a.kind === 'call' ? -1 : 1));
  const head: Entry = { kind: 'call', op: -1, time: -Infinity, unknown: false, match: null, prev: null, next: null };
  let last = head;
  for (const e of entries) {
    last.next = e;
    e.prev = last;
    last = e;
  }
  return head;
}

/** Takes a linearized call and its return out of the list. */
function lift(call: Entry): void {
  call.prev!.next = call.next;
  if (call.next) call.next.prev = call.prev;
  const ret = call.match!;
  ret.prev!.next = ret.next;
  if (ret.next) ret.next.prev = ret.prev;
}

/** Puts them back, in the reverse order of lift, so the neighbours' links are as they were. */
function unlift(call: Entry): void {
  const ret = call.match!;
  ret.prev!.next = ret;
  if (ret.next) ret.next.prev = ret;
  call.prev!.next = call;
  if (call.next) call.next.prev = call;
}

function setBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] |= 1 << (i & 31);
}

function clearBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] &= ~(1 << (i & 31));
}

function success(stack: Array<{ entry: Entry }>, statesExplored: number): LinearizabilityResult {
  return { linearizable: true, order: stack.map((s) => s.entry.op), statesExplored };
}
