import { int64, mapValues, type Wire } from './wire-shape.js';

// The messages of admin.proto in camelCase. Tokens are signed 64-bit decimal strings; other
// int64 fields (sizes, counters) are numbers; -1 means unknown where the proto says so.

export interface NodeInfo {
  /** Listen address (ip). */
  address: string;
  /** ip:storage_port */
  endpoint: string;
  hostId: string;
  datacenter: string;
  rack: string;
  up: boolean;
  /** NORMAL, JOINING, LEAVING, LEFT, MOVING */
  state: string;
  /** -1 when unknown. */
  loadBytes: number;
  tokens: string[];
  /** Effective ownership 0..1 for the table asked about; -1 when not asked. */
  owns: number;
  /** host:port of the DynamoDB API. */
  rpcAddress: string;
}

export interface StatusRequest {
  /** Optional (''): effective ownership for this table's RF. */
  table: string;
}

export interface StatusResponse {
  nodes: NodeInfo[];
}

export interface RingRequest {
  table: string;
}

export interface RingEntry {
  token: string;
  endpoint: string;
}

export interface RingResponse {
  nodes: NodeInfo[];
  /** Sorted by token. */
  ring: RingEntry[];
}

export type InfoRequest = Record<string, never>;

export interface InfoResponse {
  hostId: string;
  gossipActive: boolean;
  loadBytes: number;
  generation: number;
  uptimeSeconds: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  datacenter: string;
  rack: string;
  tokens: string[];
  address: string;
  rpcAddress: string;
  state: string;
}

export interface TableRequest {
  table: string;
}

export interface EndpointDetails {
  host: string;
  datacenter: string;
  rack: string;
}

export interface TokenRange {
  startToken: string;
  endToken: string;
  endpoints: string[];
  rpcEndpoints: string[];
  endpointDetails: EndpointDetails[];
}

export interface DescribeRingResponse {
  schemaVersion: string;
  replicationFactor: number;
  ranges: TokenRange[];
}

export type GossipInfoRequest = Record<string, never>;

export interface GossipEndpoint {
  endpoint: string;
  generation: number;
  heartbeat: number;
  /** name -> value */
  states: Record<string, string>;
  /** name -> version */
  stateVersions: Record<string, number>;
  up: boolean;
}

export interface GossipInfoResponse {
  endpoints: GossipEndpoint[];
}

export interface GetEndpointsRequest {
  table: string;
  /** The hash key value as text (typed by the table's key schema). */
  key: string;
}

export interface GetEndpointsResponse {
  /** Addresses, in replica order. */
  endpoints: string[];
}

export type DescribeClusterRequest = Record<string, never>;

export interface AddressList {
  addresses: string[];
}

export interface DescribeClusterResponse {
  name: string;
  snitch: string;
  partitioner: string;
  /** Schema version -> addresses that report it. */
  schemaVersions: Record<string, AddressList>;
}

export type OperationRequest = Record<string, never>;

/** A progress line of a long operation; the last one has `done: true`. */
export interface Progress {
  message: string;
  done: boolean;
}

export interface RemoveNodeRequest {
  hostId: string;
}

export interface CleanupRequest {
  /** Optional (''): all tables. */
  table: string;
}

export interface RepairRequest {
  /** Optional (''): all tables. */
  table: string;
}

export type ListPendingHintsRequest = Record<string, never>;

/** The hints this node keeps for one target replica. */
export interface PendingHints {
  hostId: string;
  /** ip:storage_port; '' when the host id is no longer known. */
  endpoint: string;
  /** '' when unknown. */
  datacenter: string;
  /** '' when unknown. */
  rack: string;
  up: boolean;
  /** Gossip knows the host id. */
  known: boolean;
  totalHints: number;
  totalFiles: number;
  /** Creation time of the oldest pending hint, epoch ms. */
  oldestMs: number;
  newestMs: number;
}

export interface ListPendingHintsResponse {
  /** Sorted by host id. */
  targets: PendingHints[];
}

export interface WaitHintsRequest {
  /** Host id, ip or ip:port; '' for every target. */
  target: string;
  timeoutMs: number;
}

export interface WaitHintsResponse {
  /** Hints to the target(s) acknowledged while waiting. */
  delivered: number;
  /** Hints still pending when the wait ended (0: all delivered). */
  remaining: number;
}

/** Sends one progress line to the caller; a no-op once the caller has gone away. */
export type EmitProgress = (progress: Progress) => void;

/**
 * The server side of the Admin service. Streaming operations resolve when the operation is
 * over; they should emit a last line with `done: true` before resolving.
 */
export interface AdminHandlers {
  status(request: StatusRequest): Promise<StatusResponse>;
  ring(request: RingRequest): Promise<RingResponse>;
  info(request: InfoRequest): Promise<InfoResponse>;
  describeRing(request: TableRequest): Promise<DescribeRingResponse>;
  gossipInfo(request: GossipInfoRequest): Promise<GossipInfoResponse>;
  getEndpoints(request: GetEndpointsRequest): Promise<GetEndpointsResponse>;
  describeCluster(request: DescribeClusterRequest): Promise<DescribeClusterResponse>;
  decommission(request: OperationRequest, emit: EmitProgress): Promise<void>;
  cleanup(request: CleanupRequest, emit: EmitProgress): Promise<void>;
  removeNode(request: RemoveNodeRequest, emit: EmitProgress): Promise<void>;
  repair(request: RepairRequest, emit: EmitProgress): Promise<void>;
  listPendingHints(request: ListPendingHintsRequest): Promise<ListPendingHintsResponse>;
  waitHints(request: WaitHintsRequest): Promise<WaitHintsResponse>;
}

function decodeNodeInfo(n: Wire<NodeInfo>): NodeInfo {
  return { ...n, loadBytes: int64(n.loadBytes), owns: int64(n.owns) };
}

export function decodeStatusResponse(m: Wire<StatusResponse>): StatusResponse {
  return { nodes: m.nodes.map(decodeNodeInfo) };
}

export function decodeRingResponse(m: Wire<RingResponse>): RingResponse {
  return { nodes: m.nodes.map(decodeNodeInfo), ring: m.ring };
}

export function decodeInfoResponse(m: Wire<InfoResponse>): InfoResponse {
  return {
    ...m,
    loadBytes: int64(m.loadBytes),
    generation: int64(m.generation),
    uptimeSeconds: int64(m.uptimeSeconds),
    heapUsedBytes: int64(m.heapUsedBytes),
    heapTotalBytes: int64(m.heapTotalBytes),
  };
}

export function decodeDescribeRingResponse(m: Wire<DescribeRingResponse>): DescribeRingResponse {
  return { ...m, replicationFactor: int64(m.replicationFactor) };
}

export function decodeGossipInfoResponse(m: Wire<GossipInfoResponse>): GossipInfoResponse {
  return {
    endpoints: m.endpoints.map((e) => ({
      endpoint: e.endpoint,
      generation: int64(e.generation),
      heartbeat: int64(e.heartbeat),
      states: mapValues(e.states, (v) => v),
      stateVersions: mapValues(e.stateVersions, int64),
      up: e.up,
    })),
  };
}

export function decodeListPendingHintsResponse(m: Wire<ListPendingHintsResponse>): ListPendingHintsResponse {
  return {
    targets: (m.targets ?? []).map((t) => ({
      ...t,
      totalHints: int64(t.totalHints),
      totalFiles: int64(t.totalFiles),
      oldestMs: int64(t.oldestMs),
      newestMs: int64(t.newestMs),
    })),
  };
}

export function decodeWaitHintsRequest(m: Wire<WaitHintsRequest>): WaitHintsRequest {
  return { target: m.target, timeoutMs: int64(m.timeoutMs) };
}

export function decodeWaitHintsResponse(m: Wire<WaitHintsResponse>): WaitHintsResponse {
  return { delivered: int64(m.delivered), remaining: int64(m.remaining) };
}
