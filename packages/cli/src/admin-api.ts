// The Admin service of proto/admin.proto as the CLI sees it. Responses are the wire package's
// messages; requests make optional what nodetool may leave out (the wire fills in '').
import type * as wire from '@dynaring/wire';

export type {
  NodeInfo,
  StatusResponse,
  RingEntry,
  RingResponse,
  InfoRequest,
  InfoResponse,
  TableRequest,
  EndpointDetails,
  TokenRange,
  DescribeRingResponse,
  GossipInfoRequest,
  GossipEndpoint,
  GossipInfoResponse,
  GetEndpointsRequest,
  GetEndpointsResponse,
  DescribeClusterRequest,
  AddressList,
  DescribeClusterResponse,
  OperationRequest,
  Progress,
  RemoveNodeRequest,
  ListPendingHintsRequest,
  PendingHints,
  ListPendingHintsResponse,
  WaitHintsResponse,
} from '@dynaring/wire';

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** Without a table, ownership is not computed. */
export type StatusRequest = Optional<wire.StatusRequest, 'table'>;
export type RingRequest = Optional<wire.RingRequest, 'table'>;
/** All tables when the table is absent. */
export type CleanupRequest = Optional<wire.CleanupRequest, 'table'>;
export type RepairRequest = Optional<wire.RepairRequest, 'table'>;
/** Every target when absent. */
export type WaitHintsRequest = Optional<wire.WaitHintsRequest, 'target'>;

export type ProgressListener = (progress: wire.Progress) => void;

/** One method per Admin RPC; streaming RPCs report each message and settle when the stream ends. */
export interface AdminApi {
  status(req: StatusRequest): Promise<wire.StatusResponse>;
  ring(req: RingRequest): Promise<wire.RingResponse>;
  info(req: wire.InfoRequest): Promise<wire.InfoResponse>;
  describeRing(req: wire.TableRequest): Promise<wire.DescribeRingResponse>;
  gossipInfo(req: wire.GossipInfoRequest): Promise<wire.GossipInfoResponse>;
  getEndpoints(req: wire.GetEndpointsRequest): Promise<wire.GetEndpointsResponse>;
  describeCluster(req: wire.DescribeClusterRequest): Promise<wire.DescribeClusterResponse>;
  decommission(req: wire.OperationRequest, onProgress: ProgressListener): Promise<unknown>;
  cleanup(req: CleanupRequest, onProgress: ProgressListener): Promise<unknown>;
  removeNode(req: wire.RemoveNodeRequest, onProgress: ProgressListener): Promise<unknown>;
  repair(req: RepairRequest, onProgress: ProgressListener): Promise<unknown>;
  listPendingHints(req: wire.ListPendingHintsRequest): Promise<wire.ListPendingHintsResponse>;
  waitHints(req: WaitHintsRequest): Promise<wire.WaitHintsResponse>;
  close(): void;
}
