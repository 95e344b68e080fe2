import type { ReplicaApi } from '@dynaring/core';
import { MAX_TOKEN, MIN_TOKEN } from '@dynaring/cluster';
import type { Placement, RangeReplicas, ReplicaRef } from './placement.js';

/** A cluster of one: every token lives on the local replica. */
export class SingleNodePlacement implements Placement {
  private readonly self: ReplicaRef[];
  private readonly ranges: RangeReplicas[];

  constructor(local: ReplicaApi, endpoint = 'local') {
    this.self = [{ endpoint, api: local, local: true, alive: true }];
    this.ranges = [{ afterToken: MIN_TOKEN, endToken: MAX_TOKEN, replicas: this.self }];
  }

  readReplicas(): ReplicaRef[] {
    return this.self;
  }

  writeReplicas(): { natural: ReplicaRef[]; pending: ReplicaRef[] } {
    return { natural: this.self, pending: [] };
  }

  scanRanges(): RangeReplicas[] {
    return this.ranges;
  }

  allReplicas(): ReplicaRef[] {
    return this.self;
  }

  liveNodeCount(): number {
    return 1;
  }
}
