// The Admin service of proto/admin.proto as the CLI sees it: camelCase fields, int64 as numbers,
// tokens as decimal strings. The wire package's AdminClient satisfies this shape; tests use fakes.

export interface NodeInfo {
  /** listen address (ip) */
  address: string;
  /** ip:storage_port */
  endpoint: string;
  hostId: string;
  datacenter: string;
  rack: string;
  up: boolean;
  /** NORMAL, JOINING, LEAVING, LEFT, MOVING */
  state: string;
  /** -1 when unknown */
  loadBytes: number;
  tokens: string[];
  /** effective ownership 0..1 for the table asked about; -1 when not asked */
  owns: number;
  /** host:port of the DynamoDB API */
  rpcAddress: string;
}

export interface StatusRequest {
  table?: string;
}

export interface StatusResponse {
  nodes: NodeInfo[];
}

export interface RingRequest {
  table?: string;
}

export interface RingEntry {
  token: string;
  endpoint: string;
}

export interface RingResponse {
  nodes: NodeInfo[];
  /** sorted by token */
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
  /** application state name -> value */
  states: Record<string, string>;
  /** application state name -> version */
  stateVersions: Record<string, number>;
  up: boolean;
}

export interface GossipInfoResponse {
  endpoints: GossipEndpoint[];
}

export interface GetEndpointsRequest {
  table: string;
  /** the hash key value as text */
  key: string;
}

export interface GetEndpointsResponse {
  /** addresses, in replica order */
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
  /** schema version -> addresses that report it */
  schemaVersions: Record<string, AddressList>;
}

export type OperationRequest = Record<string, never>;

export interface Progress {
  message: string;
  done: boolean;
}

export interface RemoveNodeRequest {
  hostId: string;
}

export interface CleanupRequest {
  /** all tables when empty */
  table?: string;
}

export interface RepairRequest {
  /** all tables when absent */
  table?: string;
}

export type ListPendingHintsRequest = Record<string, never>;

/** The hints the node keeps for one target replica. */
export interface PendingHints {
  hostId: string;
  /** ip:storage_port; '' when the host id is no longer known */
  endpoint: string;
  /** '' when unknown */
  datacenter: string;
  /** '' when unknown */
  rack: string;
  up: boolean;
  /** gossip knows the host id */
  known: boolean;
  totalHints: number;
  totalFiles: number;
  /** creation time of the oldest pending hint, epoch ms */
  oldestMs: number;
  newestMs: number;
}

export interface ListPendingHintsResponse {
  /** sorted by host id */
  targets: PendingHints[];
}

export interface WaitHintsRequest {
  /** host id, ip or ip:port; every target when absent */
  target?: string;
  timeoutMs: number;
}

export interface WaitHintsResponse {
  /** hints to the target(s) acknowledged while waiting */
  delivered: number;
  /** hints still pending when the wait ended (0: all delivered) */
  remaining: number;
}

export type ProgressListener = (progress: Progress) => void;

/** One method per Admin RPC; streaming RPCs report each message and settle when the stream ends. */
export interface AdminApi {
  status(req: StatusRequest): Promise<StatusResponse>;
  ring(req: RingRequest): Promise<RingResponse>;
  info(req: InfoRequest): Promise<InfoResponse>;
  describeRing(req: TableRequest): Promise<DescribeRingResponse>;
  gossipInfo(req: GossipInfoRequest): Promise<GossipInfoResponse>;
  getEndpoints(req: GetEndpointsRequest): Promise<GetEndpointsResponse>;
  describeCluster(req: DescribeClusterRequest): Promise<DescribeClusterResponse>;
  decommission(req: OperationRequest, onProgress: ProgressListener): Promise<unknown>;
  cleanup(req: CleanupRequest, onProgress: ProgressListener): Promise<unknown>;
  removeNode(req: RemoveNodeRequest, onProgress: ProgressListener): Promise<unknown>;
  repair(req: RepairRequest, onProgress: ProgressListener): Promise<unknown>;
  listPendingHints(req: ListPendingHintsRequest): Promise<ListPendingHintsResponse>;
  waitHints(req: WaitHintsRequest): Promise<WaitHintsResponse>;
  close(): void;
}
