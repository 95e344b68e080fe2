import { int64, mapValues, type Wire } from './wire-shape.js';

// The messages of gossip.proto in camelCase; int64 fields are numbers (generations are
// seconds, versions are counters: far below 2^53).

export interface GossipDigest {
  endpoint: string;
  generation: number;
  maxVersion: number;
}

export interface VersionedValue {
  value: string;
  version: number;
}

export interface EndpointState {
  endpoint: string;
  generation: number;
  heartbeatVersion: number;
  /** Application states by name: STATUS, TOKENS, HOST_ID, DC, RACK, LOAD, RPC_ADDRESS, SCHEMA, RELEASE_VERSION. */
  appStates: Record<string, VersionedValue>;
}

export interface SynRequest {
  clusterName: string;
  partitioner: string;
  digests: GossipDigest[];
}

export interface AckResponse {
  /** Digests of endpoints the receiver wants newer state for. */
  requests: GossipDigest[];
  /** States the receiver has that are newer than the initiator's digests. */
  states: EndpointState[];
}

export interface Ack2Request {
  states: EndpointState[];
}

export type Ack2Response = Record<string, never>;
export type EchoRequest = Record<string, never>;

export interface EchoResponse {
  generation: number;
}

export type SchemaRequest = Record<string, never>;

export interface SchemaResponse {
  /** Every table as the JSON of core's TableMeta. */
  tablesJson: string[];
  /** Dropped tables with the time they were dropped. */
  droppedJson: string[];
}

/** The server side of the Gossip service. */
export interface GossipHandlers {
  syn(request: SynRequest): Promise<AckResponse>;
  ack2(request: Ack2Request): Promise<Ack2Response>;
  echo(request: EchoRequest): Promise<EchoResponse>;
  pullSchema(request: SchemaRequest): Promise<SchemaResponse>;
  pushSchema(request: SchemaResponse): Promise<Ack2Response>;
}

function decodeDigest(d: Wire<GossipDigest>): GossipDigest {
  return { endpoint: d.endpoint, generation: int64(d.generation), maxVersion: int64(d.maxVersion) };
}

function decodeVersionedValue(v: Wire<VersionedValue>): VersionedValue {
  return { value: v.value, version: int64(v.version) };
}

function decodeEndpointState(s: Wire<EndpointState>): EndpointState {
  return {
    endpoint: s.endpoint,
    generation: int64(s.generation),
    heartbeatVersion: int64(s.heartbeatVersion),
    appStates: mapValues(s.appStates, decodeVersionedValue),
  };
}

export function decodeSynRequest(m: Wire<SynRequest>): SynRequest {
  return { clusterName: m.clusterName, partitioner: m.partitioner, digests: m.digests.map(decodeDigest) };
}

export function decodeAckResponse(m: Wire<AckResponse>): AckResponse {
  return { requests: m.requests.map(decodeDigest), states: m.states.map(decodeEndpointState) };
}

export function decodeAck2Request(m: Wire<Ack2Request>): Ack2Request {
  return { states: m.states.map(decodeEndpointState) };
}

export function decodeEchoResponse(m: Wire<EchoResponse>): EchoResponse {
  return { generation: int64(m.generation) };
}
