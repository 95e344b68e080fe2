import type { ClientDuplexStream } from '@grpc/grpc-js';
import { ClusterError } from '@dynaring/core';
import type { RpcMethod } from './load-protos.js';
import type { PeerChannel } from './peer-channel.js';
import type { ReplicaEnvelopeMessage, ReplicaReplyMessage } from './messages/replica.js';
import { callError } from './status-mapping.js';

interface Waiting {
  resolve: (reply: ReplicaReplyMessage) => void;
  reject: (err: unknown) => void;
  timer: NodeJS.Timeout;
}

/**
 * The replica Exchange stream to one peer: envelopes go out on one long-lived gRPC stream
 * and replies are matched by id. Each exchange has its own deadline. When the stream breaks,
 * every exchange waiting on it fails with CLUSTER_UNAVAILABLE and the next one opens a new
 * stream.
 */
export class ReplicaStream {
  private call: ClientDuplexStream<object, object> | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(
    private readonly channel: PeerChannel,
    private readonly method: RpcMethod,
  ) {}

  exchange(body: Omit<ReplicaEnvelopeMessage, 'id'>, deadlineMs: number): Promise<ReplicaReplyMessage> {
    return new Promise((resolve, reject) => {
      const id = this.nextId;
      // uint32 on the wire; an id comes back around only after 4 billion exchanges.
      this.nextId = id === 0xffffffff ? 1 : id + 1;
      let call: ClientDuplexStream<object, object>;
      try {
        call = this.open();
      } catch (err) {
        reject(callError(err, this.channel.address));
        return;
      }
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new ClusterError('CLUSTER_TIMEOUT', `${this.channel.address}: no reply within ${deadlineMs} ms`));
      }, deadlineMs);
      this.waiting.set(id, { resolve, reject, timer });
      call.write({ id, ...body });
    });
  }

  close(): void {
    this.call?.cancel();
    this.fail(new ClusterError('CLUSTER_UNAVAILABLE', `${this.channel.address}: replica stream closed`));
  }

  private open(): ClientDuplexStream<object, object> {
    if (this.call) return this.call;
    const call = this.channel.duplexStream(this.method);
    this.call = call;
    call.on('data', (raw: ReplicaReplyMessage) => {
      const id = raw.id;
      const entry = this.waiting.get(id);
      if (!entry) return; // timed out already
      this.waiting.delete(id);
      clearTimeout(entry.timer);
      entry.resolve(raw);
    });
    const broken = (err?: unknown) => {
      if (this.call !== call) return;
      this.call = undefined;
      this.fail(err ? callError(err, this.channel.address) : new ClusterError('CLUSTER_UNAVAILABLE', `${this.channel.address}: replica stream ended`));
    };
    call.on('error', (err) => broken(err));
    call.on('end', () => broken());
    return call;
  }

  private fail(err: unknown): void {
    for (const [id, entry] of this.waiting) {
      clearTimeout(entry.timer);
      this.waiting.delete(id);
      entry.reject(err);
    }
  }
}
