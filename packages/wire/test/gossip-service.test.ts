import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterError } from '@dynaring/core';
import {
  addGossipService,
  createGrpcServer,
  GossipClient,
  startGrpcServer,
  stopGrpcServer,
  type Ack2Request,
  type EndpointState,
  type GossipHandlers,
  type GrpcServer,
  type SchemaResponse,
  type SynRequest,
} from '@dynaring/wire';

const GENERATION = 1_700_000_000;
const BIG_VERSION = 2 ** 40 + 3;

const state: EndpointState = {
  endpoint: '10.0.0.2:7000',
  generation: GENERATION,
  heartbeatVersion: BIG_VERSION,
  appStates: {
    STATUS: { value: 'NORMAL,-9223372036854775808', version: 3 },
    TOKENS: { value: '-9223372036854775808,9223372036854775807', version: 2 },
  },
};

describe('Gossip service', () => {
  let server: GrpcServer;
  let client: GossipClient;
  const seen: { syn?: SynRequest; ack2?: Ack2Request; pushed?: SchemaResponse } = {};

  const handlers: GossipHandlers = {
    async syn(request) {
      seen.syn = request;
      if (request.clusterName !== 'test') throw new ClusterError('CLUSTER_UNAVAILABLE', 'wrong cluster');
      return { requests: [{ endpoint: '10.0.0.3:7000', generation: GENERATION, maxVersion: 0 }], states: [state] };
    },
    async ack2(request) {
      seen.ack2 = request;
      return {};
    },
    async echo() {
      return { generation: GENERATION };
    },
    async pullSchema() {
      return { tablesJson: ['{"name":"t"}'], droppedJson: [] };
    },
    async pushSchema(request) {
      seen.pushed = request;
      return {};
    },
  };

  beforeAll(async () => {
    server = createGrpcServer();
    addGossipService(server, handlers);
    client = new GossipClient(`127.0.0.1:${await startGrpcServer(server, '127.0.0.1', 0)}`);
  });

  afterAll(async () => {
    client.close();
    await stopGrpcServer(server, 100);
  });

  it('exchanges SYN and ACK with int64 fields as numbers', async () => {
    const syn: SynRequest = {
      clusterName: 'test',
      partitioner: 'org.apache.cassandra.dht.Murmur3Partitioner',
      digests: [{ endpoint: '10.0.0.1:7000', generation: GENERATION, maxVersion: BIG_VERSION }],
    };
    const ack = await client.syn(syn);
    expect(seen.syn).toEqual(syn);
    expect(ack).toEqual({ requests: [{ endpoint: '10.0.0.3:7000', generation: GENERATION, maxVersion: 0 }], states: [state] });
  });

  it('sends ACK2 states with their application states', async () => {
    expect(await client.ack2({ states: [state] })).toEqual({});
    expect(seen.ack2).toEqual({ states: [state] });
  });

  it('answers an echo with the generation', async () => {
    expect(await client.echo()).toEqual({ generation: GENERATION });
  });

  it('pulls the schema', async () => {
    expect(await client.pullSchema()).toEqual({ tablesJson: ['{"name":"t"}'], droppedJson: [] });
  });

  it('pushes a schema to a peer', async () => {
    const schema = { tablesJson: ['{"name":"pushed"}'], droppedJson: ['{"id":"x"}'] };
    expect(await client.pushSchema(schema)).toEqual({});
    expect(seen.pushed).toEqual(schema);
  });

  it('carries a handler ClusterError to the caller', async () => {
    const err = await client.syn({ clusterName: 'other', partitioner: '', digests: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as ClusterError).code).toBe('CLUSTER_UNAVAILABLE');
    expect((err as ClusterError).message).toBe('wrong cluster');
  });
});
