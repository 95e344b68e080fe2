import { mergeRecords, mutationAsRecord, type ItemRecord } from '@dynaring/core';
import { compareBallots, isNewer } from './ballot.js';
import type { PrepareResponse, Proposal } from './paxos-types.js';

/** What a quorum of promises says about the key, as the proposer acts on it. */
export interface PrepareSummary {
  /** The newest commit any promising acceptor learnt. */
  mostRecentCommit: Proposal | null;
  /**
   * The newest accepted proposal, when it is newer than `mostRecentCommit`: it may have been
   * chosen, so Paxos obliges us to propose its value before any of our own.
   */
  inProgress: Proposal | null;
  /** Indexes (into the promises) of acceptors that have not learnt `mostRecentCommit`. */
  missingCommit: number[];
  /** The item: the replicas' records and the most recent commit merged by last-write-wins. */
  record: ItemRecord | null;
  /** The newest write timestamp in anything returned: our write must be stamped above it. */
  maxTimestampMicros: number;
}

export function summarizePromises(promises: readonly PrepareResponse[]): PrepareSummary {
  let mostRecentCommit: Proposal | null = null;
  let accepted: Proposal | null = null;
  let record: ItemRecord | null = null;
  let maxTimestampMicros = -1;
  for (const p of promises) {
    if (p.mostRecentCommit && isNewer(p.mostRecentCommit.ballot, mostRecentCommit?.ballot)) mostRecentCommit = p.mostRecentCommit;
    if (p.accepted && isNewer(p.accepted.ballot, accepted?.ballot)) accepted = p.accepted;
    if (p.record) {
      record = mergeRecords(record, p.record);
      maxTimestampMicros = Math.max(maxTimestampMicros, newestTimestamp(p.record));
    }
  }
  // A replica applies a commit before recording it, so its record normally has it already;
  // merging it again is free under last-write-wins and covers a replica that crashed between.
  if (mostRecentCommit) {
    record = mergeRecords(record, mutationAsRecord(mostRecentCommit.mutation));
    maxTimestampMicros = Math.max(maxTimestampMicros, mostRecentCommit.ballot.timestampMicros);
  }
  if (accepted) maxTimestampMicros = Math.max(maxTimestampMicros, accepted.ballot.timestampMicros);
  const inProgress = accepted && isNewer(accepted.ballot, mostRecentCommit?.ballot) ? accepted : null;
  const missingCommit: number[] = [];
  if (mostRecentCommit) {
    promises.forEach((p, index) => {
      if (!p.mostRecentCommit || compareBallots(p.mostRecentCommit.ballot, mostRecentCommit!.ballot) < 0) missingCommit.push(index);
    });
  }
  return { mostRecentCommit, inProgress, missingCommit, record, maxTimestampMicros };
}

function newestTimestamp(record: ItemRecord): number {
  let newest = record.tombstoneMicros;
  for (const name in record.cells) newest = Math.max(newest, record.cells[name]!.timestampMicros);
  return newest;
}
