import { ClusterError, type ClusterErrorCode } from '@dynaring/core';
import type { EntryError } from './replica-json.js';
import type { ReplicaReplyMessage } from './messages/replica.js';

/** The ClusterError codes a peer's reply carries across as they are; any other becomes CLUSTER_UNAVAILABLE. */
export const FORWARDED_ERROR_CODES: readonly ClusterErrorCode[] = [
  'CLUSTER_UNAVAILABLE',
  'CLUSTER_TIMEOUT',
  'CLUSTER_OVERLOADED',
  'STORAGE_NOT_OPEN',
  'STORAGE_CORRUPTION',
  'TABLE_NOT_FOUND',
  'TABLE_EXISTS',
  'TABLE_IN_USE',
];

const CLUSTER_ERROR_CODES: ReadonlySet<string> = new Set(FORWARDED_ERROR_CODES);

/** One entry's failure inside a batch, rebuilt as the ClusterError the peer reported. */
export function entryToClusterError(error: EntryError, address: string): ClusterError {
  const code = CLUSTER_ERROR_CODES.has(error.code) ? (error.code as ClusterErrorCode) : 'CLUSTER_UNAVAILABLE';
  return new ClusterError(code, error.message || `${address} failed with ${code}`);
}

/** The JSON body of an Exchange reply, or the error the peer answered the whole envelope with. */
export function replyJson<T>(reply: ReplicaReplyMessage, address: string): T {
  if (reply.errorCode) throw entryToClusterError({ code: reply.errorCode, message: reply.errorMessage }, address);
  try {
    return JSON.parse(reply.json) as T;
  } catch {
    throw new ClusterError('CLUSTER_UNAVAILABLE', `${address}: malformed replica reply`);
  }
}
