import type { ReplicaApi, TableMeta } from '@dynaring/core';
import type { Placement, RangeReplicas, ReplicaRef } from '@dynaring/coordinator';
import type { Membership } from './membership.js';

/**
 * Placement over the gossiped token ring: natural replicas from the ring of NORMAL and
 * LEAVING nodes, pending ones for ranges moving to a joining or from a leaving node. The
 * local replica is called in process, peers over gRPC.
 */
export class RingPlacement implements Placement {
  constructor(
    private readonly membership: Membership,
    private readonly local: ReplicaApi,
    private readonly remote: (endpoint: string) => ReplicaApi,
  ) {}

  private ref(endpoint: string): ReplicaRef {
    const local = endpoint === this.membership.self;
    return { endpoint, api: local ? this.local : this.remote(endpoint), local, alive: this.membership.isAlive(endpoint) };
  }

  /** Local first (no network hop), then in ring order. */
  private refs(endpoints: readonly string[]): ReplicaRef[] {
    const refs = endpoints.map((e) => this.ref(e));
    const localIndex = refs.findIndex((r) => r.local);
    if (localIndex > 0) refs.unshift(...refs.splice(localIndex, 1));
    return refs;
  }

  readReplicas(table: TableMeta, token: bigint): ReplicaRef[] {
    return this.refs(this.membership.view.readEndpoints(token, table.rf));
  }

  writeReplicas(table: TableMeta, token: bigint): { natural: ReplicaRef[]; pending: ReplicaRef[] } {
    const view = this.membership.view;
    return {
      natural: this.refs(view.readEndpoints(token, table.rf)),
      pending: view.pendingEndpoints(token, table.rf).map((e) => this.ref(e)),
    };
  }

  scanRanges(table: TableMeta): RangeReplicas[] {
    return this.membership.view.normalRing.scanRanges(table.rf).map((r) => ({
      afterToken: r.range.start,
      endToken: r.range.end,
      replicas: this.refs(r.endpoints),
    }));
  }

  allReplicas(): ReplicaRef[] {
    const endpoints = new Set([...this.membership.view.normalRing.endpoints(), ...this.membership.view.futureRing.endpoints()]);
    return [...endpoints].map((e) => this.ref(e));
  }

  liveNodeCount(): number {
    const view = this.membership.view;
    return view.liveEndpoints().filter((e) => view.statusOf(e) === 'NORMAL').length;
  }
}
