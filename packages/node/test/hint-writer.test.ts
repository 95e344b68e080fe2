import { describe, expect, it } from 'vitest';
import { stampWrite, type Mutation } from '@dynaring/core';
import { Downtime } from '../src/hints/downtime.js';
import { HintWriter } from '../src/hints/hint-writer.js';

const WINDOW_MS = 10_800_000;
const mutation: Mutation = stampWrite('t', 1n, { hash: { S: 'k' } }, { kind: 'delete' }, 5);

function setup() {
  let now = 1_000_000;
  const alive = new Set<string>(['up:7000']);
  const downtime = new Downtime((e) => alive.has(e), () => now);
  const appended: Array<{ hostId: string; createdAtMs: number; mutation: Mutation }> = [];
  const errors: unknown[] = [];
  const writer = new HintWriter({
    store: {
      append: async (hostId, createdAtMs, m) => {
        appended.push({ hostId, createdAtMs, mutation: m });
      },
    },
    hostIdOf: (e) => (e === 'nohost:7000' ? undefined : `host-of-${e}`),
    downForMs: (e) => downtime.downForMs(e),
    maxHintWindowMs: WINDOW_MS,
    nowMs: () => now,
    onError: (err) => errors.push(err),
  });
  return { writer, downtime, alive, appended, errors, advance: (ms: number) => (now += ms) };
}

describe('HintWriter', () => {
  it('keeps a hint keyed by the target\'s host id, stamped with the time it was created', async () => {
    const { writer, appended } = setup();
    writer.store('down:7000', mutation);
    expect(appended).toEqual([{ hostId: 'host-of-down:7000', createdAtMs: 1_000_000, mutation }]);
  });

  it('hints a live replica that timed out', () => {
    const { writer, appended } = setup();
    writer.store('up:7000', mutation);
    expect(appended).toHaveLength(1);
  });

  it('stops hinting a target down longer than max_hint_window_in_ms, and starts again once it was up', () => {
    const { writer, downtime, alive, appended, advance } = setup();
    downtime.markDown('down:7000');
    advance(WINDOW_MS);
    writer.store('down:7000', mutation);
    advance(1);
    writer.store('down:7000', mutation);
    expect(appended).toHaveLength(1);
    expect(writer.skipped).toBe(1);
    alive.add('down:7000');
    downtime.markUp('down:7000');
    alive.delete('down:7000');
    downtime.markDown('down:7000');
    writer.store('down:7000', mutation);
    expect(appended).toHaveLength(2);
  });

  it('counts a peer down since it was first noticed when it was never seen alive', () => {
    const { writer, appended, advance } = setup();
    writer.store('never-seen:7000', mutation);
    advance(WINDOW_MS + 1);
    writer.store('never-seen:7000', mutation);
    expect(appended).toHaveLength(1);
  });

  it('keeps no hint for an endpoint without a known host id', () => {
    const { writer, appended } = setup();
    writer.store('nohost:7000', mutation);
    expect(appended).toEqual([]);
    expect(writer.skipped).toBe(1);
  });

  it('reports a failed append instead of throwing into the write path', async () => {
    const errors: unknown[] = [];
    const writer = new HintWriter({
      store: { append: () => Promise.reject(new Error('disk full')) },
      hostIdOf: () => 'h',
      downForMs: () => 0,
      maxHintWindowMs: WINDOW_MS,
      nowMs: () => 0,
      onError: (err) => errors.push(err),
    });
    expect(() => writer.store('x:7000', mutation)).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toHaveLength(1);
  });
});
