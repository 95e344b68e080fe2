import { systemClock, systemRandom, systemTimers, type Clock, type Random, type Timers, type TimestampSource } from '@dynaring/core';
import { BallotGenerator, type AcceptorApi, type ProposerOptions } from '@dynaring/paxos';
import type { ReplicaRef } from './placement.js';

/** How a node runs lightweight transactions (Cassandra's names). */
export interface CasOptions {
  /** A replica's Paxos acceptor: in process for the local one, over gRPC for peers. */
  acceptorOf(replica: ReplicaRef): AcceptorApi;
  /**
   * This node's id in its ballots (the host id): two nodes' ballots of one microsecond must
   * differ. Without it a random one is drawn, good for one process's lifetime.
   */
  nodeId?: string;
  /** cas_contention_timeout_in_ms: how long contention on one item is retried. */
  casContentionTimeoutMs?: number;
  /** write_request_timeout_in_ms: how long one Paxos round waits for replies. */
  roundTimeoutMs?: number;
  clock?: Clock;
  timers?: Timers;
  random?: Random;
}

/**
 * The proposer options of one node: one ballot generator for all its rounds, timed by the
 * node's write timestamps, so that a Paxos write and a plain write compare under LWW on the
 * same clock.
 */
export function casProposer(timestamps: TimestampSource, options: Omit<CasOptions, 'acceptorOf'>): ProposerOptions {
  const random = options.random ?? systemRandom;
  const nodeId = options.nodeId ?? `node-${Math.floor(random.next() * 2 ** 48).toString(16)}`;
  const proposer: ProposerOptions = {
    ballots: new BallotGenerator(timestamps, nodeId),
    clock: options.clock ?? systemClock,
    timers: options.timers ?? systemTimers,
    random,
  };
  if (options.casContentionTimeoutMs !== undefined) proposer.casTimeoutMs = options.casContentionTimeoutMs;
  if (options.roundTimeoutMs !== undefined) proposer.roundTimeoutMs = options.roundTimeoutMs;
  return proposer;
}
