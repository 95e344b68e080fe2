import { describe, expect, it } from 'vitest';
import {
  examineDigests,
  maxVersion,
  mergeStates,
  statesForRequests,
  type EndpointState,
  type GossipEndpointState,
} from '@dynaring/cluster';
import { SeededRandom } from './support/sim.js';

type States = ReadonlyMap<string, EndpointState>;
const KEYS = ['STATUS', 'TOKENS', 'LOAD', 'SCHEMA'];

function state(generation: number, heartbeatVersion: number, app: Record<string, [string, number]> = {}): EndpointState {
  const appStates = Object.fromEntries(Object.entries(app).map(([k, [value, version]]) => [k, { value, version }]));
  return { generation, heartbeatVersion, appStates };
}

function wire(endpoint: string, s: EndpointState): GossipEndpointState {
  return { endpoint, ...s };
}

const plain = (m: States) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * The true history of one endpoint: per generation a run of versions, each bumping the
 * heartbeat or one application state. Observations of it are snapshots or deltas.
 */
function observe(random: SeededRandom, endpoint: string): GossipEndpointState {
  const generation = 1 + Math.floor(random.next() * 3);
  const upTo = 1 + Math.floor(random.next() * 20);
  const since = random.next() < 0.3 ? Math.floor(random.next() * upTo) : 0;
  let heartbeatVersion = 0;
  const appStates: Record<string, { value: string; version: number }> = {};
  for (let version = 1; version <= upTo; version++) {
    // Deterministic per (endpoint, generation, version): one writer per endpoint.
    const slot = (version * 7 + generation * 3 + endpoint.length) % (KEYS.length + 1);
    if (slot === KEYS.length) heartbeatVersion = version;
    else if (version > since) appStates[KEYS[slot]!] = { value: `${endpoint}/${generation}/${version}`, version };
  }
  return { endpoint, generation, heartbeatVersion, appStates };
}

function payload(random: SeededRandom): GossipEndpointState[] {
  return Array.from({ length: 1 + Math.floor(random.next() * 4) }, () => observe(random, ['a', 'bb', 'ccc'][Math.floor(random.next() * 3)]!));
}

describe('mergeStates', () => {
  it('adds an unknown endpoint as a join followed by a change per state', () => {
    const { states, events } = mergeStates(new Map(), [wire('a', state(5, 3, { STATUS: ['NORMAL', 1], TOKENS: ['1', 2] }))]);
    expect(states.get('a')!.generation).toBe(5);
    expect(events.map((e) => e.type)).toEqual(['join', 'change', 'change']);
    expect(events[1]).toEqual({ type: 'change', endpoint: 'a', key: 'STATUS', value: 'NORMAL' });
  });

  it('replaces the whole state on a higher generation and reports a restart', () => {
    const local = new Map([['a', state(5, 9, { STATUS: ['NORMAL', 8], LOAD: ['10', 9] })]]);
    const { states, events } = mergeStates(local, [wire('a', state(6, 2, { STATUS: ['BOOT', 1] }))]);
    expect(states.get('a')).toEqual(state(6, 2, { STATUS: ['BOOT', 1] }));
    expect(events.map((e) => e.type)).toEqual(['restart', 'change']);
  });

  it('applies only newer versions within a generation and ignores older generations', () => {
    const local = new Map([['a', state(5, 9, { STATUS: ['NORMAL', 8], LOAD: ['10', 9] })]]);
    const { states, events } = mergeStates(local, [
      wire('a', state(5, 7, { STATUS: ['BOOT', 2], LOAD: ['20', 12] })),
      wire('a', state(4, 99, { STATUS: ['LEFT', 99] })),
    ]);
    expect(states.get('a')).toEqual(state(5, 9, { STATUS: ['NORMAL', 8], LOAD: ['20', 12] }));
    expect(events).toEqual([{ type: 'change', endpoint: 'a', key: 'LOAD', value: '20' }]);
  });

  it('moves the heartbeat forward silently', () => {
    const local = new Map([['a', state(5, 9)]]);
    const { states, events } = mergeStates(local, [wire('a', state(5, 11))]);
    expect(states.get('a')!.heartbeatVersion).toBe(11);
    expect(events).toEqual([]);
  });

  it('does not modify its input', () => {
    const local = new Map([['a', state(5, 9)]]);
    mergeStates(local, [wire('a', state(6, 1)), wire('b', state(1, 1))]);
    expect(plain(local)).toEqual({ a: state(5, 9) });
  });

  it('is idempotent (property, 300 random cases)', () => {
    const random = new SeededRandom(42);
    for (let i = 0; i < 300; i++) {
      const local = mergeStates(new Map(), payload(random)).states;
      const remote = payload(random);
      const once = mergeStates(local, remote).states;
      const twice = mergeStates(once, remote);
      expect(plain(twice.states)).toEqual(plain(once));
      expect(twice.events).toEqual([]);
    }
  });

  it('is commutative (property, 300 random cases)', () => {
    const random = new SeededRandom(43);
    for (let i = 0; i < 300; i++) {
      const local = mergeStates(new Map(), payload(random)).states;
      const a = payload(random);
      const b = payload(random);
      const ab = mergeStates(mergeStates(local, a).states, b).states;
      const ba = mergeStates(mergeStates(local, b).states, a).states;
      expect(plain(ab)).toEqual(plain(ba));
    }
  });

  it('converges through digest exchanges to every owner latest state (property)', () => {
    const random = new SeededRandom(44);
    const names = ['n0', 'n1', 'n2', 'n3', 'n4'];
    for (let trial = 0; trial < 20; trial++) {
      const views: Map<string, EndpointState>[] = names.map(() => new Map());
      const truth = new Map<string, EndpointState>();
      for (let step = 0; step < 200; step++) {
        // Each owner publishes into its own view; then a random pair runs SYN/ACK/ACK2.
        const owner = Math.floor(random.next() * names.length);
        const name = names[owner]!;
        const mine = views[owner]!.get(name) ?? state(1 + trial, 0);
        const version = maxVersion(mine) + 1;
        const next =
          random.next() < 0.5
            ? { ...mine, heartbeatVersion: version }
            : { ...mine, appStates: { ...mine.appStates, [KEYS[step % KEYS.length]!]: { value: `v${version}`, version } } };
        views[owner]!.set(name, next);
        truth.set(name, next);
        const [i, j] = [Math.floor(random.next() * names.length), Math.floor(random.next() * names.length)];
        exchange(views, i, j);
      }
      for (let round = 0; round < 3; round++) for (let i = 0; i < names.length; i++) for (let j = 0; j < names.length; j++) exchange(views, i, j);
      for (const view of views) expect(plain(view)).toEqual(plain(truth));
    }
  });
});

/** One SYN/ACK/ACK2 exchange from views[i] (initiator) to views[j]. */
function exchange(views: Map<string, EndpointState>[], i: number, j: number): void {
  const digests = [...views[i]!].map(([endpoint, s]) => ({ endpoint, generation: s.generation, maxVersion: maxVersion(s) }));
  const ack = examineDigests(views[j]!, digests, () => false);
  views[i] = mergeStates(views[i]!, ack.states).states;
  views[j] = mergeStates(views[j]!, statesForRequests(views[i]!, ack.requests)).states;
}

describe('examineDigests', () => {
  const local = new Map([
    ['same', state(5, 10, { STATUS: ['NORMAL', 4], LOAD: ['1', 8] })],
    ['older', state(5, 3)],
    ['newer', state(7, 3)],
    ['silent', state(2, 2)],
  ]);

  it('asks for what is newer there and sends what is newer here', () => {
    const ack = examineDigests(
      local,
      [
        { endpoint: 'same', generation: 5, maxVersion: 5 },
        { endpoint: 'older', generation: 5, maxVersion: 9 },
        { endpoint: 'newer', generation: 6, maxVersion: 50 },
        { endpoint: 'unknown', generation: 1, maxVersion: 4 },
      ],
      () => false,
    );
    expect(ack.requests).toEqual([
      { endpoint: 'older', generation: 5, maxVersion: 3 },
      { endpoint: 'unknown', generation: 1, maxVersion: 0 },
    ]);
    expect(ack.states).toEqual([
      wire('same', state(5, 10, { LOAD: ['1', 8] })),
      wire('newer', state(7, 3)),
      wire('silent', state(2, 2)),
    ]);
  });

  it('does not ask about ignored endpoints', () => {
    const ack = examineDigests(local, [{ endpoint: 'quarantined', generation: 1, maxVersion: 4 }], (e) => e === 'quarantined');
    expect(ack.requests).toEqual([]);
  });

  it('answers requests with the states newer than asked, or everything across generations', () => {
    expect(statesForRequests(local, [{ endpoint: 'same', generation: 5, maxVersion: 4 }])).toEqual([wire('same', state(5, 10, { LOAD: ['1', 8] }))]);
    expect(statesForRequests(local, [{ endpoint: 'same', generation: 4, maxVersion: 9 }])).toEqual([wire('same', local.get('same')!)]);
    expect(statesForRequests(local, [{ endpoint: 'gone', generation: 1, maxVersion: 0 }])).toEqual([]);
  });
});
