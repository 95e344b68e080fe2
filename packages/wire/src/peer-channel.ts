import { Client, credentials, type ChannelOptions, type ClientDuplexStream, type ClientReadableStream, type Interceptor } from '@grpc/grpc-js';
import { MAX_MESSAGE_BYTES } from './grpc-server.js';
import type { RpcMethod } from './load-protos.js';
import { callError } from './status-mapping.js';

export interface PeerChannelOptions {
  /** grpc-js channel options, over our defaults (message size, reconnect backoff). */
  channelOptions?: ChannelOptions;
  /** Client interceptors, e.g. fault injection in tests. */
  interceptors?: Interceptor[];
}

const DEFAULT_CHANNEL_OPTIONS: ChannelOptions = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  // grpc's default backoff grows to two minutes; a peer that comes back must be reachable
  // again within a few gossip rounds.
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 5000,
};

/**
 * One HTTP/2 channel to one peer ("host:port"), shared by every service client of that peer.
 * Calls go by method path, so a single channel serves replica, gossip and admin alike. Calls
 * never wait for a connection (no wait-for-ready): a peer that is down fails fast with
 * CLUSTER_UNAVAILABLE instead of holding the call until its deadline.
 */
export class PeerChannel {
  private readonly client: Client;

  constructor(
    readonly address: string,
    options: PeerChannelOptions = {},
  ) {
    this.client = new Client(address, credentials.createInsecure(), {
      ...DEFAULT_CHANNEL_OPTIONS,
      ...options.channelOptions,
      ...(options.interceptors ? { interceptors: options.interceptors } : {}),
    });
  }

  /** One request, one response, within `deadlineMs`; rejects with a ClusterError only. */
  unary<Raw, Res>(method: RpcMethod, request: object, deadlineMs: number, decode: (raw: Raw) => Res): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const fail = (err: unknown): void => reject(callError(err, this.address));
      try {
        this.client.makeUnaryRequest(
          method.path,
          method.requestSerialize,
          method.responseDeserialize,
          request,
          { deadline: Date.now() + deadlineMs },
          (err, raw) => {
            if (err) return fail(err);
            try {
              resolve(decode(raw as Raw));
            } catch (decodeErr) {
              fail(decodeErr);
            }
          },
        );
      } catch (err) {
        // A closed channel throws synchronously.
        fail(err);
      }
    });
  }

  /**
   * A server stream as an async iterable; `deadlineMs` bounds the whole stream (none by
   * default: a decommission may take hours). Breaking out of the loop cancels the call.
   */
  async *serverStream<Raw, Msg>(
    method: RpcMethod,
    request: object,
    decode: (raw: Raw) => Msg,
    deadlineMs?: number,
  ): AsyncGenerator<Msg, void, undefined> {
    let call: ClientReadableStream<object>;
    try {
      call = this.client.makeServerStreamRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        request,
        deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs },
      );
    } catch (err) {
      throw callError(err, this.address);
    }
    let done = false;
    try {
      for await (const raw of call) yield decode(raw as Raw);
      done = true;
    } catch (err) {
      done = true;
      throw callError(err, this.address);
    } finally {
      if (!done) call.cancel();
    }
  }

  /** A bidirectional stream without deadline; its owner times out each exchange itself. */
  duplexStream(method: RpcMethod): ClientDuplexStream<object, object> {
    return this.client.makeBidiStreamRequest(method.path, method.requestSerialize, method.responseDeserialize);
  }

  /** Closes the channel; calls in flight fail with CLUSTER_UNAVAILABLE. */
  close(): void {
    this.client.close();
  }
}
