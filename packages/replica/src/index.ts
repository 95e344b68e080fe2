export { ReplicaService } from './replica-service.js';
export type { ReplicaStats } from './replica-service.js';
export { serveReplica } from './replica-grpc.js';
export { replicaAcceptor } from './replica-acceptor.js';
export type { AcceptorStorage } from './replica-acceptor.js';
