import { loadProtos, rpcMethod, type RpcMethod } from './load-protos.js';
import {
  decodeAckResponse,
  decodeEchoResponse,
  type Ack2Request,
  type Ack2Response,
  type AckResponse,
  type EchoResponse,
  type SchemaResponse,
  type SynRequest,
} from './messages/gossip.js';
import { PeerChannel, type PeerChannelOptions } from './peer-channel.js';
import type { CallOptions } from './remote-replica.js';
import { identity } from './service-handlers.js';

export interface GossipClientOptions extends PeerChannelOptions {
  /** Default deadline of every call; default 2000. */
  deadlineMs?: number;
}

/** A peer's Gossip service. Calls reject only with ClusterError. */
export class GossipClient {
  readonly address: string;
  private readonly channel: PeerChannel;
  private readonly ownsChannel: boolean;
  private readonly deadlineMs: number;
  private readonly methods: Record<'syn' | 'ack2' | 'echo' | 'pullSchema' | 'pushSchema', RpcMethod>;

  constructor(peer: PeerChannel | string, options: GossipClientOptions = {}) {
    this.ownsChannel = typeof peer === 'string';
    this.channel = typeof peer === 'string' ? new PeerChannel(peer, options) : peer;
    this.address = this.channel.address;
    this.deadlineMs = options.deadlineMs ?? 2000;
    const service = loadProtos().gossip;
    this.methods = {
      syn: rpcMethod(service, 'Syn'),
      ack2: rpcMethod(service, 'Ack2'),
      echo: rpcMethod(service, 'Echo'),
      pullSchema: rpcMethod(service, 'PullSchema'),
      pushSchema: rpcMethod(service, 'PushSchema'),
    };
  }

  async syn(request: SynRequest, options?: CallOptions): Promise<AckResponse> {
    return this.channel.unary(this.methods.syn, request, options?.deadlineMs ?? this.deadlineMs, decodeAckResponse);
  }

  async ack2(request: Ack2Request, options?: CallOptions): Promise<Ack2Response> {
    return this.channel.unary(this.methods.ack2, request, options?.deadlineMs ?? this.deadlineMs, () => ({}));
  }

  async echo(options?: CallOptions): Promise<EchoResponse> {
    return this.channel.unary(this.methods.echo, {}, options?.deadlineMs ?? this.deadlineMs, decodeEchoResponse);
  }

  async pullSchema(options?: CallOptions): Promise<SchemaResponse> {
    return this.channel.unary(this.methods.pullSchema, {}, options?.deadlineMs ?? this.deadlineMs, identity<SchemaResponse>);
  }

  async pushSchema(schema: SchemaResponse, options?: CallOptions): Promise<Ack2Response> {
    return this.channel.unary(this.methods.pushSchema, schema, options?.deadlineMs ?? this.deadlineMs, () => ({}));
  }

  close(): void {
    if (this.ownsChannel) this.channel.close();
  }
}
