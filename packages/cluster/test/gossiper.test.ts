import { describe, expect, it } from 'vitest';
import { GossipRejectedError, PARTITIONER_NAME } from '@dynaring/cluster';
import { A, B, C, SimCluster } from './support/cluster.js';

async function threeNodes(intervalMs = 1000): Promise<SimCluster> {
  const cluster = new SimCluster({ intervalMs });
  for (const e of [A, B, C]) cluster.start(e, 1000, { STATUS: 'NORMAL', HOST_ID: `host-${e}` });
  await cluster.scheduler.until(() => cluster.converged(), 20 * intervalMs);
  return cluster;
}

describe('Gossiper', () => {
  it('converges three nodes on each other states within a few rounds', async () => {
    const cluster = new SimCluster();
    for (const e of [A, B, C]) cluster.start(e, 1000, { STATUS: 'NORMAL', HOST_ID: `host-${e}` });
    const tookMs = await cluster.scheduler.until(() => cluster.converged(), 20_000);
    expect(tookMs).toBeLessThanOrEqual(5000);
    expect(cluster.node(B).states().get(C)!.appStates.HOST_ID!.value).toBe(`host-${C}`);
  });

  it('spreads a changed application state and reports it to listeners', async () => {
    const cluster = await threeNodes();
    const seen: string[] = [];
    cluster.node(C).on('change', (endpoint, key, value) => seen.push(`${endpoint} ${key}=${value}`));
    cluster.node(A).setApplicationState('SCHEMA', 'v2');
    await cluster.scheduler.until(() => cluster.node(C).states().get(A)!.appStates.SCHEMA?.value === 'v2', 5000);
    expect(seen).toEqual([`${A} SCHEMA=v2`]);
  });

  it('marks a killed node dead within the phi bound at a 1 s interval', async () => {
    const cluster = await threeNodes();
    await cluster.scheduler.advance(60_000);
    cluster.network.kill(C);
    const tookMs = await cluster.scheduler.until(() => !cluster.node(A).isAlive(C) && !cluster.node(B).isAlive(C), 60_000, 100);
    // About 18.4 mean inter-arrival intervals; relayed heartbeats make the mean a little over 1 s.
    expect(tookMs).toBeGreaterThanOrEqual(18_000);
    expect(tookMs).toBeLessThanOrEqual(26_000);
    expect(cluster.node(A).unreachableEndpoints()).toEqual([C]);
    expect(cluster.node(A).liveEndpoints()).toEqual([A, B]);
  });

  it('marks a killed node dead within about 2 s at a 100 ms interval', async () => {
    const cluster = await threeNodes(100);
    await cluster.scheduler.advance(10_000);
    cluster.network.kill(C);
    const tookMs = await cluster.scheduler.until(() => !cluster.node(A).isAlive(C) && !cluster.node(B).isAlive(C), 10_000);
    expect(tookMs).toBeGreaterThanOrEqual(1800);
    expect(tookMs).toBeLessThanOrEqual(2600);
  });

  it('marks a restarted node alive again, with its new generation', async () => {
    const cluster = await threeNodes();
    const events: string[] = [];
    cluster.node(A).on('dead', (e) => events.push(`dead ${e}`));
    cluster.node(A).on('restart', (e) => events.push(`restart ${e}`));
    cluster.node(A).on('alive', (e) => events.push(`alive ${e}`));
    cluster.network.kill(C);
    await cluster.scheduler.until(() => !cluster.node(A).isAlive(C), 60_000);
    cluster.start(C, 2000);
    const tookMs = await cluster.scheduler.until(() => cluster.node(A).isAlive(C) && cluster.node(B).isAlive(C), 20_000);
    expect(tookMs).toBeLessThanOrEqual(5000);
    expect(cluster.node(B).states().get(C)!.generation).toBe(2000);
    expect(events).toEqual([`dead ${C}`, `restart ${C}`, `alive ${C}`]);
  });

  it('marks a node alive again when its heartbeat advances after a partition heals', async () => {
    const cluster = await threeNodes();
    cluster.network.partition(A, C);
    cluster.network.partition(B, C);
    await cluster.scheduler.until(() => !cluster.node(A).isAlive(C) && !cluster.node(C).isAlive(A), 60_000);
    cluster.network.heal(A, C);
    cluster.network.heal(B, C);
    await cluster.scheduler.until(() => cluster.converged(), 20_000);
    expect(cluster.node(A).states().get(C)!.generation).toBe(1000);
  });

  it('keeps a node alive through a one-link partition, since others relay its heartbeat', async () => {
    const cluster = await threeNodes();
    cluster.network.partition(A, C);
    await cluster.scheduler.advance(60_000);
    expect(cluster.node(A).isAlive(C)).toBe(true);
    expect(cluster.node(C).isAlive(A)).toBe(true);
  });

  it('marks a node that announces its shutdown dead at once, and keeps it dead', async () => {
    const cluster = await threeNodes();
    await cluster.node(C).announceShutdown();
    await cluster.scheduler.advance(1);
    expect(cluster.node(A).isAlive(C)).toBe(false);
    expect(cluster.node(B).isAlive(C)).toBe(false);
    expect(cluster.node(B).states().get(C)!.appStates.STATUS!.value).toBe('shutdown,true');
    cluster.network.kill(C);
    await cluster.scheduler.advance(30_000);
    expect(cluster.node(A).isAlive(C)).toBe(false);
  });

  it('keeps a removed node removed although a peer still gossips it', async () => {
    const cluster = await threeNodes();
    const removed: string[] = [];
    cluster.node(A).on('remove', (e) => removed.push(e));
    cluster.network.kill(C);
    await cluster.scheduler.until(() => !cluster.node(A).isAlive(C), 60_000);
    cluster.node(A).removeEndpoint(C);
    await cluster.scheduler.advance(30_000);
    expect(cluster.node(A).states().has(C)).toBe(false);
    expect(cluster.node(B).states().has(C)).toBe(true);
    cluster.node(B).removeEndpoint(C);
    await cluster.scheduler.advance(120_000);
    expect(cluster.node(A).states().has(C)).toBe(false);
    expect(cluster.node(B).states().has(C)).toBe(false);
    expect(cluster.node(A).unreachableEndpoints()).toEqual([]);
    expect(removed).toEqual([C]);
  });

  it('gossips STATUS=removed for a dead node under a newer generation', async () => {
    const cluster = await threeNodes();
    cluster.network.kill(C);
    await cluster.scheduler.until(() => !cluster.node(A).isAlive(C), 60_000);
    cluster.node(A).advertiseRemoved(C);
    const statusOnB = () => cluster.node(B).states().get(C)!.appStates.STATUS!.value;
    await cluster.scheduler.until(() => statusOnB().startsWith('removed,'), 10_000);
    // As Cassandra spells it: the removed node's host ID, then when its state expires (3 days on).
    const [, hostId, expiresAt] = statusOnB().split(',');
    expect(hostId).toBe(`host-${C}`);
    expect(Number(expiresAt) - cluster.scheduler.nowMs()).toBeGreaterThan(3 * 24 * 3600 * 1000 - 60_000);
    expect(cluster.node(B).states().get(C)!.generation).toBe(1001);
  });

  it('refuses gossip from another cluster', () => {
    const cluster = new SimCluster();
    const a = cluster.start(A);
    expect(() => a.handleSyn({ clusterName: 'other', partitioner: PARTITIONER_NAME, digests: [] })).toThrow(GossipRejectedError);
    expect(() => a.handleSyn({ clusterName: 'test-cluster', partitioner: 'RandomPartitioner', digests: [] })).toThrow(GossipRejectedError);
  });

  it('keeps a node of another cluster out', async () => {
    const cluster = new SimCluster();
    cluster.start(A);
    cluster.start(B);
    const stranger = cluster.start(C, 1000, { STATUS: 'NORMAL' }, { clusterName: 'other' });
    await cluster.scheduler.advance(10_000);
    expect(cluster.node(A).liveEndpoints()).toEqual([A, B]);
    expect(cluster.node(B).states().has(C)).toBe(false);
    expect(stranger.liveEndpoints()).toEqual([C]);
  });

  it('survives a throwing listener', async () => {
    const errors: unknown[] = [];
    const cluster = new SimCluster({ onListenerError: (e) => errors.push(e) });
    cluster.start(A).on('join', () => {
      throw new Error('boom');
    });
    cluster.start(B);
    await cluster.scheduler.until(() => cluster.converged(), 10_000);
    expect(errors.length).toBe(1);
  });
});
