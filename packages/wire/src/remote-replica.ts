import { ClusterError, type ItemRecord, type Mutation, type PartitionQuery, type PrimaryKey, type RangeScan, type ReplicaApi, type Row, type TokenSpan } from '@dynaring/core';
import { CallBatcher, type BatchSettlement } from './call-batcher.js';
import { entryToClusterError, replyJson } from './replica-reply.js';
import { RemoteAcceptor } from './remote-acceptor.js';
import { ReplicaStream } from './replica-stream.js';
import { mutationLine, readToJson, recordFromJson, type DigestResultJson, type EntryError, type ReadJson, type ReadResultJson } from './replica-json.js';
import { loadProtos, rpcMethod, type RpcMethod } from './load-protos.js';
import { PeerChannel, type PeerChannelOptions } from './peer-channel.js';
import {
  decodeMerkleTreeResponse,
  decodeReadResponse,
  decodeRows,
  encodeMerkleTreeRequest,
  encodeMutation,
  encodePartitionQuery,
  encodeRangeScan,
  encodeReadRequest,
} from './replica-codec.js';
import type { MerkleTreeResponseMessage, ReadResponseMessage, RowsResponseMessage } from './messages/replica.js';

export interface RemoteReplicaOptions extends PeerChannelOptions {
  /** Deadline of apply (write_request_timeout_in_ms); default 2000. */
  writeDeadlineMs?: number;
  /** Deadline of read, queryPartition, scanRange and dropTable; default 5000. */
  readDeadlineMs?: number;
  /** Deadline of merkleTree, which scans a whole token range; default 60000. */
  merkleDeadlineMs?: number;
  /**
   * Told the duration of every apply, read, digest and Paxos prepare, propose and commit RPC,
   * failed ones included (a timeout is the latency a coordinator saw). One call per RPC, so
   * a batch counts once.
   */
  onRpc?: (kind: ReplicaRpcKind, durationMs: number) => void;
  /**
   * How long applies made while an apply batch to this peer awaits its answer wait for it
   * before leaving anyway (call-batcher.ts); default 5. 0 sends every turn's applies at once.
   */
  applyHoldMs?: number;
  /**
   * Apply batches to this peer leave at least this many recent round trips apart (at most
   * applyHoldMs); default 1.3. 0: each leaves as soon as the previous one is answered.
   */
  applySpacing?: number;
}

/** Default of RemoteReplicaOptions.applyHoldMs: well under a write's deadline, above a loaded peer's usual answer time. */
export const DEFAULT_APPLY_HOLD_MS = 5;

/** Default of RemoteReplicaOptions.applySpacing (call-batcher.ts, `spacing`). */
export const DEFAULT_APPLY_SPACING = 1.3;

/** The replica RPCs on a request's path, as latency metrics name them. */
export type ReplicaRpcKind = 'apply' | 'read' | 'digest' | 'prepare' | 'propose' | 'commit';

/** Per-call options; the deadline overrides the client's default for this call. */
export interface CallOptions {
  deadlineMs?: number;
}

interface ReplicaMethods {
  apply: RpcMethod;
  exchange: RpcMethod;
  read: RpcMethod;
  queryPartition: RpcMethod;
  scanRange: RpcMethod;
  dropTable: RpcMethod;
  merkleTree: RpcMethod;
}

let methods: ReplicaMethods | undefined;

function replicaMethods(): ReplicaMethods {
  if (methods) return methods;
  const service = loadProtos().replica;
  methods = {
    apply: rpcMethod(service, 'Apply'),
    exchange: rpcMethod(service, 'Exchange'),
    read: rpcMethod(service, 'Read'),
    queryPartition: rpcMethod(service, 'QueryPartition'),
    scanRange: rpcMethod(service, 'ScanRange'),
    dropTable: rpcMethod(service, 'DropTable'),
    merkleTree: rpcMethod(service, 'MerkleTree'),
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
  private readonly merkleDeadlineMs: number;
  private readonly methods = replicaMethods();
  /** Applies and reads to this peer, batched per event-loop turn (default deadlines only). */
  private readonly stream: ReplicaStream;
  private readonly applies: CallBatcher<string, void>;
  private readonly reads: CallBatcher<ReadJson, ItemRecord | null>;
  private readonly digests: CallBatcher<ReadJson, string>;
  private readonly onRpc: ((kind: ReplicaRpcKind, durationMs: number) => void) | undefined;
  /** The peer's Paxos acceptor, on the same Exchange stream, with the write deadline. */
  readonly acceptor: RemoteAcceptor;

  constructor(peer: PeerChannel | string, options: RemoteReplicaOptions = {}) {
    this.ownsChannel = typeof peer === 'string';
    this.channel = typeof peer === 'string' ? new PeerChannel(peer, options) : peer;
    this.address = this.channel.address;
    this.writeDeadlineMs = options.writeDeadlineMs ?? 2000;
    this.readDeadlineMs = options.readDeadlineMs ?? 5000;
    this.merkleDeadlineMs = options.merkleDeadlineMs ?? 60_000;
    this.onRpc = options.onRpc;
    this.stream = new ReplicaStream(this.channel, this.methods.exchange);
    this.acceptor = new RemoteAcceptor(this.stream, this.address, this.writeDeadlineMs, (kind, rpc) =>
      kind === 'prune' ? rpc : this.timed(kind, rpc),
    );
    this.applies = new CallBatcher(async (mutations) => {
      const reply = await this.timed('apply', this.stream.exchange({ kind: 'apply-records', json: mutations.join('\n') }, this.writeDeadlineMs));
      const results = replyJson<(EntryError | null)[]>(reply, this.address);
      return mutations.map((_, i): BatchSettlement<void> => {
        const error = results[i];
        return error ? { ok: false, error: entryToClusterError(error, this.address) } : { ok: true, value: undefined };
      });
    }, { holdWhileInFlightMs: options.applyHoldMs ?? DEFAULT_APPLY_HOLD_MS, spacing: options.applySpacing ?? DEFAULT_APPLY_SPACING });
    this.reads = new CallBatcher(async (reads) => {
      const reply = await this.timed('read', this.stream.exchange({ kind: 'read', json: JSON.stringify(reads) }, this.readDeadlineMs));
      const results = replyJson<ReadResultJson[]>(reply, this.address);
      return reads.map((_, i): BatchSettlement<ItemRecord | null> => {
        const result = results[i];
        if (!result) return { ok: false, error: new ClusterError('CLUSTER_UNAVAILABLE', `${this.address}: missing read result`) };
        if ('e' in result) return { ok: false, error: entryToClusterError(result.e, this.address) };
        return { ok: true, value: recordFromJson(result.r) };
      });
    });
    this.digests = new CallBatcher(async (reads) => {
      const reply = await this.timed('digest', this.stream.exchange({ kind: 'digest', json: JSON.stringify(reads) }, this.readDeadlineMs));
      const results = replyJson<DigestResultJson[]>(reply, this.address);
      return reads.map((_, i): BatchSettlement<string> => {
        const result = results[i];
        if (!result) return { ok: false, error: new ClusterError('CLUSTER_UNAVAILABLE', `${this.address}: missing digest result`) };
        if ('e' in result) return { ok: false, error: entryToClusterError(result.e, this.address) };
        return { ok: true, value: result.d };
      });
    });
  }

  /** Awaits the RPC, reporting its duration to onRpc however it settles. */
  private async timed<T>(kind: ReplicaRpcKind, rpc: Promise<T>): Promise<T> {
    if (this.onRpc === undefined) return rpc;
    const started = performance.now();
    try {
      return await rpc;
    } finally {
      this.onRpc(kind, performance.now() - started);
    }
  }

  async digest(tableId: string, token: bigint, key: PrimaryKey): Promise<string> {
    return this.digests.call(readToJson(tableId, token, key));
  }

  // async so that even an encoding failure is a rejection, never a synchronous throw.
  async apply(mutation: Mutation, options?: CallOptions): Promise<void> {
    if (options?.deadlineMs === undefined) return this.applies.call(mutationLine(mutation));
    return this.timed('apply', this.channel.unary(this.methods.apply, encodeMutation(mutation), options.deadlineMs, ignore));
  }

  async read(tableId: string, token: bigint, key: PrimaryKey, options?: CallOptions): Promise<ItemRecord | null> {
    if (options?.deadlineMs === undefined) return this.reads.call(readToJson(tableId, token, key));
    return this.timed(
      'read',
      this.channel.unary(this.methods.read, encodeReadRequest(tableId, token, key), options.deadlineMs, (raw: ReadResponseMessage) =>
        decodeReadResponse(raw),
      ),
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

  async merkleTree(tableId: string, range: TokenSpan, depth: number, options?: CallOptions): Promise<string[]> {
    const deadlineMs = options?.deadlineMs ?? this.merkleDeadlineMs;
    const request = encodeMerkleTreeRequest(tableId, range, depth);
    return this.channel.unary(this.methods.merkleTree, request, deadlineMs, (raw: MerkleTreeResponseMessage) => decodeMerkleTreeResponse(raw));
  }

  /** Closes the channel if this client created it; a shared channel is its pool's to close. */
  close(): void {
    this.stream.close();
    if (this.ownsChannel) this.channel.close();
  }
}
