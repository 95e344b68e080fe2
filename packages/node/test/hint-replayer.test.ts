import { describe, expect, it } from 'vitest';
import { stampWrite, systemClock, systemTimers, type Mutation } from '@dynaring/core';
import type { HintStore, HintTargetStats, StoredHint } from '@dynaring/storage';
import { HintReplayer, type HintTargetLocation } from '../src/hints/hint-replayer.js';

const HOST = 'aaaaaaaa-0000-4000-8000-00000000000a';
const OTHER = 'bbbbbbbb-0000-4000-8000-00000000000b';

/** The hint store's contract in memory: per target, in creation order. */
class MemoryHints implements Pick<HintStore, 'list' | 'delete' | 'deleteTarget' | 'count' | 'stats'> {
  private readonly hints: StoredHint[] = [];
  private seq = 0;
  add(targetHostId: string, mutation: Mutation): void {
    const createdAtMs = this.seq++;
    this.hints.push({ id: `${targetHostId}/${String(createdAtMs).padStart(6, '0')}`, targetHostId, createdAtMs, mutation });
  }
  async list(targetHostId: string, limit: number): Promise<StoredHint[]> {
    return this.hints.filter((h) => h.targetHostId === targetHostId).slice(0, limit);
  }
  async delete(id: string): Promise<void> {
    const i = this.hints.findIndex((h) => h.id === id);
    if (i >= 0) this.hints.splice(i, 1);
  }
  async deleteTarget(targetHostId: string): Promise<void> {
    for (let i = this.hints.length - 1; i >= 0; i--) if (this.hints[i]!.targetHostId === targetHostId) this.hints.splice(i, 1);
  }
  async count(targetHostId: string): Promise<number> {
    return this.hints.filter((h) => h.targetHostId === targetHostId).length;
  }
  async stats(): Promise<HintTargetStats[]> {
    const hosts = [...new Set(this.hints.map((h) => h.targetHostId))];
    return Promise.all(hosts.map(async (h) => ({ targetHostId: h, count: await this.count(h), oldestMs: 0, newestMs: 0 })));
  }
}

/** A replica that refuses the first `failures` applies, then records what it applies. */
class FlakyReplica {
  applied: string[] = [];
  calls = 0;
  inFlight = 0;
  maxInFlight = 0;
  constructor(public failures = 0) {}
  async apply(m: Mutation): Promise<void> {
    this.calls++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.failures > 0) {
        this.failures--;
        throw new Error('replica unavailable');
      }
      this.applied.push((m.key.hash as { S: string }).S);
    } finally {
      this.inFlight--;
    }
  }
}

const mutation = (pk: string): Mutation => stampWrite('table-id', 1n, { hash: { S: pk } }, { kind: 'put', item: { pk: { S: pk } } }, 1000);

function setup(options: { failures?: number; location?: HintTargetLocation; inFlightPerTarget?: number } = {}) {
  const store = new MemoryHints();
  const replica = new FlakyReplica(options.failures ?? 0);
  let location: HintTargetLocation = options.location ?? { endpoint: '127.0.0.3:7000', alive: true };
  const replayer = new HintReplayer({
    store,
    locate: () => location,
    replicaOf: () => replica,
    clock: systemClock,
    timers: systemTimers,
    retryDelayMs: 20,
    pollMs: 5,
    inFlightPerTarget: options.inFlightPerTarget ?? 1,
  });
  return { store, replica, replayer, moveTo: (l: HintTargetLocation) => (location = l) };
}

describe('HintReplayer', () => {
  it('delivers a target\'s hints in creation order and deletes each one acknowledged', async () => {
    const { store, replica, replayer } = setup();
    for (const k of ['a', 'b', 'c']) store.add(HOST, mutation(k));
    await replayer.replayNow(HOST);
    expect(replica.applied).toEqual(['a', 'b', 'c']);
    expect(await store.count(HOST)).toBe(0);
    expect(replayer.delivered(HOST)).toBe(3);
  });

  it('stops at the first failure, keeps the undelivered hints, and finishes on a later replay', async () => {
    const { store, replica, replayer } = setup({ failures: 1 });
    for (const k of ['a', 'b', 'c']) store.add(HOST, mutation(k));
    await replayer.replayNow(HOST);
    expect(replica.applied).toEqual([]);
    expect(replica.calls).toBe(1);
    expect(await store.count(HOST)).toBe(3);
    await replayer.replayNow(HOST);
    expect(replica.applied).toEqual(['a', 'b', 'c']);
    expect(await store.count(HOST)).toBe(0);
  });

  it('keeps hints for a target that is down and sends nothing', async () => {
    const { store, replica, replayer } = setup({ location: { endpoint: '127.0.0.3:7000', alive: false } });
    store.add(HOST, mutation('a'));
    await replayer.replayNow(HOST);
    expect(replica.calls).toBe(0);
    expect(await store.count(HOST)).toBe(1);
  });

  it('drops the hints of a host that left the ring', async () => {
    const { store, replica, replayer } = setup({ location: 'left' });
    store.add(HOST, mutation('a'));
    await replayer.replayNow(HOST);
    expect(replica.calls).toBe(0);
    expect(await store.count(HOST)).toBe(0);
  });

  it('runs one replay at a time per target', async () => {
    const { store, replica, replayer } = setup();
    for (const k of ['a', 'b', 'c', 'd']) store.add(HOST, mutation(k));
    await Promise.all([replayer.replayNow(HOST), replayer.replayNow(HOST), replayer.retryAll()]);
    expect(replica.applied).toEqual(['a', 'b', 'c', 'd']);
    expect(replica.maxInFlight).toBe(1);
  });

  it('keeps at most inFlightPerTarget hints of a target in flight', async () => {
    const { store, replica, replayer } = setup({ inFlightPerTarget: 3 });
    for (let i = 0; i < 20; i++) store.add(HOST, mutation(`k${i}`));
    await replayer.replayNow(HOST);
    expect(replica.applied).toHaveLength(20);
    expect(replica.maxInFlight).toBe(3);
  });

  it('waitFor retries a failing target until its hints are delivered', async () => {
    const { store, replica, replayer } = setup({ failures: 3 });
    for (const k of ['a', 'b']) store.add(HOST, mutation(k));
    store.add(OTHER, mutation('other'));
    const result = await replayer.waitFor([HOST], 5_000);
    expect(result).toEqual({ delivered: 2, remaining: 0 });
    expect(replica.applied.filter((k) => k !== 'other')).toEqual(['a', 'b']);
  });

  it('waitFor gives up at the timeout with the hints still pending', async () => {
    const { store, replayer } = setup({ location: { endpoint: '127.0.0.3:7000', alive: false } });
    store.add(HOST, mutation('a'));
    const started = Date.now();
    expect(await replayer.waitFor(undefined, 100)).toEqual({ delivered: 0, remaining: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('waitFor delivers to a target that comes up while waiting', async () => {
    const { store, replayer, moveTo } = setup({ location: undefined });
    store.add(HOST, mutation('a'));
    setTimeout(() => moveTo({ endpoint: '127.0.0.3:7000', alive: true }), 30);
    expect(await replayer.waitFor(undefined, 5_000)).toEqual({ delivered: 1, remaining: 0 });
  });
});
