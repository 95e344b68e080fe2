import { canonicalJson } from '@dynaring/core';
import type { PaxosKey } from './paxos-types.js';

/** A string naming the key's item, equal for equal keys whatever their property order. */
export function paxosKeyId(key: PaxosKey): string {
  return key.tableId + '\u0000' + String(key.token) + '\u0000' + canonicalJson(key.key);
}

/** True when the mutation writes the key's item: an acceptor refuses to apply any other. */
export function sameItem(key: PaxosKey, other: PaxosKey): boolean {
  return key.tableId === other.tableId && key.token === other.token && canonicalJson(key.key) === canonicalJson(other.key);
}
