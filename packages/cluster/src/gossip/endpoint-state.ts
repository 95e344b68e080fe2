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

/**
 * How long a LEFT or removed endpoint's state is meant to linger, as Cassandra's
 * Gossiper.aVeryLongTime (3 days): the expiry time its STATUS value carries.
 */
export const STATUS_EXPIRY_MS = 3 * 24 * 3600 * 1000;

/**
 * Full STATUS values as Cassandra's VersionedValue spells them, which is what `nodetool
 * gossipinfo` users and their scripts read: the keyword, then the first token (or the host ID
 * of a removed node) and, for a departed node, when its state expires. Nodes only read the
 * keyword (statusOf).
 */
export const GossipStatusValue = {
  bootstrapping: (tokens: readonly bigint[]): string => `${GossipStatus.BOOT},${firstToken(tokens)}`,
  normal: (tokens: readonly bigint[]): string => `${GossipStatus.NORMAL},${firstToken(tokens)}`,
  leaving: (tokens: readonly bigint[]): string => `${GossipStatus.LEAVING},${firstToken(tokens)}`,
  left: (tokens: readonly bigint[], expiresAtMs: number): string => `${GossipStatus.LEFT},${firstToken(tokens)},${expiresAtMs}`,
  shutdown: (): string => `${GossipStatus.SHUTDOWN},true`,
  removed: (hostId: string, expiresAtMs: number): string => `${GossipStatus.REMOVED},${hostId},${expiresAtMs}`,
} as const;

function firstToken(tokens: readonly bigint[]): string {
  if (tokens.length === 0) throw new Error('a STATUS with tokens needs at least one token');
  return String(tokens[0]);
}

/**
 * A LOAD value (bytes on disk) as Cassandra gossips it: Java's Double.toString, e.g.
 * "268871.0" or "3.48811264E9". Readers parse it with Number().
 */
export function loadValue(bytes: number): string {
  if (!Number.isFinite(bytes)) throw new Error(`LOAD must be finite, got ${bytes}`);
  const abs = Math.abs(bytes);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) {
    const text = String(bytes);
    return text.includes('.') ? text : `${text}.0`;
  }
  // Computerized scientific notation, with the shortest digits that read back as the value.
  const [mantissa = '0', exponent = '0'] = bytes.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}

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
  return value === undefined ? undefined : statusKeyword(value);
}

/** Whether a STATUS value says the endpoint left the ring (decommissioned or removed). */
export function isDepartedStatus(value: string): boolean {
  const keyword = statusKeyword(value);
  return keyword === GossipStatus.LEFT || keyword === GossipStatus.REMOVED;
}

/** The keyword of a STATUS value: "NORMAL" of "NORMAL,-9187343239835811840". */
export function statusKeyword(value: string): string {
  const comma = value.indexOf(',');
  return comma < 0 ? value : value.slice(0, comma);
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
