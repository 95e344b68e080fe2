import type { Server, UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadProtos } from './load-protos.js';
import { decodeWaitHintsRequest } from './messages/admin.js';
import type {
  AdminHandlers,
  CleanupRequest,
  GetEndpointsRequest,
  Progress,
  RemoveNodeRequest,
  RepairRequest,
  RingRequest,
  StatusRequest,
  TableRequest,
} from './messages/admin.js';
import { identity, serverStreamHandler, unaryHandler } from './service-handlers.js';

// Admin requests carry only strings, which proto-loader already hands over in their final
// shape (absent fields as ''), so they pass through undecoded; WaitHints' int64 is decoded.

/** Serves admin.proto from plain async handlers. */
export function addAdminService(server: Server, handlers: AdminHandlers): void {
  const implementation: UntypedServiceImplementation = {
    Status: unaryHandler(identity<StatusRequest>, (r) => handlers.status(r), identity),
    Ring: unaryHandler(identity<RingRequest>, (r) => handlers.ring(r), identity),
    Info: unaryHandler(identity, () => handlers.info({}), identity),
    DescribeRing: unaryHandler(identity<TableRequest>, (r) => handlers.describeRing(r), identity),
    GossipInfo: unaryHandler(identity, () => handlers.gossipInfo({}), identity),
    GetEndpoints: unaryHandler(identity<GetEndpointsRequest>, (r) => handlers.getEndpoints(r), identity),
    DescribeCluster: unaryHandler(identity, () => handlers.describeCluster({}), identity),
    Decommission: serverStreamHandler(identity, (_r, emit: (p: Progress) => void) => handlers.decommission({}, emit)),
    Cleanup: serverStreamHandler(identity<CleanupRequest>, (r, emit: (p: Progress) => void) => handlers.cleanup(r, emit)),
    RemoveNode: serverStreamHandler(identity<RemoveNodeRequest>, (r, emit: (p: Progress) => void) =>
      handlers.removeNode(r, emit),
    ),
    Repair: serverStreamHandler(identity<RepairRequest>, (r, emit: (p: Progress) => void) => handlers.repair(r, emit)),
    ListPendingHints: unaryHandler(identity, () => handlers.listPendingHints({}), identity),
    WaitHints: unaryHandler(decodeWaitHintsRequest, (r) => handlers.waitHints(r), identity),
  };
  server.addService(loadProtos().admin, implementation);
}
