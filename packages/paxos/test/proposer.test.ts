import { describe, expect, it } from 'vitest';
import { ClusterError, liveItem, stampWrite, TimestampSource, type AttributeMap } from '@dynaring/core';
import {
  BallotGenerator,
  casItem,
  type AcceptorApi,
  type AcceptorReplica,
  type Ballot,
  type PaxosKey,
  type ProposerOptions,
} from '../src/index.js';
import { seededRandom } from './support/seeded-random.js';
import { SimClock } from './support/sim-clock.js';
import { SimNetwork, SimReplica } from './support/sim-cluster.js';

const KEY: PaxosKey = { tableId: 't1', token: 99n, key: { hash: { S: 'counter' } } };
const counter = (item: AttributeMap | null) => Number((item?.n as { N: string } | undefined)?.N ?? 0);
const increment = (current: AttributeMap | null) => {
  const n = counter(current) + 1;
  return { write: { kind: 'update' as const, set: { pk: { S: 'counter' }, n: { N: String(n) } }, remove: [] }, result: n };
};
const read = (current: AttributeMap | null) => ({ result: counter(current) });

function cluster(size = 3) {
  const clock = new SimClock();
  const random = seededRandom(7);
  const quiet = { minDelayMs: 1, maxDelayMs: 1, dropRate: 0, maxDiskDelayMs: 0 };
  const net = new SimNetwork(clock, random, quiet);
  const replicas = Array.from({ length: size }, (_, i) => new SimReplica(`r${i}`, clock, random, quiet));
  const proposer = (nodeId: string, extra: Partial<ProposerOptions> = {}): ProposerOptions => ({
    ballots: new BallotGenerator(new TimestampSource(clock), nodeId),
    clock,
    timers: clock,
    random,
    roundTimeoutMs: 50,
    ...extra,
  });
  const refs = (wrap: (api: AcceptorApi, i: number) => AcceptorApi = (api) => api): AcceptorReplica[] =>
    replicas.map((r, i) => ({ api: wrap(net.link(r), i), alive: r.up }));
  const itemAt = (i: number) => liveItem(replicas[i]!.items.records.get([...replicas[i]!.items.records.keys()][0]!));
  return { clock, replicas, proposer, refs, itemAt, net };
}

/** Prepares and proposes directly, as a proposer that died before its commit would have. */
async function interruptedProposal(apis: AcceptorApi[], ballot: Ballot, n: number): Promise<void> {
  const mutation = stampWrite(KEY.tableId, KEY.token, KEY.key, { kind: 'put', item: { pk: { S: 'counter' }, n: { N: String(n) } } }, ballot.timestampMicros);
  for (const api of apis) await api.prepare(KEY, ballot);
  for (const api of apis) await api.propose(KEY, { ballot, mutation });
}

describe('casItem', () => {
  it('commits the decided write on the replicas, stamped with the ballot, and returns the result', async () => {
    const { clock, proposer, refs, replicas, itemAt } = cluster();
    clock.setTimeout(() => undefined, 1_000); // the clock starts at a microsecond timestamp of 1 s
    const options = proposer('p1');
    expect(await clock.run(casItem(options, KEY, refs(), increment))).toBe(1);
    for (let i = 0; i < 3; i++) expect(itemAt(i)).toEqual({ pk: { S: 'counter' }, n: { N: '1' } });
    const committed = [...replicas[0]!.paxos.states.values()][0]!.committed!;
    const record = [...replicas[0]!.items.records.values()][0]!;
    expect(record.cells.n!.timestampMicros).toBe(committed.timestampMicros);
  });

  it('lets each round decide from the item as the previous rounds left it', async () => {
    const { clock, proposer, refs } = cluster();
    const options = proposer('p1');
    for (let i = 1; i <= 3; i++) expect(await clock.run(casItem(options, KEY, refs(), increment))).toBe(i);
    expect(await clock.run(casItem(proposer('p2'), KEY, refs(), read))).toBe(3);
  });

  it('proposes nothing when the decision writes nothing', async () => {
    const { clock, proposer, refs, replicas } = cluster();
    expect(await clock.run(casItem(proposer('p1'), KEY, refs(), read))).toBe(0);
    for (const r of replicas) expect([...r.paxos.states.values()][0]).toMatchObject({ accepted: null, committed: null });
  });

  it('fails with CLUSTER_UNAVAILABLE, sending nothing, when fewer than a quorum are alive', async () => {
    const { clock, proposer, refs, replicas } = cluster();
    const replicaRefs = refs().map((r, i) => ({ ...r, alive: i === 0 }));
    const error = await clock.run(casItem(proposer('p1'), KEY, replicaRefs, increment)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClusterError);
    expect((error as ClusterError).code).toBe('CLUSTER_UNAVAILABLE');
    for (const r of replicas) expect(r.paxos.states.size).toBe(0);
  });

  it('succeeds with one replica of three down', async () => {
    const { clock, proposer, refs, replicas } = cluster();
    replicas[2]!.crash();
    expect(await clock.run(casItem(proposer('p1'), KEY, refs(), increment))).toBe(1);
  });

  it('finishes a proposal left by a proposer that died after proposing, before deciding anything new', async () => {
    const { clock, proposer, refs, net, replicas, itemAt } = cluster();
    const apis = replicas.map((r) => net.link(r));
    await clock.run(interruptedProposal([apis[0]!, apis[1]!], { timestampMicros: 10, nodeId: 'dead' }, 41));
    expect(replicas.every((r) => r.items.records.size === 0)).toBe(true);
    expect(await clock.run(casItem(proposer('p1'), KEY, refs(), increment))).toBe(42);
    for (let i = 0; i < 3; i++) expect(itemAt(i)?.n).toEqual({ N: '42' });
  });

  it('finishes a proposal accepted by a single replica when the next quorum includes it', async () => {
    const { clock, proposer, refs, net, replicas } = cluster();
    await clock.run(interruptedProposal([net.link(replicas[0]!)], { timestampMicros: 10, nodeId: 'dead' }, 7));
    expect(await clock.run(casItem(proposer('p1'), KEY, refs(), read))).toBe(7);
  });

  it('reports a proposal that a minority accepted as a timeout, and the write may still happen later', async () => {
    const { clock, proposer, refs } = cluster();
    // Replicas 1 and 2 never answer a propose: only replica 0 accepts.
    const lossy = refs((api, i) => (i === 0 ? api : { ...api, propose: () => new Promise<never>(() => undefined) }));
    const error = await clock.run(casItem(proposer('p1'), KEY, lossy, increment)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClusterError);
    expect((error as ClusterError).code).toBe('CLUSTER_TIMEOUT');
    expect((error as Error).message).toMatch(/outcome is unknown/);
    // The next round reaches replica 0 and completes the interrupted write.
    expect(await clock.run(casItem(proposer('p2'), KEY, refs(), read))).toBe(1);
  });

  it('retries a proposal every replica refused, deciding again from the newer item', async () => {
    const { clock, proposer, refs, net, replicas } = cluster();
    let raced = false;
    // Between our prepare and our propose, another proposer increments the counter.
    const racing = refs((api) => ({
      ...api,
      propose: async (key, proposal) => {
        if (!raced) {
          raced = true;
          await casItem(proposer('p2'), KEY, replicas.map((r) => ({ api: net.link(r), alive: true })), increment);
        }
        return api.propose(key, proposal);
      },
    }));
    expect(await clock.run(casItem(proposer('p1'), KEY, racing, increment))).toBe(2);
  });

  it('gives up with CLUSTER_TIMEOUT after the CAS timeout when it keeps losing', async () => {
    const { clock, proposer } = cluster();
    let prepares = 0;
    // An acceptor that is always one step ahead of us, as under a storm of competing proposers.
    const rival: AcceptorApi = {
      prepare: async (_key, ballot) => {
        prepares++;
        return { promised: false, promisedBallot: { ...ballot, nodeId: ballot.nodeId + '~' }, record: null };
      },
      propose: async () => ({ accepted: false, promisedBallot: null }),
      commit: async () => undefined,
      prune: async () => undefined,
    };
    const replicaRefs = [0, 1, 2].map(() => ({ api: rival, alive: true }));
    const error = await clock.run(casItem(proposer('p1', { casTimeoutMs: 1000 }), KEY, replicaRefs, increment)).catch((e: unknown) => e);
    expect((error as ClusterError).code).toBe('CLUSTER_TIMEOUT');
    expect((error as Error).message).toMatch(/contentions/);
    expect(clock.nowMs()).toBeGreaterThanOrEqual(1000);
    expect(clock.nowMs()).toBeLessThan(1200);
    expect(prepares).toBeGreaterThan(10);
  });

  it('brings a replica that missed the most recent commit up to date before answering', async () => {
    const { clock, proposer, refs, net, replicas, itemAt } = cluster();
    // A proposer chose n=5 on replicas 0 and 1, then died after committing to replica 0 only.
    const ballot: Ballot = { timestampMicros: 10, nodeId: 'dead' };
    await clock.run(interruptedProposal([net.link(replicas[0]!), net.link(replicas[1]!)], ballot, 5));
    const mutation = stampWrite(KEY.tableId, KEY.token, KEY.key, { kind: 'put', item: { pk: { S: 'counter' }, n: { N: '5' } } }, 10);
    await clock.run(net.link(replicas[0]!).commit(KEY, { ballot, mutation }));
    // Replica 2 missed all of it; a read through replicas 0 and 2 repairs it.
    const quorumWith2 = refs().map((r, i) => ({ ...r, alive: i !== 1 }));
    expect(await clock.run(casItem(proposer('p1'), KEY, quorumWith2, read))).toBe(5);
    expect(itemAt(2)?.n).toEqual({ N: '5' });
  });

  it('stamps its write above a newer timestamp already on the item, so the write wins', async () => {
    const { clock, proposer, refs, replicas } = cluster();
    const future = 5_000_000_000_000_000;
    for (const r of replicas) await r.items.apply(stampWrite(KEY.tableId, KEY.token, KEY.key, { kind: 'put', item: { pk: { S: 'counter' }, n: { N: '10' } } }, future));
    expect(await clock.run(casItem(proposer('p1'), KEY, refs(), increment))).toBe(11);
    expect(await clock.run(casItem(proposer('p2'), KEY, refs(), read))).toBe(11);
  });

  it('prunes the Paxos state once every replica has the commit', async () => {
    const { clock, proposer, refs, replicas } = cluster();
    await clock.run(casItem(proposer('p1'), KEY, refs(), increment));
    await clock.run(new Promise((resolve) => clock.setTimeout(() => resolve(undefined), 10)));
    for (const r of replicas) expect([...r.paxos.states.values()][0]).toMatchObject({ accepted: null, mostRecentCommit: null, committed: expect.any(Object) });
  });

  it('keeps the Paxos state while a replica lacks the commit', async () => {
    const { clock, proposer, refs, replicas } = cluster();
    replicas[2]!.crash();
    await clock.run(casItem(proposer('p1'), KEY, refs(), increment));
    await clock.run(new Promise((resolve) => clock.setTimeout(() => resolve(undefined), 10)));
    expect([...replicas[0]!.paxos.states.values()][0]!.mostRecentCommit).not.toBeNull();
  });
});
