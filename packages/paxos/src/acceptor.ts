import { KeyedMutex, type ItemRecord, type Mutation, type PrimaryKey } from '@dynaring/core';
import { compareBallots, isNewer, newestBallot, type Ballot } from './ballot.js';
import { paxosKeyId, sameItem } from './paxos-key.js';
import { EMPTY_PAXOS_STATE, type PaxosState, type PaxosStateStore } from './paxos-state.js';
import type { AcceptorApi, PaxosKey, PrepareResponse, Proposal, ProposeResponse } from './paxos-types.js';

/** The replica's item storage as the acceptor uses it; `StorageEngine` is one. */
export interface PaxosItemStore {
  read(tableId: string, token: bigint, key: PrimaryKey): Promise<ItemRecord | null>;
  apply(mutation: Mutation): Promise<void>;
}

/**
 * The replica side of Paxos for conditional writes (Cassandra's PaxosState). Makes no
 * decision beyond Lamport's acceptor rules; every answer is given only after the state it
 * reflects is durable, and messages for one key are handled one at a time.
 */
export class PaxosAcceptor implements AcceptorApi {
  private readonly locks = new KeyedMutex();

  constructor(
    private readonly states: PaxosStateStore,
    private readonly items: PaxosItemStore,
  ) {}

  prepare(key: PaxosKey, ballot: Ballot): Promise<PrepareResponse> {
    return this.locks.run(paxosKeyId(key), async () => {
      const state = await this.load(key);
      // Re-promising the ballot already promised is allowed, so a retried message is harmless;
      // a ballot at or below a learnt commit could never be accepted, so it is refused here.
      if (!mayPromise(state, ballot)) return { promised: false, promisedBallot: bound(state), record: null };
      // The read overlaps the synced write: no commit of this key can land in between (the
      // lock), and the answer still waits for the promise to be durable.
      const [record] = await Promise.all([
        this.items.read(key.tableId, key.token, key.key),
        isNewer(ballot, state.promised) ? this.states.put(key, { ...state, promised: ballot }) : undefined,
      ]);
      const response: PrepareResponse = { promised: true, promisedBallot: ballot, record };
      if (state.accepted) response.accepted = state.accepted;
      if (state.mostRecentCommit) response.mostRecentCommit = state.mostRecentCommit;
      return response;
    });
  }

  async propose(key: PaxosKey, proposal: Proposal): Promise<ProposeResponse> {
    checkItem(key, proposal);
    return this.locks.run(paxosKeyId(key), async () => {
      const state = await this.load(key);
      // Lamport: accept unless a newer ballot was promised since.
      if (!mayPromise(state, proposal.ballot)) return { accepted: false, promisedBallot: bound(state) };
      await this.states.put(key, { ...state, promised: newestBallot(state.promised, proposal.ballot), accepted: proposal });
      return { accepted: true, promisedBallot: proposal.ballot };
    });
  }

  async commit(key: PaxosKey, proposal: Proposal): Promise<void> {
    checkItem(key, proposal);
    return this.locks.run(paxosKeyId(key), async () => {
      // The item first: a crash between the two leaves the commit unrecorded, so a proposer
      // sends it again; the other order could record a commit whose write is missing here.
      // An old commit is still applied: last-write-wins keeps whatever is newer.
      await this.items.apply(proposal.mutation);
      const state = await this.load(key);
      const next: PaxosState = { ...state };
      if (isNewer(proposal.ballot, state.mostRecentCommit?.ballot)) next.mostRecentCommit = proposal;
      next.committed = newestBallot(state.committed, proposal.ballot);
      // An accepted proposal at or below a commit is settled: either it is that commit or it
      // lost to it. Keeping it would make it look in progress once the commit is pruned.
      if (state.accepted && compareBallots(state.accepted.ballot, proposal.ballot) <= 0) next.accepted = null;
      if (!sameState(state, next)) await this.states.put(key, next);
    });
  }

  prune(key: PaxosKey, ballot: Ballot): Promise<void> {
    return this.locks.run(paxosKeyId(key), async () => {
      const state = await this.load(key);
      const next: PaxosState = { ...state };
      if (state.accepted && compareBallots(state.accepted.ballot, ballot) <= 0) next.accepted = null;
      if (state.mostRecentCommit && compareBallots(state.mostRecentCommit.ballot, ballot) <= 0) next.mostRecentCommit = null;
      // The promise and the committed ballot stay: forgetting either would let an old ballot
      // be accepted again (see PaxosState.committed). The prune itself need not survive a
      // crash: what it forgets is settled on every replica, and remembering it again is the
      // state after the commit, which was durable before this one was written.
      if (!sameState(state, next)) await this.states.put(key, next, { durable: false });
    });
  }

  private async load(key: PaxosKey): Promise<PaxosState> {
    return (await this.states.get(key)) ?? EMPTY_PAXOS_STATE;
  }
}

/** The newest ballot this acceptor is bound by: its promise or its newest commit. */
function bound(state: PaxosState): Ballot | null {
  return newestBallot(state.promised, state.committed);
}

function mayPromise(state: PaxosState, ballot: Ballot): boolean {
  if (state.promised && compareBallots(ballot, state.promised) < 0) return false;
  return isNewer(ballot, state.committed);
}

function sameState(a: PaxosState, b: PaxosState): boolean {
  return a.accepted === b.accepted && a.mostRecentCommit === b.mostRecentCommit && a.committed === b.committed && a.promised === b.promised;
}

function checkItem(key: PaxosKey, proposal: Proposal): void {
  if (!sameItem(key, proposal.mutation)) throw new Error('paxos proposal writes another item than its key');
}
