import type { Server, UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadProtos } from './load-protos.js';
import { decodeAck2Request, decodeSynRequest, type GossipHandlers, type SchemaResponse } from './messages/gossip.js';
import { identity, unaryHandler } from './service-handlers.js';

/** Serves gossip.proto from plain async handlers. */
export function addGossipService(server: Server, handlers: GossipHandlers): void {
  const implementation: UntypedServiceImplementation = {
    Syn: unaryHandler(decodeSynRequest, (r) => handlers.syn(r), identity),
    Ack2: unaryHandler(decodeAck2Request, (r) => handlers.ack2(r), identity),
    Echo: unaryHandler(identity, () => handlers.echo({}), identity),
    PullSchema: unaryHandler(identity, () => handlers.pullSchema({}), identity),
    PushSchema: unaryHandler(identity<SchemaResponse>, (r) => handlers.pushSchema(r), identity),
  };
  server.addService(loadProtos().gossip, implementation);
}
