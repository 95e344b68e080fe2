import type { ReplicaApi, TableMeta } from '@dynaring/core';
import type { Membership } from './membership.js';
import { moveRanges } from './range-movement.js';

export interface RemoveNodeContext {
  membership: Membership;
  /** Every table whose data moves, index tables included. */
  tables: () => TableMeta[];
  replicaOf: (endpoint: string) => ReplicaApi;
}

/**
 * nodetool removenode: re-replicates a dead node's ranges from the surviving replicas, then
 * drops it from the ring. Refuses this node and a live node with Cassandra's messages.
 */
export async function removeDeadNode(ctx: RemoveNodeContext, hostId: string, progress: (message: string) => void): Promise<void> {
  const { membership } = ctx;
  const view = membership.view;
  const endpoint = view.endpoints().find((e) => view.hostIdOf(e) === hostId);
  if (!endpoint) throw new Error(`Host ID not found: ${hostId}`);
  if (endpoint === membership.self) throw new Error('Cannot remove self');
  if (membership.isAlive(endpoint)) {
    throw new Error(`Node /${endpoint} is alive and owns this ID. Use decommission command to remove it from the ring`);
  }
  const current = view.normalRing;
  progress(`removing ${endpoint} (${hostId}): streaming its ranges from the remaining replicas`);
  await moveRanges(current, current.without(endpoint), {
    tables: ctx.tables(),
    replicaOf: ctx.replicaOf,
    isAlive: (e) => e !== endpoint && membership.isAlive(e),
    progress,
  });
  membership.gossiper.advertiseRemoved(endpoint);
  membership.rebuild();
}
