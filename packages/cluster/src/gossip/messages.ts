import type { EndpointState } from './endpoint-state.js';

/** Sent in every SYN; a node refuses gossip from a cluster using another partitioner. */
export const PARTITIONER_NAME = 'org.apache.cassandra.dht.Murmur3Partitioner';

/** (endpoint, generation, maxVersion): what a node knows of one endpoint, in summary. */
export interface GossipDigest {
  endpoint: string;
  generation: number;
  maxVersion: number;
}

/** An endpoint state on the wire (gossip.proto's EndpointState). */
export interface GossipEndpointState extends EndpointState {
  readonly endpoint: string;
}

export interface SynMessage {
  clusterName: string;
  partitioner: string;
  digests: GossipDigest[];
}

export interface AckMessage {
  /** Digests of endpoints the receiver wants state newer than `maxVersion` for. */
  requests: GossipDigest[];
  /** States the receiver has that are newer than the initiator's digests. */
  states: GossipEndpointState[];
}

export interface Ack2Message {
  states: GossipEndpointState[];
}

/** How a Gossiper reaches its peers; failures (down peer, timeout) are expected and swallowed. */
export interface GossipTransport {
  syn(to: string, message: SynMessage): Promise<AckMessage>;
  ack2(to: string, message: Ack2Message): Promise<void>;
}

/** A SYN refused: another cluster or partitioner. */
export class GossipRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GossipRejectedError';
  }
}
