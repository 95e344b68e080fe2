import { ClusterView } from './cluster-view.js';
import { ApplicationState } from './gossip/endpoint-state.js';
import type { Gossiper } from './gossip/gossiper.js';

/** Keeps a ClusterView current with a gossiper. */
export interface ClusterViewTracker {
  current(): ClusterView;
  /** Rebuilds the view now, for a change the gossiper announces no event for, and tells onChange. */
  rebuild(): void;
  /** Unsubscribes from the gossiper. */
  stop(): void;
}

/** The application states that shape roles and rings: a change to any other only refreshes values. */
const RING_STATES: ReadonlySet<string> = new Set([ApplicationState.STATUS, ApplicationState.TOKENS]);

/**
 * Rebuilds the view on every membership or liveness event and every STATUS or TOKENS change,
 * passing the previous view along so that a node which shuts down while joining stays pending
 * rather than becoming an owner. Other changes (LOAD, SCHEMA, ...) refresh the view's values
 * without rebuilding its rings: the gossiper replaces its state map on every change, so a view
 * left alone would keep showing what it was built from. The node itself always counts as
 * live. `onChange` runs after each rebuild.
 */
export function trackClusterView(gossiper: Gossiper, onChange?: (view: ClusterView) => void): ClusterViewTracker {
  const live = () => [gossiper.self, ...gossiper.liveEndpoints()];
  let view = ClusterView.build(gossiper.states(), live());
  const rebuild = () => {
    view = ClusterView.build(gossiper.states(), live(), view);
    onChange?.(view);
  };
  // A heartbeat alone changes nothing a view shows, and it emits no event.
  const unsubscribe = (['alive', 'dead', 'join', 'restart', 'remove'] as const).map((event) => gossiper.on(event, rebuild));
  unsubscribe.push(
    gossiper.on('change', (_endpoint, key) => {
      if (RING_STATES.has(key)) rebuild();
      else view = view.withStates(gossiper.states());
    }),
  );
  return {
    current: () => view,
    rebuild,
    stop: () => unsubscribe.forEach((off) => off()),
  };
}
