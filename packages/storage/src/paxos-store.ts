import type { Mutation, PrimaryKey } from '@dynaring/core';
import { encodeDataKey, tablePrefix, prefixEnd } from './key-codec.js';
import { decodeMutation, encodeMutation } from './mutation-codec.js';
import { PaxosGroupCommit, type PaxosBatchTarget } from './paxos-group-commit.js';
import { PaxosStateCache } from './paxos-state-cache.js';
import { ReadBatcher, type ManyGetter } from './read-batcher.js';

/*
 * Storage knows nothing of Paxos, so the shapes below mirror @dynaring/paxos's PaxosKey and
 * PaxosState structurally: `PaxosStore` is a `PaxosStateStore` without importing it.
 */

export interface PaxosStoreKey {
  tableId: string;
  token: bigint;
  key: PrimaryKey;
}

export interface StoredBallot {
  timestampMicros: number;
  nodeId: string;
}

export interface StoredProposal {
  ballot: StoredBallot;
  mutation: Mutation;
}

export interface StoredPaxosState {
  promised: StoredBallot | null;
  accepted: StoredProposal | null;
  mostRecentCommit: StoredProposal | null;
  committed: StoredBallot | null;
}

/**
 * Per-item Paxos state in the `paxos` system sublevel (Cassandra's `system.paxos`). Keys are
 * the item's data key in hex, so one table's (and one token range's) states are contiguous,
 * as repair and streaming will want them. Writes are synced by default: Scylla writes LWT state
 * with a synchronous commit log, because an acceptor that forgets a promise after a power
 * loss can let two different values be chosen. Puts issued together share one synced batch
 * (paxos-group-commit.ts), reads issued together share one `getMany`, and states just
 * written are read back from memory.
 */
export interface PaxosStore {
  get(key: PaxosStoreKey): Promise<StoredPaxosState | undefined>;
  /**
   * Resolves once the state is durable (with `sync`), or only written when `durable` is false:
   * for a state whose loss in a crash is harmless.
   */
  put(key: PaxosStoreKey, state: StoredPaxosState, options?: { durable: boolean }): Promise<void>;
  /** Forgets every state of a dropped table. */
  dropTable(tableId: string): Promise<void>;
  /** Refuses new puts and resolves once the queued ones are written and the reads answered. */
  close(): Promise<void>;
}

/** The part of a `level` sublevel (utf8 keys and values) the store uses. */
export interface PaxosSublevel extends PaxosBatchTarget, ManyGetter<string> {
  clear(range: { gte: string; lt: string }): Promise<void>;
}

/** Stored form: JSON with each mutation in mutation-codec's form (bigint token as a string). */
interface EncodedState {
  promised: StoredBallot | null;
  accepted: EncodedProposal | null;
  mostRecentCommit: EncodedProposal | null;
  committed: StoredBallot | null;
}

interface EncodedProposal {
  ballot: StoredBallot;
  mutation: string;
}

export function paxosStore(sublevel: PaxosSublevel, options: { sync: boolean } = { sync: true }): PaxosStore {
  const writes = new PaxosGroupCommit(sublevel, options);
  const reads = new ReadBatcher<string>(sublevel);
  const cache = new PaxosStateCache<StoredPaxosState>();
  return {
    async get(key) {
      const id = storeKey(key);
      const cached = cache.get(id);
      if (cached !== undefined) return cached;
      const text = await reads.get(id);
      return text === undefined ? undefined : decodeState(text);
    },
    async put(key, state, putOptions) {
      const id = storeKey(key);
      // Until the new state is written a reader must see the old one, from disk.
      cache.delete(id);
      await writes.put(id, encodeState(state), putOptions?.durable ?? true);
      cache.set(id, state);
    },
    dropTable: (tableId) => {
      const prefix = tablePrefix(tableId);
      cache.deletePrefix(prefix.toString('hex'));
      return sublevel.clear({ gte: prefix.toString('hex'), lt: prefixEnd(prefix).toString('hex') });
    },
    close: async () => {
      await Promise.all([writes.close(), reads.drain()]);
    },
  };
}

// Hex keeps byte order (each byte becomes two digits of the same order), so data-key order.
function storeKey(key: PaxosStoreKey): string {
  return encodeDataKey(key.tableId, key.token, key.key).toString('hex');
}

function encodeState(state: StoredPaxosState): string {
  const encoded: EncodedState = {
    promised: state.promised,
    accepted: encodeProposal(state.accepted),
    mostRecentCommit: encodeProposal(state.mostRecentCommit),
    committed: state.committed,
  };
  return JSON.stringify(encoded);
}

function decodeState(text: string): StoredPaxosState {
  const encoded = JSON.parse(text) as EncodedState;
  return {
    promised: encoded.promised,
    accepted: decodeProposal(encoded.accepted),
    mostRecentCommit: decodeProposal(encoded.mostRecentCommit),
    committed: encoded.committed,
  };
}

function encodeProposal(proposal: StoredProposal | null): EncodedProposal | null {
  return proposal && { ballot: { timestampMicros: proposal.ballot.timestampMicros, nodeId: proposal.ballot.nodeId }, mutation: encodeMutation(proposal.mutation) };
}

function decodeProposal(encoded: EncodedProposal | null): StoredProposal | null {
  return encoded && { ballot: encoded.ballot, mutation: decodeMutation(encoded.mutation) };
}
