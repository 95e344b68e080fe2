export { loadProtos, PROTO_DIR, PROTO_FILES } from './load-protos.js';
export type { Protos, RpcMethod } from './load-protos.js';
export { createGrpcServer, startGrpcServer, stopGrpcServer, MAX_MESSAGE_BYTES } from './grpc-server.js';
export { addReplicaService } from './replica-service.js';
export { addGossipService } from './gossip-service.js';
export { addAdminService } from './admin-service.js';
export { PeerChannel } from './peer-channel.js';
export type { PeerChannelOptions } from './peer-channel.js';
export { RemoteReplica } from './remote-replica.js';
export { FORWARDED_ERROR_CODES } from './replica-reply.js';
export type { RemoteReplicaOptions, CallOptions, ReplicaRpcKind } from './remote-replica.js';
export { RemoteAcceptor } from './remote-acceptor.js';
export type { PaxosKind } from './remote-acceptor.js';
export { GossipClient } from './gossip-client.js';
export type { GossipClientOptions } from './gossip-client.js';
export { AdminClient } from './admin-client.js';
export type { AdminClientOptions } from './admin-client.js';
export { ChannelPool } from './channel-pool.js';
export type { ChannelPoolOptions } from './channel-pool.js';
export { ERROR_CODE_METADATA_KEY, errorToStatus, statusToError } from './status-mapping.js';
export { MalformedMessageError } from './malformed-message-error.js';
export type {
  GossipDigest,
  VersionedValue,
  EndpointState,
  SynRequest,
  AckResponse,
  Ack2Request,
  Ack2Response,
  EchoRequest,
  EchoResponse,
  SchemaRequest,
  SchemaResponse,
  GossipHandlers,
} from './messages/gossip.js';
export type {
  NodeInfo,
  StatusRequest,
  StatusResponse,
  RingRequest,
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
  CleanupRequest,
  RepairRequest,
  EmitProgress,
  AdminHandlers,
  ListPendingHintsRequest,
  PendingHints,
  ListPendingHintsResponse,
  WaitHintsRequest,
  WaitHintsResponse,
} from './messages/admin.js';
/** The grpc-js server type, so that packages serving a service need no grpc-js import. */
export type { Server as GrpcServer } from '@grpc/grpc-js';
