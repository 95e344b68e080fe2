import { describe, expect, it } from 'vitest';
import { liveItem, stampWrite } from '@dynaring/core';
import { PaxosAcceptor, type Ballot, type PaxosKey, type PaxosState, type Proposal } from '../src/index.js';
import { MemoryItemStore, MemoryPaxosStore } from './support/sim-cluster.js';

const KEY: PaxosKey = { tableId: 't1', token: -42n, key: { hash: { S: 'counter' } } };
const OTHER: PaxosKey = { tableId: 't1', token: 7n, key: { hash: { S: 'other' } } };
const ballot = (timestampMicros: number, nodeId = 'n1'): Ballot => ({ timestampMicros, nodeId });
const proposal = (b: Ballot, n: number, key: PaxosKey = KEY): Proposal => ({
  ballot: b,
  mutation: stampWrite(key.tableId, key.token, key.key, { kind: 'put', item: { pk: { S: 'counter' }, n: { N: String(n) } } }, b.timestampMicros),
});

function setup() {
  const states = new MemoryPaxosStore();
  const items = new MemoryItemStore();
  return { states, items, acceptor: new PaxosAcceptor(states, items) };
}

describe('PaxosAcceptor prepare', () => {
  it('promises a newer ballot and answers with the stored item', async () => {
    const { acceptor, items } = setup();
    await items.apply(proposal(ballot(5), 1).mutation);
    const response = await acceptor.prepare(KEY, ballot(10));
    expect(response.promised).toBe(true);
    expect(response.promisedBallot).toEqual(ballot(10));
    expect(liveItem(response.record)).toEqual({ pk: { S: 'counter' }, n: { N: '1' } });
  });

  it('refuses an older ballot and names the newer promise', async () => {
    const { acceptor } = setup();
    await acceptor.prepare(KEY, ballot(10, 'n2'));
    expect(await acceptor.prepare(KEY, ballot(10, 'n1'))).toEqual({ promised: false, promisedBallot: ballot(10, 'n2'), record: null });
  });

  it('promises the same ballot again, so a retried message is harmless', async () => {
    const { acceptor } = setup();
    await acceptor.prepare(KEY, ballot(10));
    expect((await acceptor.prepare(KEY, ballot(10))).promised).toBe(true);
  });

  it('keeps promises per item', async () => {
    const { acceptor } = setup();
    await acceptor.prepare(KEY, ballot(10));
    expect((await acceptor.prepare(OTHER, ballot(3))).promised).toBe(true);
  });

  it('returns its accepted proposal and most recent commit', async () => {
    const { acceptor } = setup();
    await acceptor.prepare(KEY, ballot(10));
    await acceptor.commit(KEY, proposal(ballot(10), 1));
    await acceptor.prepare(KEY, ballot(20));
    await acceptor.propose(KEY, proposal(ballot(20), 2));
    const response = await acceptor.prepare(KEY, ballot(30));
    expect(response.accepted).toEqual(proposal(ballot(20), 2));
    expect(response.mostRecentCommit).toEqual(proposal(ballot(10), 1));
  });

  it('handles concurrent messages for one key one at a time', async () => {
    // A store whose reads take a while: without serialisation both prepares would read the
    // empty state and both be promised.
    const { states, items } = setup();
    const slow = {
      get: async (k: PaxosKey) => {
        const state = await states.get(k);
        await new Promise((resolve) => setImmediate(resolve));
        return state;
      },
      put: (k: PaxosKey, s: PaxosState) => states.put(k, s),
    };
    const acceptor = new PaxosAcceptor(slow, items);
    const [newer, older] = await Promise.all([acceptor.prepare(KEY, ballot(20)), acceptor.prepare(KEY, ballot(10))]);
    expect(newer.promised).toBe(true);
    expect(older).toMatchObject({ promised: false, promisedBallot: ballot(20) });
  });
});

describe('PaxosAcceptor propose', () => {
  it('accepts a proposal at its promised ballot and durably records it', async () => {
    const { acceptor, states } = setup();
    await acceptor.prepare(KEY, ballot(10));
    expect(await acceptor.propose(KEY, proposal(ballot(10), 1))).toEqual({ accepted: true, promisedBallot: ballot(10) });
    expect((await states.get(KEY))?.accepted).toEqual(proposal(ballot(10), 1));
  });

  it('refuses a proposal once a newer ballot was promised', async () => {
    const { acceptor, states } = setup();
    await acceptor.prepare(KEY, ballot(10));
    await acceptor.prepare(KEY, ballot(20));
    expect(await acceptor.propose(KEY, proposal(ballot(10), 1))).toEqual({ accepted: false, promisedBallot: ballot(20) });
    expect((await states.get(KEY))?.accepted).toBeNull();
  });

  it('accepts a newer proposal without a prepare (Lamport: only a newer promise forbids it)', async () => {
    const { acceptor } = setup();
    await acceptor.prepare(KEY, ballot(10));
    expect((await acceptor.propose(KEY, proposal(ballot(15), 1))).accepted).toBe(true);
    expect((await acceptor.prepare(KEY, ballot(12))).promised).toBe(false);
  });

  it('refuses a proposal for another item than its key', async () => {
    const { acceptor } = setup();
    await expect(acceptor.propose(KEY, proposal(ballot(10), 1, OTHER))).rejects.toThrow(/another item/);
  });
});

describe('PaxosAcceptor commit and prune', () => {
  it('applies the write to the item, records the commit and clears the accepted proposal', async () => {
    const { acceptor, items, states } = setup();
    await acceptor.prepare(KEY, ballot(10));
    await acceptor.propose(KEY, proposal(ballot(10), 1));
    await acceptor.commit(KEY, proposal(ballot(10), 1));
    expect(liveItem(await items.read(KEY.tableId, KEY.token, KEY.key))).toEqual({ pk: { S: 'counter' }, n: { N: '1' } });
    const state = await states.get(KEY);
    expect(state).toMatchObject({ accepted: null, mostRecentCommit: proposal(ballot(10), 1), committed: ballot(10) });
  });

  it('keeps an accepted proposal newer than the commit', async () => {
    const { acceptor, states } = setup();
    await acceptor.propose(KEY, proposal(ballot(20), 2));
    await acceptor.commit(KEY, proposal(ballot(10), 1));
    expect((await states.get(KEY))?.accepted).toEqual(proposal(ballot(20), 2));
  });

  it('applies an older commit under last-write-wins without moving the most recent commit back', async () => {
    const { acceptor, items, states } = setup();
    await acceptor.commit(KEY, proposal(ballot(20), 2));
    await acceptor.commit(KEY, proposal(ballot(10), 1));
    expect(liveItem(await items.read(KEY.tableId, KEY.token, KEY.key))?.n).toEqual({ N: '2' });
    expect((await states.get(KEY))?.mostRecentCommit?.ballot).toEqual(ballot(20));
  });

  it('never accepts or promises a ballot at or below a learnt commit, even after pruning it', async () => {
    const { acceptor, states } = setup();
    await acceptor.commit(KEY, proposal(ballot(10), 1));
    await acceptor.prune(KEY, ballot(10));
    expect(await states.get(KEY)).toMatchObject({ mostRecentCommit: null, committed: ballot(10) });
    // A late duplicate of the committed proposal must not come back as "in progress".
    expect((await acceptor.propose(KEY, proposal(ballot(10), 1))).accepted).toBe(false);
    expect((await acceptor.prepare(KEY, ballot(9))).promised).toBe(false);
    expect((await acceptor.prepare(KEY, ballot(11))).promised).toBe(true);
  });

  it('prunes the accepted proposal and the commit up to the ballot and keeps the promise', async () => {
    const { acceptor, states } = setup();
    await acceptor.prepare(KEY, ballot(10));
    await acceptor.propose(KEY, proposal(ballot(10), 1));
    await acceptor.commit(KEY, proposal(ballot(10), 1));
    await acceptor.prepare(KEY, ballot(30));
    await acceptor.prune(KEY, ballot(10));
    expect(await states.get(KEY)).toEqual({ promised: ballot(30), accepted: null, mostRecentCommit: null, committed: ballot(10) });
  });

  it('does not prune an accepted proposal or commit newer than the pruned ballot', async () => {
    const { acceptor, states } = setup();
    await acceptor.commit(KEY, proposal(ballot(20), 2));
    await acceptor.propose(KEY, proposal(ballot(30), 3));
    await acceptor.prune(KEY, ballot(10));
    expect(await states.get(KEY)).toMatchObject({ accepted: proposal(ballot(30), 3), mostRecentCommit: proposal(ballot(20), 2) });
  });
});
