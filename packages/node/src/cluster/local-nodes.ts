import type { ClusterView } from '@dynaring/cluster';
import type { LocalNodesScope } from '@dynaring/dynamo-api';
import { endpointHost } from './endpoint-host.js';

/**
 * Alternator's `GET /localnodes`, for client-side load balancing: the live NORMAL nodes of one
 * datacenter (the node's own unless the scope names another), of one rack if the scope names
 * it, by the address clients reach them at. A joining node is alive but not serving, so it is
 * left out. An unknown datacenter or rack lists nothing, not an error, as in Alternator.
 */
export function localNodes(view: ClusterView, ownDc: string, scope: LocalNodesScope): string[] {
  const dc = scope.dc ?? ownDc;
  return view
    .liveEndpoints()
    .filter((e) => view.statusOf(e) === 'NORMAL' && view.dcOf(e) === dc && (scope.rack === undefined || view.rackOf(e) === scope.rack))
    .map((e) => view.rpcAddressOf(e) ?? endpointHost(e))
    .sort();
}
