import { ClusterError } from '@dynaring/core';

const PREFIX = 'com.amazonaws.dynamodb.v20120810#';

/**
 * An error as DynamoDB reports it: the `__type` name (without the namespace), the HTTP
 * status and the exact message. `extra` holds additional top-level response fields (e.g.
 * `Item` for ConditionalCheckFailedException, `CancellationReasons`).
 */
export class DynamoApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly httpStatus = 400,
    readonly extra: Record<string, unknown> = {},
    /** Some errors come from the coral namespace rather than DynamoDB's. */
    readonly namespace = PREFIX,
  ) {
    super(message);
    this.name = 'DynamoApiError';
  }

  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = { __type: this.namespace + this.type };
    // Coral's serialization errors spell the field "Message"; an empty message is omitted.
    if (this.message) body[this.type === 'SerializationException' ? 'Message' : 'message'] = this.message;
    return Object.assign(body, this.extra);
  }
}

export const validation = (message: string) => new DynamoApiError('ValidationException', message);
export const resourceNotFound = (message = 'Requested resource not found') =>
  new DynamoApiError('ResourceNotFoundException', message);
export const resourceInUse = (message: string) => new DynamoApiError('ResourceInUseException', message);
export const conditionalCheckFailed = (item?: Record<string, unknown>) =>
  new DynamoApiError('ConditionalCheckFailedException', 'The conditional request failed', 400, item ? { Item: item } : {});
export const serialization = (message: string) =>
  new DynamoApiError('SerializationException', message, 400, {}, 'com.amazon.coral.service#');
export const unknownOperation = () =>
  new DynamoApiError('UnknownOperationException', '', 400, {}, 'com.amazon.coral.service#');
export const internal = (message = 'Internal server error') =>
  new DynamoApiError('InternalServerError', message, 500);
export const throttled = (message = 'Rate of requests exceeds the allowed throughput.') =>
  new DynamoApiError('ThrottlingException', message, 400, {}, 'com.amazon.coral.availability#');

/** The one mapping from cluster errors to what a DynamoDB client sees. */
export function fromClusterError(err: ClusterError): DynamoApiError {
  switch (err.code) {
    case 'TABLE_NOT_FOUND':
      return resourceNotFound(err.message);
    case 'TABLE_EXISTS':
    case 'TABLE_IN_USE':
      return resourceInUse(err.message);
    case 'CLUSTER_OVERLOADED':
      return throttled();
    case 'CLUSTER_UNAVAILABLE':
    case 'CLUSTER_TIMEOUT':
    case 'STORAGE_NOT_OPEN':
    case 'STORAGE_CORRUPTION':
      return internal(err.message);
  }
}
