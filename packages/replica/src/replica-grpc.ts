import type { ReplicaApi } from '@dynaring/core';
import { addReplicaService, type GrpcServer } from '@dynaring/wire';

/**
 * Serves this node's replica to its peers over replica.proto. The node's own coordinator
 * calls `api` in process; peers reach the same object through this service.
 */
export function serveReplica(server: GrpcServer, api: ReplicaApi): void {
  addReplicaService(server, api);
}
