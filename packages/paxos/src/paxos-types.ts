import type { ItemRecord, Mutation, PrimaryKey } from '@dynaring/core';
import type { Ballot } from './ballot.js';

/**
 * What one Paxos instance is about: one item. Cassandra runs one instance per partition; an
 * item is our unit of isolation (a DynamoDB condition reads and writes one item), so items of
 * one partition do not contend with each other.
 */
export interface PaxosKey {
  tableId: string;
  token: bigint;
  key: PrimaryKey;
}

/** A value proposed at a ballot: a write to the key's item, stamped at the ballot's time. */
export interface Proposal {
  ballot: Ballot;
  mutation: Mutation;
}

/** An acceptor's answer to prepare; with the item as it stores it, so prepare is also the read. */
export interface PrepareResponse {
  promised: boolean;
  /**
   * The ballot the acceptor has promised after this message: the one asked for when
   * `promised`, else the newer one that refused it (the proposer goes above it next time).
   */
  promisedBallot: Ballot | null;
  /** The newest proposal the acceptor accepted and has not seen committed. */
  accepted?: Proposal;
  /** The newest commit the acceptor learnt (until pruned). */
  mostRecentCommit?: Proposal;
  /** The stored item; null when refused or absent. */
  record: ItemRecord | null;
}

export interface ProposeResponse {
  accepted: boolean;
  /** When refused: the newer ballot the acceptor is bound to. */
  promisedBallot: Ballot | null;
}

/**
 * One replica's acceptor, as a proposer sees it: in-process for the local node, over gRPC for
 * peers. Every argument and answer is plain JSON data apart from the bigint tokens.
 */
export interface AcceptorApi {
  prepare(key: PaxosKey, ballot: Ballot): Promise<PrepareResponse>;
  propose(key: PaxosKey, proposal: Proposal): Promise<ProposeResponse>;
  /** Learns a chosen proposal: applies its write to the item. Idempotent. */
  commit(key: PaxosKey, proposal: Proposal): Promise<void>;
  /**
   * Forgets the accepted proposal and the commit of the key up to `ballot`, once that commit
   * reached every replica (Scylla's prune round): the item itself now carries the write.
   */
  prune(key: PaxosKey, ballot: Ballot): Promise<void>;
}

/** A replica of the item as the coordinator sees it: its acceptor and whether it is up. */
export interface AcceptorReplica {
  api: AcceptorApi;
  alive: boolean;
}
