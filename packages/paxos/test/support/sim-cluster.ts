import { mergeRecords, mutationAsRecord, type ItemRecord, type Mutation, type PrimaryKey } from '@dynaring/core';
import { PaxosAcceptor, paxosKeyId, type AcceptorApi, type PaxosItemStore, type PaxosKey, type PaxosState, type PaxosStateStore } from '../../src/index.js';
import type { SimClock } from './sim-clock.js';
import type { seededRandom } from './seeded-random.js';

type SimRandom = ReturnType<typeof seededRandom>;

/** Paxos state in memory, copied in and out as a disk would. */
export class MemoryPaxosStore implements PaxosStateStore {
  readonly states = new Map<string, PaxosState>();

  async get(key: PaxosKey): Promise<PaxosState | undefined> {
    const state = this.states.get(paxosKeyId(key));
    return state && structuredClone(state);
  }

  async put(key: PaxosKey, state: PaxosState): Promise<void> {
    this.states.set(paxosKeyId(key), structuredClone(state));
  }
}

/** Items in memory, merged by last-write-wins as storage does. */
export class MemoryItemStore implements PaxosItemStore {
  readonly records = new Map<string, ItemRecord>();

  async read(tableId: string, token: bigint, key: PrimaryKey): Promise<ItemRecord | null> {
    const record = this.records.get(paxosKeyId({ tableId, token, key }));
    return record ? structuredClone(record) : null;
  }

  async apply(mutation: Mutation): Promise<void> {
    const id = paxosKeyId(mutation);
    this.records.set(id, mergeRecords(this.records.get(id), mutationAsRecord(structuredClone(mutation))));
  }
}

export interface SimNetworkOptions {
  minDelayMs: number;
  maxDelayMs: number;
  /** Chance that a request, or separately its answer, is lost. */
  dropRate: number;
  /** Longest a store read or write takes: lets a crash fall between two of them. */
  maxDiskDelayMs: number;
}

/**
 * One replica in a simulation: durable stores that outlive crashes and an acceptor process
 * that does not. A crash stops the process at once: its pending disk writes never happen and
 * it answers nothing more; a restart builds a new acceptor over what the disk holds.
 */
export class SimReplica {
  readonly paxos = new MemoryPaxosStore();
  readonly items = new MemoryItemStore();
  up = true;
  crashes = 0;
  private incarnation = 0;
  private acceptor: PaxosAcceptor;

  constructor(
    readonly name: string,
    private readonly clock: SimClock,
    private readonly random: SimRandom,
    private readonly options: SimNetworkOptions,
  ) {
    this.acceptor = this.boot();
  }

  crash(): void {
    if (!this.up) return;
    this.up = false;
    this.crashes++;
    this.incarnation++;
  }

  restart(): void {
    if (this.up) return;
    this.up = true;
    this.acceptor = this.boot();
  }

  /** Runs a message on the current process; undefined when it died before answering. */
  async handle<R>(call: (acceptor: AcceptorApi) => Promise<R>): Promise<{ value: R } | { error: unknown } | undefined> {
    if (!this.up) return undefined;
    const incarnation = this.incarnation;
    let outcome: { value: R } | { error: unknown };
    try {
      outcome = { value: await call(this.acceptor) };
    } catch (error) {
      outcome = { error };
    }
    return incarnation === this.incarnation ? outcome : undefined;
  }

  private boot(): PaxosAcceptor {
    const incarnation = this.incarnation;
    // Each disk access takes a while and is refused once the process that issued it died.
    const disk = async <T>(io: () => Promise<T>): Promise<T> => {
      const delayMs = this.random.int(0, this.options.maxDiskDelayMs);
      if (delayMs > 0) await new Promise<void>((resolve) => this.clock.setTimeout(resolve, delayMs));
      if (incarnation !== this.incarnation) throw new Error(`${this.name} crashed`);
      return io();
    };
    const paxos: PaxosStateStore = { get: (k) => disk(() => this.paxos.get(k)), put: (k, s) => disk(() => this.paxos.put(k, s)) };
    const items: PaxosItemStore = {
      read: (t, tok, k) => disk(() => this.items.read(t, tok, k)),
      apply: (m) => disk(() => this.items.apply(m)),
    };
    return new PaxosAcceptor(paxos, items);
  }
}

/**
 * Links between proposers and replicas: every message is copied (as if serialised), delayed
 * at random, possibly lost, so messages overtake each other; a lost one is never answered.
 */
export class SimNetwork {
  constructor(
    private readonly clock: SimClock,
    private readonly random: SimRandom,
    public options: SimNetworkOptions,
  ) {}

  link(replica: SimReplica): AcceptorApi {
    return {
      prepare: (key, ballot) => this.send(replica, (a) => a.prepare(structuredClone(key), structuredClone(ballot))),
      propose: (key, proposal) => this.send(replica, (a) => a.propose(structuredClone(key), structuredClone(proposal))),
      commit: (key, proposal) => this.send(replica, (a) => a.commit(structuredClone(key), structuredClone(proposal))),
      prune: (key, ballot) => this.send(replica, (a) => a.prune(structuredClone(key), structuredClone(ballot))),
    };
  }

  private send<R>(replica: SimReplica, call: (acceptor: AcceptorApi) => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.random.chance(this.options.dropRate)) return;
      this.clock.setTimeout(() => {
        void replica.handle(call).then((outcome) => {
          if (outcome === undefined || this.random.chance(this.options.dropRate)) return;
          this.clock.setTimeout(() => {
            if ('value' in outcome) resolve(structuredClone(outcome.value));
            else reject(outcome.error);
          }, this.delay());
        });
      }, this.delay());
    });
  }

  private delay(): number {
    return this.random.int(this.options.minDelayMs, this.options.maxDelayMs);
  }
}
