/**
 * A message that decoded as protobuf but does not make sense (a token that is not a signed
 * 64-bit decimal, a value that is not DynamoDB JSON, a missing key). A server answers it with
 * INVALID_ARGUMENT; nothing a peer sends may take the process down.
 */
export class MalformedMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedMessageError';
  }
}
