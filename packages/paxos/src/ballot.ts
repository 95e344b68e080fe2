/**
 * A Paxos ballot: a microsecond timestamp and the id of the node that made it, ordered
 * lexicographically. The timestamp makes ballots roughly follow real time (Cassandra uses a
 * time UUID for the same reason: the ballot's time also stamps the committed write, so the
 * newest Paxos write wins under last-write-wins); the node id makes ballots of two nodes
 * differ even when their clocks read the same microsecond.
 */
export interface Ballot {
  timestampMicros: number;
  nodeId: string;
}

/** Negative when `a` is older than `b`, zero when they are the same ballot. */
export function compareBallots(a: Ballot, b: Ballot): number {
  if (a.timestampMicros !== b.timestampMicros) return a.timestampMicros < b.timestampMicros ? -1 : 1;
  return a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0;
}

/** Strictly newer; `null` (no ballot) is older than every ballot. */
export function isNewer(a: Ballot, b: Ballot | null | undefined): boolean {
  return b == null || compareBallots(a, b) > 0;
}

/** The newer of two optional ballots. */
export function newestBallot(a: Ballot | null | undefined, b: Ballot | null | undefined): Ballot | null {
  if (a == null) return b ?? null;
  if (b == null) return a;
  return compareBallots(a, b) >= 0 ? a : b;
}

/** A microsecond clock; core's `TimestampSource` is one. */
export interface MicrosClock {
  nowMicros(): number;
}

/**
 * Makes this node's ballots: each newer than every ballot this node made or saw, so a
 * proposer that lost to a newer ballot comes back above it at once instead of waiting for
 * its clock to catch up (Cassandra's max(now, highest seen + 1)).
 */
export class BallotGenerator {
  /** Every ballot made from here on has a timestamp above this. */
  private floorMicros = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: MicrosClock,
    readonly nodeId: string,
  ) {}

  next(): Ballot {
    const timestampMicros = Math.max(this.clock.nowMicros(), this.floorMicros + 1);
    this.floorMicros = timestampMicros;
    return { timestampMicros, nodeId: this.nodeId };
  }

  /** Takes note of another node's ballot (a refusal, an accepted proposal, a commit). */
  observe(ballot: Ballot | null | undefined): void {
    if (ballot) this.observeMicros(ballot.timestampMicros);
  }

  /** Takes note of a write timestamp that the next ballot must be above. */
  observeMicros(timestampMicros: number): void {
    if (timestampMicros > this.floorMicros) this.floorMicros = timestampMicros;
  }
}
