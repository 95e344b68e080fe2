import { describe, expect, it } from 'vitest';
import { ClusterView, formatTokens, parseTokens, randomTokens, trackClusterView, type EndpointState } from '@dynaring/cluster';
import { A, B, C, SimCluster } from './support/cluster.js';
import { SeededRandom } from './support/sim.js';

const D = '127.0.0.4:7000';

function node(status: string, tokens: bigint[], extra: Record<string, string> = {}, generation = 1000): EndpointState {
  const entries = Object.entries({ STATUS: status, TOKENS: formatTokens(tokens), ...extra });
  return { generation, heartbeatVersion: 99, appStates: Object.fromEntries(entries.map(([k, value], i) => [k, { value, version: i + 1 }])) };
}

function view(spec: Record<string, EndpointState>, live: string[] = Object.keys(spec), previous?: ClusterView): ClusterView {
  return ClusterView.build(new Map(Object.entries(spec)), live, previous);
}

describe('ClusterView', () => {
  const base = { [A]: node('NORMAL', [100n]), [B]: node('NORMAL', [200n]), [C]: node('NORMAL', [300n]) };

  it('reads the state of every endpoint from gossip', () => {
    const v = view({ [A]: node('NORMAL', [1n], { HOST_ID: 'h1', RPC_ADDRESS: '127.0.0.1:8000', DC: 'dc1', RACK: 'r1', LOAD: '1234', SCHEMA: 's1', RELEASE_VERSION: '0.1.0' }) });
    expect(v.statusOf(A)).toBe('NORMAL');
    expect(v.hostIdOf(A)).toBe('h1');
    expect(v.rpcAddressOf(A)).toBe('127.0.0.1:8000');
    expect([v.dcOf(A), v.rackOf(A), v.loadOf(A), v.schemaOf(A), v.releaseVersionOf(A)]).toEqual(['dc1', 'r1', 1234, 's1', '0.1.0']);
    expect(v.tokensOf(A)).toEqual([1n]);
    expect(v.statusOf(B)).toBe('UNKNOWN');
  });

  it('maps gossiped STATUS values, ignoring any detail after a comma', () => {
    const v = view({ a: node('BOOT', []), b: node('LEFT,1700000000', []), c: node('shutdown', []), d: node('removed', []), e: node('hibernate', []) });
    expect(['a', 'b', 'c', 'd', 'e'].map((e) => v.statusOf(e))).toEqual(['JOINING', 'LEFT', 'SHUTDOWN', 'REMOVED', 'UNKNOWN']);
  });

  it('takes liveness as given', () => {
    const v = view(base, [A, C]);
    expect(v.isAlive(B)).toBe(false);
    expect(v.liveEndpoints()).toEqual([A, C]);
  });

  it('treats a joining node as pending: it gets writes for its future ranges, not reads', () => {
    const v = view({ ...base, [D]: node('BOOT', [150n]) });
    expect(v.normalRing.endpoints()).toEqual([A, B, C]);
    expect(v.futureRing.endpoints()).toEqual([A, B, C, D]);
    expect(v.readEndpoints(120n, 2)).toEqual([B, C]);
    expect(v.writeEndpoints(120n, 2)).toEqual([B, C, D]);
    expect(v.pendingEndpoints(250n, 2)).toEqual([]);
  });

  it('keeps a leaving node an owner until it has left, with the new owners pending', () => {
    const v = view({ ...base, [D]: node('LEAVING', [150n]) });
    expect(v.normalRing.endpoints()).toEqual([A, B, C, D]);
    expect(v.futureRing.endpoints()).toEqual([A, B, C]);
    expect(v.readEndpoints(120n, 2)).toEqual([D, B]);
    expect(v.writeEndpoints(120n, 2)).toEqual([D, B, C]);
  });

  it('drops LEFT and removed nodes from the ring', () => {
    const v = view({ ...base, [D]: node('LEFT', [150n]), e: node('removed', [160n]) });
    expect(v.normalRing.endpoints()).toEqual([A, B, C]);
    expect(v.futureRing.endpoints()).toEqual([A, B, C]);
    expect(v.writeEndpoints(120n, 3)).toEqual([B, C, A]);
  });

  it('keeps a shut-down node an owner, and a shut-down joiner pending when it was seen joining', () => {
    const down = view({ ...base, [C]: node('shutdown', [300n]) }, [A, B]);
    expect(down.statusOf(C)).toBe('SHUTDOWN');
    expect(down.readEndpoints(250n, 1)).toEqual([C]);
    const joining = view({ ...base, [D]: node('BOOT', [150n]) });
    const stopped = view({ ...base, [D]: node('shutdown', [150n]) }, [A, B, C], joining);
    expect(stopped.normalRing.endpoints()).toEqual([A, B, C]);
    expect(stopped.pendingEndpoints(120n, 1)).toEqual([D]);
  });

  it('gives a token claimed twice to the endpoint with the newer generation', () => {
    const v = view({ [A]: node('NORMAL', [100n, 5n]), [B]: node('NORMAL', [100n], {}, 2000) });
    expect(v.normalRing.ownerOf(100n)).toBe(B);
    expect(v.normalRing.tokensOf(A)).toEqual([5n]);
  });

  it('parses and formats TOKENS as comma-separated decimals', () => {
    expect(parseTokens('-9223372036854775807,42')).toEqual([-9223372036854775807n, 42n]);
    expect(parseTokens('garbage')).toEqual([]);
    expect(formatTokens([1n, -2n])).toBe('1,-2');
  });

  it('builds the ring of a gossiping cluster', async () => {
    const random = new SeededRandom(5);
    const cluster = new SimCluster();
    for (const e of [A, B, C]) cluster.start(e, 1000, { STATUS: 'NORMAL', TOKENS: formatTokens(randomTokens(16, random)) });
    await cluster.scheduler.until(() => cluster.converged(), 10_000);
    const g = cluster.node(B);
    const v = ClusterView.build(g.states(), g.liveEndpoints());
    expect(v.normalRing.endpoints()).toEqual([A, B, C]);
    expect(v.normalRing.sortedTokens().length).toBe(48);
    expect([...v.normalRing.ownership(3).values()]).toEqual([1, 1, 1].map(() => expect.closeTo(1, 9)));
  });

  it('is kept current by a tracker, through a join and the joiner shutting down', async () => {
    const cluster = new SimCluster();
    cluster.start(A, 1000, { STATUS: 'NORMAL', TOKENS: '100' });
    cluster.start(B, 1000, { STATUS: 'NORMAL', TOKENS: '200' });
    const tracker = trackClusterView(cluster.node(A));
    const joiner = cluster.start(C, 1000, { STATUS: 'BOOT', TOKENS: '150' });
    await cluster.scheduler.until(() => tracker.current().isAlive(C), 10_000);
    expect(tracker.current().statusOf(C)).toBe('JOINING');
    expect(tracker.current().writeEndpoints(120n, 1)).toEqual([B, C]);
    await joiner.announceShutdown();
    await cluster.scheduler.advance(1);
    expect(tracker.current().statusOf(C)).toBe('SHUTDOWN');
    expect(tracker.current().isAlive(C)).toBe(false);
    expect(tracker.current().readEndpoints(120n, 1)).toEqual([B]);
    expect(tracker.current().pendingEndpoints(120n, 1)).toEqual([C]);
    tracker.stop();
  });

  it('shows a peer\'s new LOAD and SCHEMA through its tracker without rebuilding the rings', async () => {
    const cluster = new SimCluster();
    cluster.start(A, 1000, { STATUS: 'NORMAL', TOKENS: '100', LOAD: '500', SCHEMA: 's1' });
    const b = cluster.start(B, 1000, { STATUS: 'NORMAL', TOKENS: '200', LOAD: '500', SCHEMA: 's1' });
    let rebuilds = 0;
    const tracker = trackClusterView(cluster.node(A), () => rebuilds++);
    await cluster.scheduler.until(() => tracker.current().isAlive(B), 10_000);
    const ring = tracker.current().normalRing;
    const rebuildsBefore = rebuilds;
    b.setApplicationState('LOAD', '2000000');
    b.setApplicationState('SCHEMA', 's2');
    await cluster.scheduler.until(() => tracker.current().schemaOf(B) === 's2', 10_000);
    expect(tracker.current().loadOf(B)).toBe(2_000_000);
    expect(tracker.current().normalRing).toBe(ring);
    expect(rebuilds).toBe(rebuildsBefore);
    expect(tracker.current().isAlive(A)).toBe(true);
    tracker.stop();
  });
});
