import type { ReplicaApi, TableMeta } from '@dynaring/core';

/** One replica as the coordinator sees it for a request. */
export interface ReplicaRef {
  /** "ip:storagePort" */
  endpoint: string;
  api: ReplicaApi;
  /** This node's own replica, reached in process. */
  local: boolean;
  /** The failure detector's current opinion. */
  alive: boolean;
}

/** A token range (afterToken, endToken] and the replicas that hold it. */
export interface RangeReplicas {
  afterToken: bigint;
  endToken: bigint;
  replicas: ReplicaRef[];
}

/** Which replicas hold a token of a table. Reads list the local replica first. */
export interface Placement {
  /** Natural replicas, local first, then the rest in ring order. */
  readReplicas(table: TableMeta, token: bigint): ReplicaRef[];
  /** Natural replicas plus pending ones (ranges moving to a joining or from a leaving node). */
  writeReplicas(table: TableMeta, token: bigint): { natural: ReplicaRef[]; pending: ReplicaRef[] };
  /** The whole token space in ascending, non-wrapping ranges with their replicas. */
  scanRanges(table: TableMeta): RangeReplicas[];
  /** Every node's replica, for operations on all of them (dropping a table). */
  allReplicas(): ReplicaRef[];
  /** Nodes currently live, for the RF rule at CreateTable. */
  liveNodeCount(): number;
}
