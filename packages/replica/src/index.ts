export { ReplicaService } from './replica-service.js';
export type { ReplicaStats } from './replica-service.js';
export { serveReplica } from './replica-grpc.js';
