import { AdminClient, type AdminClientOptions } from './admin-client.js';
import { GossipClient, type GossipClientOptions } from './gossip-client.js';
import { PeerChannel, type PeerChannelOptions } from './peer-channel.js';
import { RemoteReplica, type RemoteReplicaOptions } from './remote-replica.js';

export interface ChannelPoolOptions {
  channel?: PeerChannelOptions;
  replica?: Omit<RemoteReplicaOptions, keyof PeerChannelOptions>;
  gossip?: Omit<GossipClientOptions, keyof PeerChannelOptions>;
  admin?: Omit<AdminClientOptions, keyof PeerChannelOptions>;
}

interface Peer {
  channel: PeerChannel;
  replica?: RemoteReplica;
  gossip?: GossipClient;
  admin?: AdminClient;
}

/**
 * One channel per peer address ("host:port") and one client of each service on it, made on
 * first use. Invariant: every channel in `peers` is open; a closed one is removed first.
 */
export class ChannelPool {
  private readonly peers = new Map<string, Peer>();

  constructor(private readonly options: ChannelPoolOptions = {}) {}

  private peer(address: string): Peer {
    let peer = this.peers.get(address);
    if (!peer) {
      peer = { channel: new PeerChannel(address, this.options.channel) };
      this.peers.set(address, peer);
    }
    return peer;
  }

  channel(address: string): PeerChannel {
    return this.peer(address).channel;
  }

  replica(address: string): RemoteReplica {
    const peer = this.peer(address);
    return (peer.replica ??= new RemoteReplica(peer.channel, this.options.replica));
  }

  gossip(address: string): GossipClient {
    const peer = this.peer(address);
    return (peer.gossip ??= new GossipClient(peer.channel, this.options.gossip));
  }

  admin(address: string): AdminClient {
    const peer = this.peer(address);
    return (peer.admin ??= new AdminClient(peer.channel, this.options.admin));
  }

  /** Closes one peer's channel (a node that left); a later call opens a new one. */
  closePeer(address: string): void {
    const peer = this.peers.get(address);
    if (!peer) return;
    this.peers.delete(address);
    peer.channel.close();
  }

  /** Addresses with an open channel. */
  addresses(): string[] {
    return [...this.peers.keys()];
  }

  close(): void {
    for (const peer of this.peers.values()) peer.channel.close();
    this.peers.clear();
  }
}
