import type { handleServerStreamingCall, handleUnaryCall, ServerUnaryCall, ServerWritableStream, sendUnaryData } from '@grpc/grpc-js';
import { MalformedMessageError } from './malformed-message-error.js';
import { errorToStatus } from './status-mapping.js';

// Adapters from plain async handlers to grpc-js call handlers. Every failure, including one
// thrown synchronously or while decoding the request, becomes a status: a peer's message can
// fail its own call but never the process.

function decodeOrReject<Raw, Req>(decode: (raw: Raw) => Req, raw: Raw): Req {
  try {
    return decode(raw);
  } catch (err) {
    throw err instanceof MalformedMessageError ? err : new MalformedMessageError(`malformed request: ${String(err)}`, { cause: err });
  }
}

export function unaryHandler<Raw, Req, Res>(
  decode: (raw: Raw) => Req,
  handle: (request: Req) => Promise<Res>,
  encode: (response: Res) => object,
): handleUnaryCall<object, object> {
  return (call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>) => {
    let pending: Promise<Res>;
    try {
      pending = handle(decodeOrReject(decode, call.request as Raw));
    } catch (err) {
      callback(errorToStatus(err));
      return;
    }
    pending.then(
      (response) => {
        let message: object;
        try {
          message = encode(response);
        } catch (err) {
          callback(errorToStatus(err));
          return;
        }
        callback(null, message);
      },
      (err: unknown) => callback(errorToStatus(err)),
    );
  };
}

export function serverStreamHandler<Raw, Req, Msg extends object>(
  decode: (raw: Raw) => Req,
  handle: (request: Req, emit: (message: Msg) => void) => Promise<void>,
): handleServerStreamingCall<object, object> {
  return (call: ServerWritableStream<object, object>) => {
    let finished = false;
    const fail = (err: unknown): void => {
      if (finished) return;
      finished = true;
      call.emit('error', errorToStatus(err));
    };
    // The operation goes on if the caller leaves (a decommission must not stop half way).
    const emit = (message: Msg): void => {
      if (!finished && !call.cancelled) call.write(message);
    };
    let pending: Promise<void>;
    try {
      pending = handle(decodeOrReject(decode, call.request as Raw), emit);
    } catch (err) {
      fail(err);
      return;
    }
    pending.then(() => {
      if (finished) return;
      finished = true;
      call.end();
    }, fail);
  };
}

export function identity<T>(value: T): T {
  return value;
}
