import type { ReplicaApi, TableMeta } from '@dynaring/core';

/** Which replicas hold a token of a table, in preference order (local first). */
export interface Placement {
  replicasFor(table: TableMeta, token: bigint): ReplicaApi[];
  /** Replicas to scan a whole table through, one per disjoint token range. */
  scanReplicas(table: TableMeta): ReplicaApi[];
  /** Nodes currently live, for the RF rule at CreateTable. */
  liveNodeCount(): number;
}

/** A cluster of one: every token lives on the local replica. */
export class SingleNodePlacement implements Placement {
  constructor(private readonly local: ReplicaApi) {}

  replicasFor(): ReplicaApi[] {
    return [this.local];
  }

  scanReplicas(): ReplicaApi[] {
    return [this.local];
  }

  liveNodeCount(): number {
    return 1;
  }
}
