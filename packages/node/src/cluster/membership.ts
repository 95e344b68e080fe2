import { ClusterView, Gossiper } from '@dynaring/cluster';

/**
 * The current ClusterView, rebuilt whenever gossip changes what this node knows. Reads are
 * synchronous and cheap: the view is immutable and shared until the next change.
 */
export class Membership {
  private current: ClusterView = ClusterView.EMPTY;
  private readonly listeners: Array<(view: ClusterView) => void> = [];

  constructor(readonly gossiper: Gossiper) {
    const rebuild = () => this.rebuild();
    for (const event of ['alive', 'dead', 'join', 'restart', 'remove'] as const) gossiper.on(event, rebuild);
    gossiper.on('change', (_endpoint, key) => {
      if (key === 'STATUS' || key === 'TOKENS') rebuild();
    });
  }

  get self(): string {
    return this.gossiper.self;
  }

  get view(): ClusterView {
    return this.current;
  }

  isAlive(endpoint: string): boolean {
    return endpoint === this.gossiper.self || this.gossiper.isAlive(endpoint);
  }

  onChange(listener: (view: ClusterView) => void): void {
    this.listeners.push(listener);
  }

  rebuild(): void {
    const live = [this.gossiper.self, ...this.gossiper.liveEndpoints()];
    this.current = ClusterView.build(this.gossiper.states(), live, this.current);
    for (const listener of this.listeners) listener(this.current);
  }
}
