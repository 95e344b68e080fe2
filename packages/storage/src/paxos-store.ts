import type { Mutation, PrimaryKey } from '@dynaring/core';
import { encodeDataKey, tablePrefix, prefixEnd } from './key-codec.js';
import { decodeMutation, encodeMutation } from './mutation-codec.js';

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
 * loss can let two different values be chosen.
 */
export interface PaxosStore {
  get(key: PaxosStoreKey): Promise<StoredPaxosState | undefined>;
  put(key: PaxosStoreKey, state: StoredPaxosState): Promise<void>;
  /** Forgets every state of a dropped table. */
  dropTable(tableId: string): Promise<void>;
}

/** The part of a `level` sublevel (utf8 keys and values) the store uses. */
export interface PaxosSublevel {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string, options: { sync: boolean }): Promise<void>;
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
  return {
    async get(key) {
      const text = await sublevel.get(storeKey(key));
      return text === undefined ? undefined : decodeState(text);
    },
    put: (key, state) => sublevel.put(storeKey(key), encodeState(state), options),
    dropTable: (tableId) => {
      const prefix = tablePrefix(tableId);
      return sublevel.clear({ gte: prefix.toString('hex'), lt: prefixEnd(prefix).toString('hex') });
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
