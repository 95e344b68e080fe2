import { ClusterView } from './cluster-view.js';
import type { Gossiper, GossiperEvents } from './gossip/gossiper.js';

/** Keeps a ClusterView current with a gossiper. */
export interface ClusterViewTracker {
  current(): ClusterView;
  /** Unsubscribes from the gossiper. */
  stop(): void;
}

/**
 * Rebuilds the view on every membership or liveness event, passing the previous view along
 * so that a node which shuts down while joining stays pending rather than becoming an owner.
 * `onChange` runs after each rebuild.
 */
export function trackClusterView(gossiper: Gossiper, onChange?: (view: ClusterView) => void): ClusterViewTracker {
  let view = ClusterView.build(gossiper.states(), gossiper.liveEndpoints());
  const rebuild = () => {
    view = ClusterView.build(gossiper.states(), gossiper.liveEndpoints(), view);
    onChange?.(view);
  };
  // A heartbeat alone changes nothing a view shows, and it emits no event.
  const events: (keyof GossiperEvents)[] = ['alive', 'dead', 'join', 'restart', 'remove', 'change'];
  const unsubscribe = events.map((event) => gossiper.on(event, rebuild));
  return {
    current: () => view,
    stop: () => unsubscribe.forEach((off) => off()),
  };
}
