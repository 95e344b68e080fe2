import type { Clock, Random, TimerHandle, Timers } from '@dynaring/core';
import { FailureDetector } from '../failure-detector.js';
import { digestsOf, examineDigests, statesForRequests, withEndpoint } from './digests.js';
import { TypedEmitter } from './emitter.js';
import { ApplicationState, GossipStatus, GossipStatusValue, STATUS_EXPIRY_MS, isDeadState, maxVersion, type EndpointState } from './endpoint-state.js';
import { mergeStates } from './merge.js';
import {
  GossipRejectedError,
  PARTITIONER_NAME,
  type AckMessage,
  type Ack2Message,
  type GossipEndpointState,
  type GossipTransport,
  type SynMessage,
} from './messages.js';

/** Generations further ahead than this of what we know are treated as corrupt (Cassandra's rule). */
const MAX_GENERATION_JUMP_SECONDS = 86400 * 365;

export interface GossiperOptions {
  /** This node, "ip:storagePort". */
  self: string;
  seeds: readonly string[];
  /** Epoch seconds at process start; must grow across restarts (the caller persists it). */
  generation: number;
  clusterName: string;
  transport: GossipTransport;
  clock: Clock;
  timers: Timers;
  random: Random;
  /** Default 1000. */
  intervalMs?: number;
  /** Default 8. */
  phiConvictThreshold?: number;
  /** How long a removed endpoint's state is refused. Default 60 000 (2 x RING_DELAY). */
  quarantineMs?: number;
  /** Default PARTITIONER_NAME. */
  partitioner?: string;
  /** Where errors thrown by event listeners go; they never break a gossip round. */
  onListenerError?: (error: unknown) => void;
}

export interface GossiperEvents {
  alive: (endpoint: string, state: EndpointState) => void;
  dead: (endpoint: string, state: EndpointState) => void;
  join: (endpoint: string, state: EndpointState) => void;
  restart: (endpoint: string, state: EndpointState) => void;
  /** Also fires for our own states (at start and on setApplicationState). */
  change: (endpoint: string, key: string, value: string) => void;
  remove: (endpoint: string) => void;
}

/**
 * Cassandra's gossiper: SYN/ACK/ACK2 with one random live peer per round, plus sometimes an
 * unreachable peer and a seed, then a failure-detector check of every peer. Liveness is this
 * node's own opinion; only a graceful shutdown is announced through STATUS.
 */
export class Gossiper {
  readonly self: string;
  readonly intervalMs: number;
  private readonly options: GossiperOptions;
  private readonly seeds: string[];
  private readonly partitioner: string;
  private readonly quarantineMs: number;
  private readonly fd: FailureDetector;
  private readonly emitter: TypedEmitter<GossiperEvents>;
  /** Every known endpoint's state, ours included once started. Replaced, never mutated. */
  private endpointStates: ReadonlyMap<string, EndpointState> = new Map();
  /** Our one version counter for heartbeat and application states. */
  private version = 0;
  /** Peers believed alive; disjoint from `unreachable`; never contains self. */
  private readonly live = new Set<string>();
  /** Known peers not believed alive (convicted, shut down, or not yet heard to heartbeat). */
  private readonly unreachable = new Set<string>();
  /** Removed endpoint -> time until which its gossip is refused. */
  private readonly quarantine = new Map<string, number>();
  /** The round timer; set only while running. */
  private timer: TimerHandle | undefined;

  constructor(options: GossiperOptions) {
    this.options = options;
    this.self = options.self;
    this.seeds = [...new Set(options.seeds)].filter((s) => s !== options.self);
    this.intervalMs = options.intervalMs ?? 1000;
    this.partitioner = options.partitioner ?? PARTITIONER_NAME;
    this.quarantineMs = options.quarantineMs ?? 60_000;
    this.fd = new FailureDetector({ intervalMs: this.intervalMs, phiConvictThreshold: options.phiConvictThreshold ?? 8 });
    this.emitter = new TypedEmitter<GossiperEvents>(options.onListenerError);
  }

  on<K extends keyof GossiperEvents>(event: K, listener: GossiperEvents[K]): () => void {
    return this.emitter.on(event, listener);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Publishes our state and starts one round per interval (the first after one interval). */
  start(initialStates: Record<string, string>): void {
    if (this.running) throw new Error('gossiper already started');
    const appStates: Record<string, { value: string; version: number }> = {};
    for (const [key, value] of Object.entries(initialStates)) appStates[key] = { value, version: ++this.version };
    this.putSelf({ generation: this.options.generation, heartbeatVersion: ++this.version, appStates });
    this.timer = this.options.timers.setInterval(() => this.round(), this.intervalMs);
    for (const [key, value] of Object.entries(initialStates)) this.emitter.emit('change', this.self, key, value);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  setApplicationState(name: string, value: string): void {
    const state = this.endpointStates.get(this.self);
    if (state === undefined) throw new Error('gossiper not started');
    this.putSelf({ ...state, appStates: { ...state.appStates, [name]: { value, version: ++this.version } } });
    this.emitter.emit('change', this.self, name, value);
  }

  /** The receiving side of a SYN: what we want and what we have that the initiator lacks. */
  handleSyn(message: SynMessage): AckMessage {
    if (message.clusterName !== this.options.clusterName) {
      throw new GossipRejectedError(`ClusterName mismatch: ${message.clusterName} != ${this.options.clusterName}`);
    }
    if (message.partitioner !== this.partitioner) {
      throw new GossipRejectedError(`Partitioner mismatch: ${message.partitioner} != ${this.partitioner}`);
    }
    const nowMs = this.options.clock.nowMs();
    return examineDigests(this.endpointStates, message.digests ?? [], (e) => e === this.self || this.isQuarantined(e, nowMs));
  }

  handleAck2(message: Ack2Message): void {
    this.applyRemote(message.states ?? []);
  }

  states(): ReadonlyMap<string, EndpointState> {
    return this.endpointStates;
  }

  isAlive(endpoint: string): boolean {
    return endpoint === this.self ? this.running : this.live.has(endpoint);
  }

  /** Live endpoints, ourselves included while running, sorted. */
  liveEndpoints(): string[] {
    return [...this.live, ...(this.running ? [this.self] : [])].sort();
  }

  unreachableEndpoints(): string[] {
    return [...this.unreachable].sort();
  }

  phi(endpoint: string): number {
    return this.fd.phi(endpoint, this.options.clock.nowMs());
  }

  /** Stops gossip rounds, sets STATUS=shutdown and pushes it to live peers so they mark us down at once. */
  async announceShutdown(): Promise<void> {
    this.stop();
    if (!this.endpointStates.has(this.self)) return;
    this.setApplicationState(ApplicationState.STATUS, GossipStatusValue.shutdown());
    const states = [withEndpoint(this.self, this.endpointStates.get(this.self)!)];
    await Promise.all([...this.live].map((peer) => this.options.transport.ack2(peer, { states }).catch(() => undefined)));
  }

  /** Forgets `endpoint` here and refuses its gossip for the quarantine period. */
  removeEndpoint(endpoint: string): void {
    if (endpoint === this.self) throw new Error('cannot remove ourselves');
    const next = new Map(this.endpointStates);
    const existed = next.delete(endpoint);
    this.endpointStates = next;
    this.live.delete(endpoint);
    this.unreachable.delete(endpoint);
    this.fd.remove(endpoint);
    this.quarantine.set(endpoint, this.options.clock.nowMs() + this.quarantineMs);
    if (existed) this.emitter.emit('remove', endpoint);
  }

  /**
   * removenode: gossips STATUS=removed on behalf of a dead endpoint under a newer generation,
   * so the whole cluster drops it from the ring and its own stale state cannot win.
   */
  advertiseRemoved(endpoint: string): void {
    const old = this.endpointStates.get(endpoint);
    if (old === undefined || endpoint === this.self) throw new Error(`unknown endpoint ${endpoint}`);
    const top = maxVersion(old);
    const hostId = old.appStates[ApplicationState.HOST_ID]?.value;
    const value = hostId ? GossipStatusValue.removed(hostId, this.options.clock.nowMs() + STATUS_EXPIRY_MS) : GossipStatus.REMOVED;
    const status = { value, version: top + 2 };
    const state = { generation: old.generation + 1, heartbeatVersion: top + 1, appStates: { ...old.appStates, STATUS: status } };
    this.applyRemote([withEndpoint(endpoint, state)]);
  }

  private round(): void {
    this.bumpHeartbeat();
    const syn: SynMessage = {
      clusterName: this.options.clusterName,
      partitioner: this.partitioner,
      digests: digestsOf(this.endpointStates, (items) => this.shuffle(items)),
    };
    const live = [...this.live];
    let gossipedToSeed = false;
    if (live.length > 0) {
      const peer = this.pick(live);
      this.gossipTo(peer, syn);
      gossipedToSeed = this.seeds.includes(peer);
    }
    // Probe the unreachable now and then, to notice nodes coming back.
    if (this.unreachable.size > 0 && this.options.random.next() < this.unreachable.size / (live.length + 1)) {
      this.gossipTo(this.pick([...this.unreachable]), syn);
    }
    // Talking to seeds keeps the cluster from splitting into groups that only gossip among themselves.
    if (this.seeds.length > 0 && (!gossipedToSeed || live.length < this.seeds.length)) {
      const probability = live.length === 0 ? 1 : this.seeds.length / (live.length + this.unreachable.size);
      if (this.options.random.next() < probability) this.gossipTo(this.pick(this.seeds), syn);
    }
    this.statusCheck();
  }

  private gossipTo(peer: string, syn: SynMessage): void {
    void this.exchange(peer, syn);
  }

  private async exchange(peer: string, syn: SynMessage): Promise<void> {
    const { transport } = this.options;
    let ack: AckMessage;
    try {
      ack = await transport.syn(peer, syn);
    } catch {
      return; // A down peer is normal.
    }
    if (!this.running) return;
    // Transports decoding proto3 may omit empty repeated fields.
    this.applyRemote(ack.states ?? []);
    const states = statesForRequests(this.endpointStates, ack.requests ?? []);
    if (states.length > 0) await transport.ack2(peer, { states }).catch(() => undefined);
  }

  private statusCheck(): void {
    const nowMs = this.options.clock.nowMs();
    this.fd.tick(nowMs);
    for (const endpoint of [...this.live]) {
      if (this.fd.interpret(endpoint, nowMs)) this.markDead(endpoint);
    }
    for (const [endpoint, untilMs] of this.quarantine) if (untilMs <= nowMs) this.quarantine.delete(endpoint);
  }

  /** Merges gossiped states, then updates liveness: a heartbeat that moved is proof of life. */
  private applyRemote(remote: readonly GossipEndpointState[]): void {
    const nowMs = this.options.clock.nowMs();
    const before = this.endpointStates;
    const accepted = remote.filter((s) => {
      if (s.endpoint === this.self || this.isQuarantined(s.endpoint, nowMs)) return false;
      const known = before.get(s.endpoint);
      return known === undefined || s.generation <= known.generation + MAX_GENERATION_JUMP_SECONDS;
    });
    if (accepted.length === 0) return;
    const { states, events } = mergeStates(before, accepted);
    this.endpointStates = states;
    for (const event of events) {
      if (event.type === 'change') this.emitter.emit('change', event.endpoint, event.key, event.value);
      else this.emitter.emit(event.type, event.endpoint, event.state);
    }
    for (const endpoint of new Set(accepted.map((s) => s.endpoint))) {
      const old = before.get(endpoint);
      const state = states.get(endpoint)!;
      if (old === undefined) {
        // Possibly stale news relayed by a third node: alive only once its heartbeat moves.
        this.fd.report(endpoint, nowMs);
        this.unreachable.add(endpoint);
        continue;
      }
      const advanced = state.generation > old.generation || state.heartbeatVersion > old.heartbeatVersion;
      if (advanced) this.fd.report(endpoint, nowMs);
      if (isDeadState(state)) this.markDead(endpoint);
      else if (advanced) this.markAlive(endpoint);
    }
  }

  private markAlive(endpoint: string): void {
    if (this.live.has(endpoint)) return;
    this.unreachable.delete(endpoint);
    this.live.add(endpoint);
    this.emitter.emit('alive', endpoint, this.endpointStates.get(endpoint)!);
  }

  private markDead(endpoint: string): void {
    const wasLive = this.live.delete(endpoint);
    this.unreachable.add(endpoint);
    if (wasLive) this.emitter.emit('dead', endpoint, this.endpointStates.get(endpoint)!);
  }

  private bumpHeartbeat(): void {
    const state = this.endpointStates.get(this.self)!;
    this.putSelf({ ...state, heartbeatVersion: ++this.version });
  }

  private putSelf(state: EndpointState): void {
    this.endpointStates = new Map(this.endpointStates).set(this.self, state);
  }

  private isQuarantined(endpoint: string, nowMs: number): boolean {
    const untilMs = this.quarantine.get(endpoint);
    return untilMs !== undefined && untilMs > nowMs;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.options.random.next() * items.length)]!;
  }

  private shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.options.random.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}
