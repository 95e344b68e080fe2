import type { Ballot } from './ballot.js';
import type { PaxosKey, Proposal } from './paxos-types.js';

/**
 * What an acceptor keeps durably for one key (Cassandra's `system.paxos` row). Losing any of
 * it on restart would let the acceptor break a promise, and two values could be chosen.
 */
export interface PaxosState {
  /** The newest ballot promised by prepare or bound by propose. */
  promised: Ballot | null;
  /** The newest accepted proposal not yet learnt as committed. */
  accepted: Proposal | null;
  /** The newest commit learnt; dropped by prune once every replica has it. */
  mostRecentCommit: Proposal | null;
  /**
   * The newest ballot learnt as committed, kept when prune drops `mostRecentCommit`: no
   * proposal at or below it may be accepted again, or a late duplicate of an old proposal,
   * arriving after the prune, would look in progress and be replayed over newer data.
   */
  committed: Ballot | null;
}

/** Durable per-key Paxos state: an in-memory map in tests, a LevelDB sublevel in a node. */
export interface PaxosStateStore {
  get(key: PaxosKey): Promise<PaxosState | undefined>;
  /**
   * Resolves once the state is durable: the acceptor answers only after it. With
   * `durable: false` the write may be lost in a crash (the store need not sync it), for a
   * state whose loss leaves the acceptor in a state it was in before and may be in again.
   */
  put(key: PaxosKey, state: PaxosState, options?: { durable: boolean }): Promise<void>;
}

export const EMPTY_PAXOS_STATE: Readonly<PaxosState> = Object.freeze({
  promised: null,
  accepted: null,
  mostRecentCommit: null,
  committed: null,
});
