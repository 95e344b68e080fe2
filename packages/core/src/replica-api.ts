import type { ItemRecord, Mutation } from './mutation.js';
import type { PrimaryKey, ScalarKeyValue } from './key.js';

/** A stored item as a scan returns it. */
export interface Row {
  token: bigint;
  key: PrimaryKey;
  record: ItemRecord;
}

/** Bounds on the range key within one partition; each bound inclusive unless marked. */
export interface RangeKeyBounds {
  lower?: { value: ScalarKeyValue; inclusive: boolean };
  upper?: { value: ScalarKeyValue; inclusive: boolean };
  /** begins_with: the range key's bytes start with these (S or B only). */
  prefix?: ScalarKeyValue;
}

export interface PartitionQuery {
  tableId: string;
  token: bigint;
  hash: ScalarKeyValue;
  bounds: RangeKeyBounds;
  forward: boolean;
  /** Resume strictly after (forward) or before (backward) this range key. */
  exclusiveStart?: ScalarKeyValue;
  /** At most this many rows, counting rows whose every cell is dead. */
  limit: number;
}

export interface RangeScan {
  tableId: string;
  /** Resume strictly after this position in token order. */
  startAfter?: { token: bigint; key: PrimaryKey };
  /** Without `startAfter`: rows with a token greater than this one (a token range (a, b]). */
  startAfterToken?: bigint;
  /** Rows with token in (startAfter.token or min, endToken]; undefined: to the end. */
  endToken?: bigint;
  limit: number;
}

/** A non-wrapping token range (afterToken, endToken]: afterToken < endToken. */
export interface TokenSpan {
  afterToken: bigint;
  endToken: bigint;
}

/**
 * What a coordinator asks of one replica. In-process for the local node; over gRPC for
 * peers. Replicas make no quorum decisions.
 */
export interface ReplicaApi {
  apply(mutation: Mutation): Promise<void>;
  read(tableId: string, token: bigint, key: PrimaryKey): Promise<ItemRecord | null>;
  /** `recordDigest` of what `read` would return: a quorum read fetches the data only once. */
  digest(tableId: string, token: bigint, key: PrimaryKey): Promise<string>;
  queryPartition(query: PartitionQuery): Promise<Row[]>;
  scanRange(scan: RangeScan): Promise<Row[]>;
  dropTable(tableId: string): Promise<void>;
  /**
   * Anti-entropy repair: the leaf hashes (hex) of a Merkle tree over the table's rows in
   * `range`, split into 2^depth equal token sub-ranges. Replicas holding the same rows (cells,
   * timestamps, tombstones) answer the same leaves.
   */
  merkleTree(tableId: string, range: TokenSpan, depth: number): Promise<string[]>;
}
