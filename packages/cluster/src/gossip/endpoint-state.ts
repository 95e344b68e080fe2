/** Application state names every node publishes through gossip. */
export const ApplicationState = {
  STATUS: 'STATUS',
  TOKENS: 'TOKENS',
  HOST_ID: 'HOST_ID',
  DC: 'DC',
  RACK: 'RACK',
  LOAD: 'LOAD',
  RPC_ADDRESS: 'RPC_ADDRESS',
  SCHEMA: 'SCHEMA',
  RELEASE_VERSION: 'RELEASE_VERSION',
} as const;
export type ApplicationStateName = (typeof ApplicationState)[keyof typeof ApplicationState];

/** Values of the STATUS application state, as Cassandra spells them. */
export const GossipStatus = {
  /** Joining: tokens announced, streaming in progress. */
  BOOT: 'BOOT',
  NORMAL: 'NORMAL',
  LEAVING: 'LEAVING',
  LEFT: 'LEFT',
  SHUTDOWN: 'shutdown',
  REMOVED: 'removed',
} as const;

/** STATUS values after which an endpoint is not alive whatever its heartbeat says. */
const DEAD_STATUSES: ReadonlySet<string> = new Set([GossipStatus.LEFT, GossipStatus.SHUTDOWN, GossipStatus.REMOVED]);

export interface VersionedValue {
  readonly value: string;
  readonly version: number;
}

/**
 * What gossip knows of one endpoint. Generation is the endpoint's start time in epoch seconds;
 * the heartbeat and every application state draw versions from one counter on that endpoint,
 * so the largest version summarises the whole state. Treated as immutable.
 */
export interface EndpointState {
  readonly generation: number;
  readonly heartbeatVersion: number;
  readonly appStates: Readonly<Record<string, VersionedValue>>;
}

export function maxVersion(state: EndpointState): number {
  let max = state.heartbeatVersion;
  for (const v of Object.values(state.appStates)) if (v.version > max) max = v.version;
  return max;
}

/** The STATUS keyword, without any ",detail" suffix. */
export function statusOf(state: EndpointState | undefined): string | undefined {
  const value = state?.appStates[ApplicationState.STATUS]?.value;
  return value === undefined ? undefined : value.split(',', 1)[0];
}

export function isDeadState(state: EndpointState | undefined): boolean {
  const status = statusOf(state);
  return status !== undefined && DEAD_STATUSES.has(status);
}

/** The part of `state` newer than `version` (the heartbeat always goes along). */
export function stateNewerThan(state: EndpointState, version: number): EndpointState {
  const appStates: Record<string, VersionedValue> = {};
  for (const [key, v] of Object.entries(state.appStates)) if (v.version > version) appStates[key] = v;
  return { generation: state.generation, heartbeatVersion: state.heartbeatVersion, appStates };
}
