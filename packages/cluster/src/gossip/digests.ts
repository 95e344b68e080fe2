import { maxVersion, stateNewerThan, type EndpointState } from './endpoint-state.js';
import type { AckMessage, GossipDigest, GossipEndpointState } from './messages.js';

/** Digests of every known endpoint, shuffled as Cassandra does so no endpoint is always last. */
export function digestsOf(states: ReadonlyMap<string, EndpointState>, shuffle: <T>(items: T[]) => T[]): GossipDigest[] {
  return shuffle([...states].map(([endpoint, s]) => ({ endpoint, generation: s.generation, maxVersion: maxVersion(s) })));
}

/**
 * The receiver's side of a SYN: which endpoints it wants newer state of, and which of its
 * states are newer than the initiator's. Endpoints the initiator did not mention at all are
 * sent whole, which spreads membership faster than waiting for the reverse exchange.
 * `ignore` names endpoints not to ask about (ourselves, quarantined ones).
 */
export function examineDigests(
  states: ReadonlyMap<string, EndpointState>,
  digests: readonly GossipDigest[],
  ignore: (endpoint: string) => boolean,
): AckMessage {
  const requests: GossipDigest[] = [];
  const send: GossipEndpointState[] = [];
  const mentioned = new Set<string>();
  for (const digest of digests) {
    mentioned.add(digest.endpoint);
    const local = states.get(digest.endpoint);
    if (local === undefined || digest.generation > local.generation) {
      if (!ignore(digest.endpoint)) requests.push({ endpoint: digest.endpoint, generation: digest.generation, maxVersion: 0 });
      continue;
    }
    if (digest.generation < local.generation) {
      send.push(withEndpoint(digest.endpoint, local));
      continue;
    }
    const localMax = maxVersion(local);
    if (digest.maxVersion > localMax) {
      if (!ignore(digest.endpoint)) requests.push({ endpoint: digest.endpoint, generation: digest.generation, maxVersion: localMax });
    } else if (digest.maxVersion < localMax) {
      send.push(withEndpoint(digest.endpoint, stateNewerThan(local, digest.maxVersion)));
    }
  }
  for (const [endpoint, local] of states) if (!mentioned.has(endpoint)) send.push(withEndpoint(endpoint, local));
  return { requests, states: send };
}

/** The initiator's answer to an ACK's requests (the ACK2 payload). */
export function statesForRequests(states: ReadonlyMap<string, EndpointState>, requests: readonly GossipDigest[]): GossipEndpointState[] {
  const result: GossipEndpointState[] = [];
  for (const request of requests) {
    const local = states.get(request.endpoint);
    if (local === undefined || local.generation < request.generation) continue;
    const since = local.generation === request.generation ? request.maxVersion : 0;
    result.push(withEndpoint(request.endpoint, stateNewerThan(local, since)));
  }
  return result;
}

export function withEndpoint(endpoint: string, state: EndpointState): GossipEndpointState {
  return { endpoint, generation: state.generation, heartbeatVersion: state.heartbeatVersion, appStates: state.appStates };
}
