import { Metadata, status, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { ClusterError, type ClusterErrorCode } from '@dynaring/core';
import { MalformedMessageError } from './malformed-message-error.js';

/** Trailing metadata that carries a ClusterError's code across the wire. */
export const ERROR_CODE_METADATA_KEY = 'x-error-code';

// Exhaustive on purpose: a new ClusterErrorCode fails the build here until it has a status.
const STATUS_OF_CODE: Record<ClusterErrorCode, status> = {
  CLUSTER_UNAVAILABLE: status.UNAVAILABLE,
  CLUSTER_TIMEOUT: status.DEADLINE_EXCEEDED,
  CLUSTER_OVERLOADED: status.RESOURCE_EXHAUSTED,
  STORAGE_NOT_OPEN: status.UNAVAILABLE,
  STORAGE_CORRUPTION: status.DATA_LOSS,
  TABLE_NOT_FOUND: status.NOT_FOUND,
  TABLE_EXISTS: status.ALREADY_EXISTS,
  TABLE_IN_USE: status.FAILED_PRECONDITION,
};

function isClusterErrorCode(code: string): code is ClusterErrorCode {
  return Object.prototype.hasOwnProperty.call(STATUS_OF_CODE, code);
}

/** The status a server answers with when a handler (or decoding its request) fails. */
export function errorToStatus(err: unknown): Partial<StatusObject> {
  if (err instanceof ClusterError) {
    const metadata = new Metadata();
    metadata.set(ERROR_CODE_METADATA_KEY, err.code);
    return { code: STATUS_OF_CODE[err.code], details: err.message, metadata };
  }
  if (err instanceof MalformedMessageError) return { code: status.INVALID_ARGUMENT, details: err.message };
  return { code: status.INTERNAL, details: err instanceof Error ? err.message : String(err) };
}

export function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && typeof (err as Partial<ServiceError>).code === 'number' && 'metadata' in err;
}

/**
 * The error a client call rejects with. A ClusterError sent by the peer comes back with its
 * code and message; a local deadline is CLUSTER_TIMEOUT; anything else (refused connection,
 * reset, a peer failing with a non-cluster error) is CLUSTER_UNAVAILABLE: for quorum purposes
 * the replica did not answer. The grpc error stays available as `cause`.
 */
export function statusToError(err: ServiceError, address: string): ClusterError {
  const sent = err.metadata?.get(ERROR_CODE_METADATA_KEY)[0];
  if (typeof sent === 'string' && isClusterErrorCode(sent)) {
    return new ClusterError(sent, err.details, { cause: err });
  }
  if (err.code === status.DEADLINE_EXCEEDED) {
    return new ClusterError('CLUSTER_TIMEOUT', `${address}: deadline exceeded`, { cause: err });
  }
  return new ClusterError('CLUSTER_UNAVAILABLE', `${address}: ${status[err.code] ?? err.code}: ${err.details}`, {
    cause: err,
  });
}

/** Any failure of a client call as a ClusterError. */
export function callError(err: unknown, address: string): ClusterError {
  if (err instanceof ClusterError) return err;
  if (isServiceError(err)) return statusToError(err, address);
  if (err instanceof MalformedMessageError) {
    return new ClusterError('CLUSTER_UNAVAILABLE', `${address}: malformed response: ${err.message}`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ClusterError('CLUSTER_UNAVAILABLE', `${address}: ${message}`, { cause: err });
}
