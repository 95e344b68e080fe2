// `nodetool gossipinfo`, as Cassandra's FailureDetector.getAllEndpointStates renders it.
import type { GossipEndpoint, GossipInfoResponse } from '../admin-api.js';
import { compareAddresses, hostOf } from './address-order.js';

// Cassandra prints states in ApplicationState declaration order (an EnumMap); names it does not
// know come after, alphabetically.
const APPLICATION_STATE_ORDER = [
  'STATUS',
  'LOAD',
  'SCHEMA',
  'DC',
  'RACK',
  'RELEASE_VERSION',
  'REMOVAL_COORDINATOR',
  'INTERNAL_IP',
  'RPC_ADDRESS',
  'X_11_PADDING',
  'SEVERITY',
  'NET_VERSION',
  'HOST_ID',
  'TOKENS',
  'RPC_READY',
  'INTERNAL_ADDRESS_AND_PORT',
  'NATIVE_ADDRESS_AND_PORT',
  'STATUS_WITH_PORT',
  'SSTABLE_VERSIONS',
];

function stateRank(name: string): number {
  const i = APPLICATION_STATE_ORDER.indexOf(name);
  return i < 0 ? APPLICATION_STATE_ORDER.length : i;
}

function endpointState(ep: GossipEndpoint): string {
  let out = `/${hostOf(ep.endpoint)}\n`;
  out += `  generation:${ep.generation}\n`;
  out += `  heartbeat:${ep.heartbeat}\n`;
  const names = Object.keys(ep.states)
    .filter((n) => n !== 'TOKENS')
    .sort((a, b) => stateRank(a) - stateRank(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) out += `  ${name}:${ep.stateVersions[name] ?? 0}:${ep.states[name]}\n`;
  out += 'TOKENS' in ep.states || 'TOKENS' in ep.stateVersions
    ? `  TOKENS:${ep.stateVersions['TOKENS'] ?? 0}:<hidden>\n`
    : '  TOKENS: not present\n';
  return out;
}

export function formatGossipInfo(response: GossipInfoResponse): string {
  const endpoints = [...response.endpoints].sort((a, b) => compareAddresses(a.endpoint, b.endpoint));
  // nodetool println()s the whole dump, hence the final empty line.
  return endpoints.map(endpointState).join('') + '\n';
}
