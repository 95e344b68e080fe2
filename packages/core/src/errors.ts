export type ClusterErrorCode =
  | 'CLUSTER_UNAVAILABLE'
  | 'CLUSTER_TIMEOUT'
  | 'CLUSTER_OVERLOADED'
  | 'STORAGE_NOT_OPEN'
  | 'STORAGE_CORRUPTION'
  | 'TABLE_NOT_FOUND'
  | 'TABLE_EXISTS'
  | 'TABLE_IN_USE';

/** An error inside the cluster, identified by a stable code; mapped to DynamoDB at the edge. */
export class ClusterError extends Error {
  constructor(
    readonly code: ClusterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ClusterError';
  }
}
