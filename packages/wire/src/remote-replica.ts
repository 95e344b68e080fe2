import type { ItemRecord, Mutation, PartitionQuery, PrimaryKey, RangeScan, ReplicaApi, Row } from '@dynaring/core';
import { loadProtos, rpcMethod, type RpcMethod } from './load-protos.js';
import { PeerChannel, type PeerChannelOptions } from './peer-channel.js';
import {
  decodeReadResponse,
  decodeRows,
  encodeMutation,
  encodePartitionQuery,
  encodeRangeScan,
  encodeReadRequest,
} from './replica-codec.js';
import type { ReadResponseMessage, RowsResponseMessage } from './messages/replica.js';

export interface RemoteReplicaOptions extends PeerChannelOptions {
  /** Deadline of apply (write_request_timeout_in_ms); default 2000. */
  writeDeadlineMs?: number;
  /** Deadline of read, queryPartition, scanRange and dropTable; default 5000. */
  readDeadlineMs?: number;
}

/** Per-call options; the deadline overrides the client's default for this call. */
export interface CallOptions {
  deadlineMs?: number;
}

interface ReplicaMethods {
  apply: RpcMethod;
  read: RpcMethod;
  queryPartition: RpcMethod;
  scanRange: RpcMethod;
  dropTable: RpcMethod;
}

let methods: ReplicaMethods | undefined;

function replicaMethods(): ReplicaMethods {
  if (methods) return methods;
  const service = loadProtos().replica;
  methods = {
    apply: rpcMethod(service, 'Apply'),
    read: rpcMethod(service, 'Read'),
    queryPartition: rpcMethod(service, 'QueryPartition'),
    scanRange: rpcMethod(service, 'ScanRange'),
    dropTable: rpcMethod(service, 'DropTable'),
  };
  return methods;
}

const ignore = (): void => undefined;

/**
 * A peer's replica over gRPC, as the coordinator sees every replica. Every call has a
 * deadline and rejects only with ClusterError (CLUSTER_TIMEOUT, CLUSTER_UNAVAILABLE, or the
 * code the peer's replica failed with).
 */
export class RemoteReplica implements ReplicaApi {
  readonly address: string;
  private readonly channel: PeerChannel;
  /** Whether close() closes the channel: only when this client made it. */
  private readonly ownsChannel: boolean;
  private readonly writeDeadlineMs: number;
  private readonly readDeadlineMs: number;
  private readonly methods = replicaMethods();

  constructor(peer: PeerChannel | string, options: RemoteReplicaOptions = {}) {
    this.ownsChannel = typeof peer === 'string';
    this.channel = typeof peer === 'string' ? new PeerChannel(peer, options) : peer;
    this.address = this.channel.address;
    this.writeDeadlineMs = options.writeDeadlineMs ?? 2000;
    this.readDeadlineMs = options.readDeadlineMs ?? 5000;
  }

  // async so that even an encoding failure is a rejection, never a synchronous throw.
  async apply(mutation: Mutation, options?: CallOptions): Promise<void> {
    const deadlineMs = options?.deadlineMs ?? this.writeDeadlineMs;
    return this.channel.unary(this.methods.apply, encodeMutation(mutation), deadlineMs, ignore);
  }

  async read(tableId: string, token: bigint, key: PrimaryKey, options?: CallOptions): Promise<ItemRecord | null> {
    const deadlineMs = options?.deadlineMs ?? this.readDeadlineMs;
    return this.channel.unary(this.methods.read, encodeReadRequest(tableId, token, key), deadlineMs, (raw: ReadResponseMessage) =>
      decodeReadResponse(raw),
    );
  }

  async queryPartition(query: PartitionQuery, options?: CallOptions): Promise<Row[]> {
    const deadlineMs = options?.deadlineMs ?? this.readDeadlineMs;
    return this.channel.unary(this.methods.queryPartition, encodePartitionQuery(query), deadlineMs, (raw: RowsResponseMessage) =>
      decodeRows(raw),
    );
  }

  async scanRange(scan: RangeScan, options?: CallOptions): Promise<Row[]> {
    const deadlineMs = options?.deadlineMs ?? this.readDeadlineMs;
    return this.channel.unary(this.methods.scanRange, encodeRangeScan(scan), deadlineMs, (raw: RowsResponseMessage) =>
      decodeRows(raw),
    );
  }

  async dropTable(tableId: string, options?: CallOptions): Promise<void> {
    const deadlineMs = options?.deadlineMs ?? this.readDeadlineMs;
    return this.channel.unary(this.methods.dropTable, { tableId }, deadlineMs, ignore);
  }

  /** Closes the channel if this client created it; a shared channel is its pool's to close. */
  close(): void {
    if (this.ownsChannel) this.channel.close();
  }
}
