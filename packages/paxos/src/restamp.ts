import type { Cell, Mutation } from '@dynaring/core';
import type { Ballot } from './ballot.js';
import type { Proposal } from './paxos-types.js';

/**
 * The same write re-proposed at a newer ballot, its timestamps moved to the new ballot's
 * time, as Cassandra's Commit.newProposal does when it finishes an interrupted round: the
 * replayed write must win under last-write-wins over anything committed before it.
 * Timestamps keep their offsets to the ballot (a put's item tombstone sits one below).
 */
export function restamp(proposal: Proposal, ballot: Ballot): Proposal {
  const delta = ballot.timestampMicros - proposal.ballot.timestampMicros;
  const m = proposal.mutation;
  const cells: Record<string, Cell> = Object.create(null);
  for (const name in m.cells) {
    const cell = m.cells[name]!;
    cells[name] = { value: cell.value, timestampMicros: cell.timestampMicros + delta };
  }
  const mutation: Mutation = {
    tableId: m.tableId,
    token: m.token,
    key: m.key,
    cells,
    itemTombstoneMicros: m.itemTombstoneMicros === -1 ? -1 : m.itemTombstoneMicros + delta,
  };
  return { ballot, mutation };
}
