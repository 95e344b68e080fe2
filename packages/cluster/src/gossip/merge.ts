import type { EndpointState, VersionedValue } from './endpoint-state.js';
import type { GossipEndpointState } from './messages.js';

/** What a merge changed, in the order subscribers should hear it. */
export type MergeEvent =
  | { type: 'join'; endpoint: string; state: EndpointState }
  | { type: 'restart'; endpoint: string; state: EndpointState }
  | { type: 'change'; endpoint: string; key: string; value: string };

export interface MergeResult {
  states: Map<string, EndpointState>;
  events: MergeEvent[];
}

/**
 * Applies remote endpoint states to a local view, as Cassandra does: a higher generation
 * replaces the endpoint's whole state (it restarted); within one generation only values with
 * a higher version apply and the heartbeat only moves forward; a lower generation is stale.
 * A join or restart is followed by a change event for every application state it carries.
 * Pure: `local` is not modified.
 */
export function mergeStates(local: ReadonlyMap<string, EndpointState>, remote: Iterable<GossipEndpointState>): MergeResult {
  const states = new Map(local);
  const events: MergeEvent[] = [];
  for (const incoming of remote) {
    const { endpoint } = incoming;
    const current = states.get(endpoint);
    if (current === undefined || incoming.generation > current.generation) {
      const state = copyState(incoming);
      states.set(endpoint, state);
      events.push({ type: current === undefined ? 'join' : 'restart', endpoint, state });
      for (const key of Object.keys(state.appStates).sort()) {
        events.push({ type: 'change', endpoint, key, value: state.appStates[key]!.value });
      }
      continue;
    }
    if (incoming.generation < current.generation) continue;
    let appStates: Record<string, VersionedValue> | undefined;
    for (const key of Object.keys(incoming.appStates ?? {}).sort()) {
      const value = incoming.appStates[key]!;
      const mine = current.appStates[key];
      if (mine !== undefined && mine.version >= value.version) continue;
      appStates ??= { ...current.appStates };
      appStates[key] = { value: value.value, version: value.version };
      events.push({ type: 'change', endpoint, key, value: value.value });
    }
    const heartbeatVersion = Math.max(current.heartbeatVersion, incoming.heartbeatVersion);
    if (appStates !== undefined || heartbeatVersion !== current.heartbeatVersion) {
      states.set(endpoint, { generation: current.generation, heartbeatVersion, appStates: appStates ?? current.appStates });
    }
  }
  return { states, events };
}

/** Strips the wire-only `endpoint` field and any extra fields a transport may have added. */
function copyState(s: GossipEndpointState): EndpointState {
  const appStates: Record<string, VersionedValue> = {};
  for (const [key, v] of Object.entries(s.appStates ?? {})) appStates[key] = { value: v.value, version: v.version };
  return { generation: s.generation, heartbeatVersion: s.heartbeatVersion, appStates };
}
