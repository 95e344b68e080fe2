import type { ReplicaApi } from '@dynaring/core';
import type { AcceptorApi } from '@dynaring/paxos';
import { addReplicaService, type GrpcServer } from '@dynaring/wire';

/**
 * Serves this node's replica (and its Paxos acceptor) to its peers over replica.proto. The
 * node's own coordinator calls `api` and `acceptor` in process; peers reach the same objects
 * through this service.
 */
export function serveReplica(server: GrpcServer, api: ReplicaApi, acceptor?: AcceptorApi): void {
  addReplicaService(server, api, acceptor);
}
