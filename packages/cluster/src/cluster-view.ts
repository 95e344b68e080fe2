import { ApplicationState, GossipStatus, statusOf as gossipStatusOf, type EndpointState } from './gossip/endpoint-state.js';
import { pendingEndpoints } from './replica-placement.js';
import { TokenRing } from './token-ring.js';

export type NodeStatus = 'JOINING' | 'NORMAL' | 'LEAVING' | 'LEFT' | 'SHUTDOWN' | 'REMOVED' | 'UNKNOWN';

/** The part a node plays in the ring: owner, pending owner, or owner about to leave. */
type RingRole = 'JOINING' | 'NORMAL' | 'LEAVING';

const STATUS_BY_GOSSIP: Readonly<Record<string, NodeStatus>> = {
  [GossipStatus.BOOT]: 'JOINING',
  JOINING: 'JOINING',
  [GossipStatus.NORMAL]: 'NORMAL',
  [GossipStatus.LEAVING]: 'LEAVING',
  [GossipStatus.LEFT]: 'LEFT',
  [GossipStatus.SHUTDOWN]: 'SHUTDOWN',
  [GossipStatus.REMOVED]: 'REMOVED',
  removing: 'REMOVED',
};

/** Parses TOKENS (comma-separated decimal); unparsable values count as no tokens. */
export function parseTokens(value: string | undefined): bigint[] {
  if (value === undefined || value.trim() === '') return [];
  try {
    return value.split(',').map((t) => BigInt(t.trim()));
  } catch {
    return [];
  }
}

export function formatTokens(tokens: readonly bigint[]): string {
  return tokens.map(String).join(',');
}

/**
 * An immutable snapshot of membership derived from gossip states and liveness, as Cassandra's
 * token metadata: NORMAL and LEAVING endpoints own ranges now (`normalRing`); JOINING ones are
 * pending; `futureRing` is the ring once pending joins and leaves complete. Liveness is not
 * applied to placement: down replicas are still replicas (the coordinator hints them).
 * Rebuild on every gossiper event (join, change, alive, dead, restart, remove).
 */
export class ClusterView {
  readonly normalRing: TokenRing;
  readonly futureRing: TokenRing;
  /** Some endpoint is joining or leaving, so writes may have pending replicas. */
  private readonly moving: boolean;

  private constructor(
    private readonly states: ReadonlyMap<string, EndpointState>,
    private readonly alive: ReadonlySet<string>,
    private readonly roles: ReadonlyMap<string, RingRole>,
    /** The rings of a view whose roles and tokens these states leave unchanged (withStates). */
    rings?: { normal: TokenRing; future: TokenRing },
  ) {
    if (rings) {
      this.normalRing = rings.normal;
      this.futureRing = rings.future;
    } else {
      const byNewest = [...roles.keys()].sort((a, b) => states.get(b)!.generation - states.get(a)!.generation || (a < b ? -1 : 1));
      this.normalRing = buildRing(byNewest.filter((e) => roles.get(e) !== 'JOINING'), states);
      this.futureRing = buildRing(byNewest.filter((e) => roles.get(e) !== 'LEAVING'), states);
    }
    this.moving = [...roles.values()].some((r) => r !== 'NORMAL');
  }

  /**
   * `previous` remembers the ring role of endpoints that then shut down: STATUS=shutdown hides
   * whether the node was NORMAL or still JOINING. Without it a shut-down node with tokens
   * counts as NORMAL.
   */
  static build(
    states: ReadonlyMap<string, EndpointState>,
    live: Iterable<string>,
    previous?: ClusterView,
  ): ClusterView {
    const roles = new Map<string, RingRole>();
    for (const [endpoint, state] of states) {
      if (parseTokens(state.appStates[ApplicationState.TOKENS]?.value).length === 0) continue;
      const status = statusFromState(state);
      if (status === 'JOINING' || status === 'NORMAL' || status === 'LEAVING') roles.set(endpoint, status);
      else if (status === 'SHUTDOWN') roles.set(endpoint, previous?.roles.get(endpoint) ?? 'NORMAL');
    }
    return new ClusterView(states, new Set(live), roles);
  }

  static readonly EMPTY = ClusterView.build(new Map(), []);

  /**
   * This view over newer gossip states that changed no endpoint's STATUS or TOKENS, only
   * values such as LOAD and SCHEMA: the same liveness, roles and rings, without rebuilding the
   * rings. The gossiper replaces its state map on every change, so a view keeps the values it
   * was built from until it is rebuilt or refreshed this way.
   */
  withStates(states: ReadonlyMap<string, EndpointState>): ClusterView {
    return new ClusterView(states, this.alive, this.roles, { normal: this.normalRing, future: this.futureRing });
  }

  /** Every endpoint gossip knows, sorted. */
  endpoints(): string[] {
    return [...this.states.keys()].sort();
  }

  statusOf(endpoint: string): NodeStatus {
    const state = this.states.get(endpoint);
    return state === undefined ? 'UNKNOWN' : statusFromState(state);
  }

  isAlive(endpoint: string): boolean {
    return this.alive.has(endpoint);
  }

  liveEndpoints(): string[] {
    return [...this.alive].filter((e) => this.states.has(e)).sort();
  }

  /** Tokens the endpoint announced (owned, or to be owned when JOINING). */
  tokensOf(endpoint: string): bigint[] {
    return parseTokens(this.value(endpoint, ApplicationState.TOKENS));
  }

  generationOf(endpoint: string): number | undefined {
    return this.states.get(endpoint)?.generation;
  }

  hostIdOf(endpoint: string): string | undefined {
    return this.value(endpoint, ApplicationState.HOST_ID);
  }

  rpcAddressOf(endpoint: string): string | undefined {
    return this.value(endpoint, ApplicationState.RPC_ADDRESS);
  }

  dcOf(endpoint: string): string | undefined {
    return this.value(endpoint, ApplicationState.DC);
  }

  rackOf(endpoint: string): string | undefined {
    return this.value(endpoint, ApplicationState.RACK);
  }

  /** LOAD in bytes. */
  loadOf(endpoint: string): number | undefined {
    const value = this.value(endpoint, ApplicationState.LOAD);
    if (value === undefined) return undefined;
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }

  schemaOf(endpoint: string): string | undefined {
    return this.value(endpoint, ApplicationState.SCHEMA);
  }

  releaseVersionOf(endpoint: string): string | undefined {
    return this.value(endpoint, ApplicationState.RELEASE_VERSION);
  }

  /** Natural replicas: where reads go. */
  readEndpoints(token: bigint, rf: number): string[] {
    return this.normalRing.naturalEndpoints(token, rf);
  }

  /** Replicas that will gain `token` when the current range movement completes. */
  pendingEndpoints(token: bigint, rf: number): string[] {
    return this.moving ? pendingEndpoints(this.normalRing, this.futureRing, token, rf) : [];
  }

  /** Natural plus pending replicas: where writes go. */
  writeEndpoints(token: bigint, rf: number): string[] {
    return [...this.readEndpoints(token, rf), ...this.pendingEndpoints(token, rf)];
  }

  private value(endpoint: string, key: string): string | undefined {
    return this.states.get(endpoint)?.appStates[key]?.value;
  }
}

function statusFromState(state: EndpointState): NodeStatus {
  const status = gossipStatusOf(state);
  return status === undefined ? 'UNKNOWN' : (STATUS_BY_GOSSIP[status] ?? 'UNKNOWN');
}

/** A ring of `endpoints` (newest first): a token claimed twice goes to the newest claimant. */
function buildRing(endpoints: readonly string[], states: ReadonlyMap<string, EndpointState>): TokenRing {
  const claimed = new Set<bigint>();
  const tokensByEndpoint = new Map<string, bigint[]>();
  for (const endpoint of endpoints) {
    const tokens = parseTokens(states.get(endpoint)!.appStates[ApplicationState.TOKENS]?.value).filter((t) => !claimed.has(t));
    tokens.forEach((t) => claimed.add(t));
    tokensByEndpoint.set(endpoint, tokens);
  }
  return new TokenRing(tokensByEndpoint);
}
