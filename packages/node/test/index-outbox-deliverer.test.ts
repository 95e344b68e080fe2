import { describe, expect, it } from 'vitest';
import type { ConsistencyLevel, Mutation, SecondaryIndexMeta, TableMeta, TimerHandle, Timers } from '@dynaring/core';
import type { OutboxEntry } from '@dynaring/storage';
import { IndexOutboxDeliverer, type IndexOutboxSource } from '../src/indexes/index-outbox-deliverer.js';
import type { IndexOfTable } from '../src/indexes/index-catalog.js';

/** Timers that fire only when the test says so, so that a test sees every wait scheduled. */
class ManualTimers implements Timers {
  private readonly timeouts: Array<{ callback: () => void; delayMs: number; cancelled: boolean }> = [];
  private readonly intervals: Array<{ callback: () => void; cancelled: boolean }> = [];
  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const t = { callback, delayMs, cancelled: false };
    this.timeouts.push(t);
    return { cancel: () => (t.cancelled = true) };
  }
  setInterval(callback: () => void, _intervalMs: number): TimerHandle {
    const t = { callback, cancelled: false };
    this.intervals.push(t);
    return { cancel: () => (t.cancelled = true) };
  }
  /** Delays of the one-shot timers still pending. */
  pendingDelays(): number[] {
    return this.timeouts.filter((t) => !t.cancelled).map((t) => t.delayMs);
  }
  fireTimeouts(): void {
    for (const t of this.timeouts.splice(0)) if (!t.cancelled) t.callback();
  }
  tickIntervals(): void {
    for (const t of this.intervals) if (!t.cancelled) t.callback();
  }
  activeIntervals(): number {
    return this.intervals.filter((t) => !t.cancelled).length;
  }
}

/** The outbox contract in memory: oldest first, listeners told synchronously on append. */
class MemoryOutbox implements IndexOutboxSource {
  entries: OutboxEntry[] = [];
  takes = 0;
  private readonly listeners: Array<() => void> = [];
  private seq = 0;
  append(indexId: string, pk: string, baseTableId = TABLE.id): void {
    const mutation: Mutation = { tableId: indexId, token: 1n, key: { hash: { S: pk } }, cells: { p: { value: { NULL: true }, timestampMicros: 1 } }, itemTombstoneMicros: -1 };
    this.entries.push({ id: String(this.seq++).padStart(8, '0'), baseTableId, indexId, mutation });
    for (const listener of this.listeners) listener();
  }
  async take(limit: number): Promise<OutboxEntry[]> {
    this.takes++;
    return this.entries.slice(0, limit);
  }
  async ack(ids: string[]): Promise<void> {
    const gone = new Set(ids);
    this.entries = this.entries.filter((e) => !gone.has(e.id));
  }
  onAppend(listener: () => void): void {
    this.listeners.push(listener);
  }
}

/** A coordinator that records pointer writes and fails those whose key is listed in `failing`. */
class RecordingCoordinator {
  applied: Array<{ table: string; tableId: string; pk: string; cl: ConsistencyLevel }> = [];
  calls = 0;
  inFlight = 0;
  maxInFlight = 0;
  failing = new Set<string>();
  /** While set, applies wait for it. */
  gate: Promise<void> | undefined;
  async applyMutation(table: TableMeta, mutation: Mutation, cl: ConsistencyLevel): Promise<void> {
    this.calls++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      await this.gate;
      const pk = (mutation.key.hash as { S: string }).S;
      if (this.failing.has(pk)) throw new Error('no replica of the index partition answered');
      this.applied.push({ table: table.name, tableId: table.id, pk, cl });
    } finally {
      this.inFlight--;
    }
  }
}

const index = (id: string, status: SecondaryIndexMeta['status']): SecondaryIndexMeta => ({
  name: `by-${id}`,
  kind: 'global',
  id,
  keySchema: { hash: { name: 'g', type: 'S' } },
  projection: { type: 'ALL' },
  status,
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  createdMs: 0,
});

const TABLE: TableMeta = {
  name: 'T',
  id: 'table-id',
  keySchema: { hash: { name: 'pk', type: 'S' } },
  attributeDefinitions: [],
  billingMode: 'PAY_PER_REQUEST',
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  creationDateTimeMs: 0,
  rf: 3,
  tags: {},
  indexes: [index('gsi', 'ACTIVE'), index('creating', 'CREATING'), index('deleting', 'DELETING')],
};

const silent = { warn: () => {}, debug: () => {} };

function setup(options: { batchSize?: number; inFlight?: number } = {}) {
  const outbox = new MemoryOutbox();
  const coordinator = new RecordingCoordinator();
  const timers = new ManualTimers();
  const indexes = new Map<string, IndexOfTable>(TABLE.indexes!.map((i) => [i.id, { table: TABLE, index: i }]));
  const deliverer = new IndexOutboxDeliverer({
    outbox,
    indexById: (id) => indexes.get(id),
    coordinator,
    timers,
    log: silent,
    minRetryDelayMs: 100,
    maxRetryDelayMs: 1000,
    ...options,
  });
  return { outbox, coordinator, timers, deliverer };
}

describe('IndexOutboxDeliverer', () => {
  it('applies appended entries at ONE to the index pseudo-table and acknowledges them', async () => {
    const { outbox, coordinator, deliverer } = setup();
    deliverer.start();
    await deliverer.idle();
    outbox.append('gsi', 'a');
    outbox.append('creating', 'b');
    await deliverer.idle();
    expect(coordinator.applied).toEqual([
      { table: 'T/by-gsi', tableId: 'gsi', pk: 'a', cl: 'ONE' },
      { table: 'T/by-creating', tableId: 'creating', pk: 'b', cl: 'ONE' },
    ]);
    expect(outbox.entries).toEqual([]);
    expect(deliverer.delivered).toBe(2);
  });

  it('delivers entries left in the outbox before it started, without waiting for a write', async () => {
    const { outbox, coordinator, deliverer } = setup();
    outbox.append('gsi', 'left-by-a-crash');
    deliverer.start();
    await deliverer.idle();
    expect(coordinator.applied.map((a) => a.pk)).toEqual(['left-by-a-crash']);
    expect(outbox.entries).toEqual([]);
  });

  it('acknowledges unsent the entries of a dropped index, a DELETING index, or an older table incarnation', async () => {
    const { outbox, coordinator, deliverer } = setup();
    outbox.append('dropped-index', 'a');
    outbox.append('deleting', 'b');
    outbox.append('gsi', 'c', 'previous-incarnation-id');
    outbox.append('gsi', 'd');
    deliverer.start();
    await deliverer.idle();
    expect(coordinator.applied.map((a) => a.pk)).toEqual(['d']);
    expect(deliverer.discarded).toBe(3);
    expect(outbox.entries).toEqual([]);
  });

  it('drains more entries than one batch in one wake, with a bounded number in flight', async () => {
    const { outbox, coordinator, deliverer } = setup({ batchSize: 10, inFlight: 4 });
    for (let i = 0; i < 35; i++) outbox.append('gsi', `k${i}`);
    deliverer.start();
    await deliverer.idle();
    expect(coordinator.applied).toHaveLength(35);
    expect(coordinator.maxInFlight).toBe(4);
    expect(outbox.entries).toEqual([]);
  });

  it('keeps a failed entry, acknowledges the rest, and rests until the retry delay even when woken', async () => {
    const { outbox, coordinator, timers, deliverer } = setup();
    coordinator.failing.add('b');
    outbox.append('gsi', 'a');
    outbox.append('gsi', 'b');
    deliverer.start();
    await deliverer.idle();
    expect(outbox.entries.map((e) => e.mutation.key.hash)).toEqual([{ S: 'b' }]);
    expect(deliverer.backingOff).toBe(true);
    expect(timers.pendingDelays()).toEqual([100]);

    // Appends and the poll do not wake a deliverer waiting out a failure: no busy loop.
    const callsBefore = coordinator.calls;
    outbox.append('gsi', 'c');
    timers.tickIntervals();
    await deliverer.idle();
    expect(coordinator.calls).toBe(callsBefore);

    coordinator.failing.clear();
    timers.fireTimeouts();
    await deliverer.idle();
    expect(coordinator.applied.map((a) => a.pk).sort()).toEqual(['a', 'b', 'c']);
    expect(outbox.entries).toEqual([]);
    expect(deliverer.backingOff).toBe(false);
  });

  it('doubles the retry delay up to the maximum while nothing gets through, and starts again from the minimum after', async () => {
    const { outbox, coordinator, timers, deliverer } = setup();
    coordinator.failing.add('stuck');
    outbox.append('gsi', 'stuck');
    deliverer.start();
    const delays: number[] = [];
    for (let round = 0; round < 6; round++) {
      await deliverer.idle();
      delays.push(...timers.pendingDelays());
      timers.fireTimeouts();
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);

    coordinator.failing.clear();
    await deliverer.idle();
    expect(outbox.entries).toEqual([]);
    coordinator.failing.add('again');
    outbox.append('gsi', 'again');
    await deliverer.idle();
    expect(timers.pendingDelays()).toEqual([100]);
  });

  it('retries after the outbox itself fails, without acknowledging anything', async () => {
    const { outbox, coordinator, timers, deliverer } = setup();
    outbox.append('gsi', 'a');
    const take = outbox.take.bind(outbox);
    outbox.take = async () => {
      throw new Error('storage is closing');
    };
    deliverer.start();
    await deliverer.idle();
    expect(coordinator.calls).toBe(0);
    expect(timers.pendingDelays()).toEqual([100]);
    outbox.take = take;
    timers.fireTimeouts();
    await deliverer.idle();
    expect(coordinator.applied.map((a) => a.pk)).toEqual(['a']);
  });

  it('stop cancels its timers, waits for the write in flight, sends nothing more, and ignores later appends', async () => {
    const { outbox, coordinator, timers, deliverer } = setup({ inFlight: 1 });
    deliverer.start();
    await deliverer.idle();
    let open!: () => void;
    coordinator.gate = new Promise<void>((resolve) => (open = resolve));
    outbox.append('gsi', 'in-flight');
    outbox.append('gsi', 'not-yet-sent');
    while (coordinator.calls === 0) await new Promise((resolve) => setImmediate(resolve));
    let stopped = false;
    const stopping = deliverer.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    open();
    await stopping;
    expect(coordinator.applied.map((a) => a.pk)).toEqual(['in-flight']);
    expect(outbox.entries.map((e) => e.mutation.key.hash)).toEqual([{ S: 'not-yet-sent' }]);
    expect(timers.activeIntervals()).toBe(0);
    outbox.append('gsi', 'after-stop');
    timers.tickIntervals();
    await deliverer.idle();
    expect(coordinator.calls).toBe(1);
    expect(outbox.entries.map((e) => e.mutation.key.hash)).toEqual([{ S: 'not-yet-sent' }, { S: 'after-stop' }]);
  });
});
