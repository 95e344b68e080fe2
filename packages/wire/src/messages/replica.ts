/**
 * The messages of replica.proto as plain objects in camelCase. These are the wire shapes
 * only: callers speak core's Mutation/ItemRecord/Row, and replica-codec.ts converts. Message
 * fields are null when absent (proto-loader `defaults: true`); int64 fields are `Int64`.
 */
export type Int64 = string | number;

export interface PrimaryKeyMessage {
  hashJson: string;
  /** Empty when the table has no range key. */
  rangeJson: string;
}

export interface CellMessage {
  name: string;
  /** Empty for a cell tombstone. */
  valueJson: string;
  timestampMicros: Int64;
}

export interface ItemRecordMessage {
  cells: CellMessage[];
  tombstoneMicros: Int64;
}

export interface MutationMessage {
  tableId: string;
  token: string;
  key: PrimaryKeyMessage | null;
  cells: CellMessage[];
  itemTombstoneMicros: Int64;
}

export type ApplyResponseMessage = Record<string, never>;

export interface ReadRequestMessage {
  tableId: string;
  token: string;
  key: PrimaryKeyMessage | null;
}

export interface ReadResponseMessage {
  found: boolean;
  record: ItemRecordMessage | null;
}

export interface RowMessage {
  token: string;
  key: PrimaryKeyMessage | null;
  record: ItemRecordMessage | null;
}

export interface BoundMessage {
  valueJson: string;
  inclusive: boolean;
}

export interface PartitionQueryRequestMessage {
  tableId: string;
  token: string;
  hashJson: string;
  lower: BoundMessage | null;
  upper: BoundMessage | null;
  prefixJson: string;
  forward: boolean;
  exclusiveStartJson: string;
  limit: number;
}

export interface RangeScanRequestMessage {
  tableId: string;
  /** Empty: from the start of the ring. */
  startAfterToken: string;
  /** Null: resume after every row of `startAfterToken` (a token range (a, b]). */
  startAfterKey: PrimaryKeyMessage | null;
  /** Empty: to the end of the ring. */
  endToken: string;
  limit: number;
}

export interface RowsResponseMessage {
  rows: RowMessage[];
}

export interface ReplicaEnvelopeMessage {
  id: number;
  kind: string;
  json: string;
}

export interface ReplicaReplyMessage {
  id: number;
  json: string;
  errorCode: string;
  errorMessage: string;
}

export interface DropTableRequestMessage {
  tableId: string;
}

export interface MerkleTreeRequestMessage {
  tableId: string;
  afterToken: string;
  endToken: string;
  depth: number;
}

export interface MerkleTreeResponseMessage {
  /** Hex leaf hashes in token order. */
  leaves: string[];
}
