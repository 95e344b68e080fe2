import type { ItemRecord, Mutation, PartitionQuery, PrimaryKey, RangeScan, ReplicaApi, Row, TokenSpan } from '@dynaring/core';

/** Counts of what this replica served, for `nodetool info` and metrics. */
export interface ReplicaStats {
  mutationsApplied: number;
  reads: number;
  scans: number;
}

/**
 * The replica side of the cluster: applies and serves what coordinators send, on local
 * storage, and makes no quorum decisions. The coordinator of this node calls it in process;
 * peers reach it over gRPC through the same interface.
 */
export class ReplicaService implements ReplicaApi {
  readonly stats: ReplicaStats = { mutationsApplied: 0, reads: 0, scans: 0 };

  constructor(private readonly storage: ReplicaApi) {}

  async apply(mutation: Mutation): Promise<void> {
    await this.storage.apply(mutation);
    this.stats.mutationsApplied++;
  }

  read(tableId: string, token: bigint, key: PrimaryKey): Promise<ItemRecord | null> {
    this.stats.reads++;
    return this.storage.read(tableId, token, key);
  }

  queryPartition(query: PartitionQuery): Promise<Row[]> {
    this.stats.scans++;
    return this.storage.queryPartition(query);
  }

  scanRange(scan: RangeScan): Promise<Row[]> {
    this.stats.scans++;
    return this.storage.scanRange(scan);
  }

  dropTable(tableId: string): Promise<void> {
    return this.storage.dropTable(tableId);
  }

  digest(tableId: string, token: bigint, key: PrimaryKey): Promise<string> {
    this.stats.reads++;
    return this.storage.digest(tableId, token, key);
  }

  merkleTree(tableId: string, range: TokenSpan, depth: number): Promise<string[]> {
    return this.storage.merkleTree(tableId, range, depth);
  }
}
