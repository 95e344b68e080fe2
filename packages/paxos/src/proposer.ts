import { ClusterError, liveItem, stampWrite, type AttributeMap, type Clock, type ItemWrite, type Random, type Timers } from '@dynaring/core';
import type { Ballot, BallotGenerator } from './ballot.js';
import { contentionBackoffMs } from './contention-backoff.js';
import { fanOut } from './fan-out.js';
import { summarizePromises } from './prepare-summary.js';
import type { AcceptorReplica, PaxosKey, PrepareResponse, Proposal } from './paxos-types.js';
import { restamp } from './restamp.js';

/** Cassandra's `cas_contention_timeout_in_ms`. */
export const DEFAULT_CAS_TIMEOUT_MS = 1000;
/** Cassandra's `write_request_timeout_in_ms`: how long one round waits for replies. */
export const DEFAULT_ROUND_TIMEOUT_MS = 2000;
export const DEFAULT_MAX_BACKOFF_MS = 100;

export interface ProposerOptions {
  /** This node's ballots. One generator per node, shared by all its rounds. */
  ballots: BallotGenerator;
  clock: Clock;
  timers: Timers;
  random: Random;
  /** Retrying after contention stops, with CLUSTER_TIMEOUT, this long after the start. */
  casTimeoutMs?: number;
  roundTimeoutMs?: number;
  maxBackoffMs?: number;
}

/**
 * What to do with the current item: a write (none: leave it as it is) and the caller's
 * answer. Called once per round that reaches it, so it must not have side effects.
 */
export interface CasDecision<T> {
  write?: ItemWrite | null;
  result: T;
}

/** How one attempt ended, short of a decision. */
type Retry = { retry: true; backoff: boolean };
type Attempt<T> = { retry: false; result: T } | Retry;

const CONTENDED: Retry = { retry: true, backoff: true };
const AGAIN: Retry = { retry: true, backoff: false };

/**
 * A conditional write on one item through single-decree Paxos among its replicas, as
 * Cassandra's StorageProxy.cas with the read folded into prepare (Scylla's three rounds):
 * prepare and read at QUORUM, finish any interrupted round, let `decide` compute the write
 * from the current item, propose it at QUORUM, commit it at QUORUM.
 *
 * `quorum` defaults to a majority of `replicas`; during a range movement the caller passes the
 * natural replicas' majority plus the pending ones (Cassandra's requiredParticipants), so that
 * a quorum of the future owners takes part too.
 *
 * Throws CLUSTER_UNAVAILABLE when fewer than a quorum of replicas are alive, and
 * CLUSTER_TIMEOUT when contention outlasts the CAS timeout or when our proposal may have been
 * accepted without our knowing it was chosen: such a write may still take effect later, so
 * it is reported as a timeout (the client retries or checks), never as "condition failed".
 */
export async function casItem<T>(
  options: ProposerOptions,
  key: PaxosKey,
  replicas: readonly AcceptorReplica[],
  decide: (current: AttributeMap | null) => CasDecision<T>,
  quorum?: number,
): Promise<T> {
  const round = new CasRound(options, key, replicas, quorum);
  const deadlineMs = options.clock.nowMs() + (options.casTimeoutMs ?? DEFAULT_CAS_TIMEOUT_MS);
  let contentions = 0;
  for (;;) {
    const outcome = await round.attempt(decide);
    if (!outcome.retry) return outcome.result;
    const leftMs = deadlineMs - options.clock.nowMs();
    if (leftMs <= 0) {
      throw new ClusterError('CLUSTER_TIMEOUT', `CAS operation timed out: ${contentions} contentions on the item`);
    }
    if (outcome.backoff) {
      const waitMs = Math.min(leftMs, contentionBackoffMs(contentions++, options.random, options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS));
      await new Promise<void>((resolve) => options.timers.setTimeout(resolve, waitMs));
    }
  }
}

/** The rounds of one CAS operation against one item's replicas. */
class CasRound {
  private readonly quorum: number;
  private readonly roundTimeoutMs: number;

  constructor(
    private readonly options: ProposerOptions,
    private readonly key: PaxosKey,
    private readonly replicas: readonly AcceptorReplica[],
    quorum: number | undefined,
  ) {
    this.quorum = quorum ?? Math.floor(replicas.length / 2) + 1;
    if (this.quorum > replicas.length || this.quorum <= replicas.length / 2) {
      throw new Error(`a Paxos quorum of ${this.quorum} among ${replicas.length} replicas does not intersect itself`);
    }
    this.roundTimeoutMs = options.roundTimeoutMs ?? DEFAULT_ROUND_TIMEOUT_MS;
  }

  async attempt<T>(decide: (current: AttributeMap | null) => CasDecision<T>): Promise<Attempt<T>> {
    const live = this.replicas.filter((r) => r.alive);
    if (live.length < this.quorum) {
      throw new ClusterError('CLUSTER_UNAVAILABLE', `CAS needs ${this.quorum} live replicas of ${this.replicas.length}, ${live.length} are alive`);
    }
    const ballot = this.options.ballots.next();
    const promises = await this.prepare(live, ballot);
    if (promises === null) return CONTENDED;
    const summary = summarizePromises(promises.map((p) => p.response));

    // Our write (or a replayed one) is stamped with the ballot's time, so it must be above every
    // write it may overwrite; two nodes' ballots of the same microsecond are ordered by node id,
    // which last-write-wins does not know about. Rare: go again just above what we saw.
    if (ballot.timestampMicros <= summary.maxTimestampMicros) {
      this.options.ballots.observeMicros(summary.maxTimestampMicros);
      return AGAIN;
    }

    if (summary.inProgress) {
      // Lamport's rule: a quorum promised us, and the newest value any of them accepted may
      // have been chosen, so it is the only value we may propose. Finish it, then start over.
      const replay = restamp(summary.inProgress, ballot);
      if ((await this.propose(live, replay)) !== 'chosen') return CONTENDED;
      return (await this.commit(live, replay)) ? AGAIN : CONTENDED;
    }

    if (summary.mostRecentCommit && summary.missingCommit.length > 0) {
      // A replica that missed the last commit would answer a later plain quorum read without
      // it; bring those we heard from up to date before answering anything (CASSANDRA-5442's
      // blocking variant of Cassandra's "repair replicas that missed the most recent commit").
      const behind = summary.missingCommit.map((i) => promises[i]!.replica);
      if (!(await this.commitTo(behind, summary.mostRecentCommit, behind.length))) return CONTENDED;
    }

    const decision = decide(liveItem(summary.record));
    if (!decision.write) return { retry: false, result: decision.result };
    const proposal: Proposal = {
      ballot,
      mutation: stampWrite(this.key.tableId, this.key.token, this.key.key, decision.write, ballot.timestampMicros),
    };
    const proposed = await this.propose(live, proposal);
    if (proposed === 'refused') return CONTENDED;
    if (proposed === 'uncertain') throw unknownOutcome('the proposal was not accepted by a quorum');
    if (!(await this.commit(live, proposal))) throw unknownOutcome('the commit did not reach a quorum');
    return { retry: false, result: decision.result };
  }

  /** The promises of a quorum, or null when a replica refused or too few answered in time. */
  private async prepare(live: AcceptorReplica[], ballot: Ballot): Promise<Array<{ replica: AcceptorReplica; response: PrepareResponse }> | null> {
    const replies = await fanOut(
      live.length,
      (i) => live[i]!.api.prepare(this.key, ballot),
      // One refusal is enough to know we lost: Cassandra's PrepareCallback stops there too.
      (r) => r.answers.some((a) => !a.value.promised) || r.answers.length >= this.quorum,
      this.options.timers,
      this.roundTimeoutMs,
    );
    for (const { value } of replies.answers) {
      this.options.ballots.observe(value.promisedBallot);
      this.options.ballots.observe(value.accepted?.ballot);
      this.options.ballots.observe(value.mostRecentCommit?.ballot);
    }
    const promises = replies.answers.filter((a) => a.value.promised);
    if (promises.length < this.quorum || promises.length < replies.answers.length) return null;
    return promises.map((a) => ({ replica: live[a.index]!, response: a.value }));
  }

  /**
   * 'chosen': a quorum accepted. 'refused': every replica we asked refused, so no acceptor
   * holds the proposal and it can never be chosen: safe to retry with a new decision.
   * 'uncertain': anything else; the proposal may yet be chosen by whoever prepares next.
   */
  private async propose(live: AcceptorReplica[], proposal: Proposal): Promise<'chosen' | 'refused' | 'uncertain'> {
    const accepts = (r: { answers: Array<{ value: { accepted: boolean } }> }) => r.answers.filter((a) => a.value.accepted).length;
    const replies = await fanOut(
      live.length,
      (i) => live[i]!.api.propose(this.key, proposal),
      (r) => accepts(r) >= this.quorum || (accepts(r) > 0 && accepts(r) + r.pending < this.quorum),
      this.options.timers,
      this.roundTimeoutMs,
    );
    for (const { value } of replies.answers) this.options.ballots.observe(value.promisedBallot);
    const accepted = accepts(replies);
    if (accepted >= this.quorum) return 'chosen';
    if (accepted === 0 && replies.failed === 0 && replies.pending === 0) return 'refused';
    return 'uncertain';
  }

  /** Commits to every live replica; true once a quorum applied it. */
  private commit(live: AcceptorReplica[], proposal: Proposal): Promise<boolean> {
    return this.commitTo(live, proposal, this.quorum);
  }

  private async commitTo(targets: AcceptorReplica[], proposal: Proposal, needed: number): Promise<boolean> {
    const calls = targets.map((r) => r.api.commit(this.key, proposal));
    if (targets.length === this.replicas.length) this.pruneAfter(calls, proposal.ballot);
    const replies = await fanOut(targets.length, (i) => calls[i]!, (r) => r.answers.length >= needed, this.options.timers, this.roundTimeoutMs);
    return replies.answers.length >= needed;
  }

  /**
   * Once every replica has the commit, its write lives in every replica's item and the Paxos
   * state for it is dead weight: Scylla's prune round. In the background: no answer waits on it.
   */
  private pruneAfter(commits: Promise<void>[], ballot: Ballot): void {
    Promise.all(commits).then(
      () => {
        for (const r of this.replicas) r.api.prune(this.key, ballot).catch(() => undefined);
      },
      () => undefined,
    );
  }
}

function unknownOutcome(why: string): ClusterError {
  return new ClusterError('CLUSTER_TIMEOUT', `CAS write timed out, its outcome is unknown: ${why}`);
}
