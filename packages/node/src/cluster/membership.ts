import { trackClusterView, type ClusterView, type ClusterViewTracker, type Gossiper } from '@dynaring/cluster';

/**
 * The current ClusterView, kept up to date with gossip (trackClusterView). Reads are
 * synchronous and cheap: the view is immutable and shared until the next change.
 */
export class Membership {
  private readonly listeners: Array<(view: ClusterView) => void> = [];
  private readonly tracker: ClusterViewTracker;

  constructor(readonly gossiper: Gossiper) {
    this.tracker = trackClusterView(gossiper, (view) => {
      for (const listener of this.listeners) listener(view);
    });
  }

  get self(): string {
    return this.gossiper.self;
  }

  get view(): ClusterView {
    return this.tracker.current();
  }

  isAlive(endpoint: string): boolean {
    return endpoint === this.gossiper.self || this.gossiper.isAlive(endpoint);
  }

  /** Told each rebuilt view: after membership, liveness, STATUS or TOKENS changes. */
  onChange(listener: (view: ClusterView) => void): void {
    this.listeners.push(listener);
  }

  rebuild(): void {
    this.tracker.rebuild();
  }
}
