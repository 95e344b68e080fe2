import { loadProtos, rpcMethod, type RpcMethod } from './load-protos.js';
import {
  decodeDescribeRingResponse,
  decodeGossipInfoResponse,
  decodeInfoResponse,
  decodeListPendingHintsResponse,
  decodeWaitHintsResponse,
  decodeRingResponse,
  decodeStatusResponse,
  type CleanupRequest,
  type DescribeClusterResponse,
  type DescribeRingResponse,
  type GetEndpointsRequest,
  type GetEndpointsResponse,
  type GossipInfoResponse,
  type InfoResponse,
  type ListPendingHintsResponse,
  type Progress,
  type RemoveNodeRequest,
  type RepairRequest,
  type RingRequest,
  type RingResponse,
  type StatusRequest,
  type StatusResponse,
  type TableRequest,
  type WaitHintsRequest,
  type WaitHintsResponse,
} from './messages/admin.js';
import { PeerChannel, type PeerChannelOptions } from './peer-channel.js';
import type { CallOptions } from './remote-replica.js';
import { identity } from './service-handlers.js';

export interface AdminClientOptions extends PeerChannelOptions {
  /** Default deadline of the unary calls; default 5000. Streams have none unless given. */
  deadlineMs?: number;
}

const METHOD_NAMES = {
  status: 'Status',
  ring: 'Ring',
  info: 'Info',
  describeRing: 'DescribeRing',
  gossipInfo: 'GossipInfo',
  getEndpoints: 'GetEndpoints',
  describeCluster: 'DescribeCluster',
  decommission: 'Decommission',
  cleanup: 'Cleanup',
  removeNode: 'RemoveNode',
  repair: 'Repair',
  listPendingHints: 'ListPendingHints',
  waitHints: 'WaitHints',
} as const;

type AdminMethod = keyof typeof METHOD_NAMES;

/**
 * A node's Admin service, as nodetool uses it. Unary calls reject only with ClusterError;
 * long operations are async iterables of progress lines that throw a ClusterError if the
 * operation fails.
 */
export class AdminClient {
  readonly address: string;
  private readonly channel: PeerChannel;
  private readonly ownsChannel: boolean;
  private readonly deadlineMs: number;
  private readonly methods = {} as Record<AdminMethod, RpcMethod>;

  constructor(peer: PeerChannel | string, options: AdminClientOptions = {}) {
    this.ownsChannel = typeof peer === 'string';
    this.channel = typeof peer === 'string' ? new PeerChannel(peer, options) : peer;
    this.address = this.channel.address;
    this.deadlineMs = options.deadlineMs ?? 5000;
    const service = loadProtos().admin;
    for (const name of Object.keys(METHOD_NAMES) as AdminMethod[]) {
      this.methods[name] = rpcMethod(service, METHOD_NAMES[name]);
    }
  }

  private call<Raw, Res>(name: AdminMethod, request: object, options: CallOptions | undefined, decode: (raw: Raw) => Res): Promise<Res> {
    return this.channel.unary(this.methods[name], request, options?.deadlineMs ?? this.deadlineMs, decode);
  }

  async status(request: StatusRequest = { table: '' }, options?: CallOptions): Promise<StatusResponse> {
    return this.call('status', request, options, decodeStatusResponse);
  }

  async ring(request: RingRequest = { table: '' }, options?: CallOptions): Promise<RingResponse> {
    return this.call('ring', request, options, decodeRingResponse);
  }

  async info(options?: CallOptions): Promise<InfoResponse> {
    return this.call('info', {}, options, decodeInfoResponse);
  }

  async describeRing(request: TableRequest, options?: CallOptions): Promise<DescribeRingResponse> {
    return this.call('describeRing', request, options, decodeDescribeRingResponse);
  }

  async gossipInfo(options?: CallOptions): Promise<GossipInfoResponse> {
    return this.call('gossipInfo', {}, options, decodeGossipInfoResponse);
  }

  async getEndpoints(request: GetEndpointsRequest, options?: CallOptions): Promise<GetEndpointsResponse> {
    return this.call('getEndpoints', request, options, identity<GetEndpointsResponse>);
  }

  async describeCluster(options?: CallOptions): Promise<DescribeClusterResponse> {
    return this.call('describeCluster', {}, options, identity<DescribeClusterResponse>);
  }

  decommission(options?: CallOptions): AsyncIterable<Progress> {
    return this.channel.serverStream(this.methods.decommission, {}, identity<Progress>, options?.deadlineMs);
  }

  cleanup(request: CleanupRequest = { table: '' }, options?: CallOptions): AsyncIterable<Progress> {
    return this.channel.serverStream(this.methods.cleanup, request, identity<Progress>, options?.deadlineMs);
  }

  removeNode(request: RemoveNodeRequest, options?: CallOptions): AsyncIterable<Progress> {
    return this.channel.serverStream(this.methods.removeNode, request, identity<Progress>, options?.deadlineMs);
  }

  repair(request: RepairRequest = { table: '' }, options?: CallOptions): AsyncIterable<Progress> {
    return this.channel.serverStream(this.methods.repair, request, identity<Progress>, options?.deadlineMs);
  }

  async listPendingHints(options?: CallOptions): Promise<ListPendingHintsResponse> {
    return this.call('listPendingHints', {}, options, decodeListPendingHintsResponse);
  }

  /** The deadline defaults to the wait's own timeout plus the usual deadline. */
  async waitHints(request: WaitHintsRequest, options?: CallOptions): Promise<WaitHintsResponse> {
    const deadlineMs = options?.deadlineMs ?? request.timeoutMs + this.deadlineMs;
    return this.call('waitHints', request, { deadlineMs }, decodeWaitHintsResponse);
  }

  close(): void {
    if (this.ownsChannel) this.channel.close();
  }
}
