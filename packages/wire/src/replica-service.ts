import type { Server, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { ReplicaApi } from '@dynaring/core';
import { loadProtos } from './load-protos.js';
import {
  decodeMutation,
  decodePartitionQuery,
  decodeRangeScan,
  decodeReadRequest,
  encodeReadResponse,
  encodeRows,
} from './replica-codec.js';
import type { DropTableRequestMessage } from './messages/replica.js';
import { unaryHandler } from './service-handlers.js';

const EMPTY = {};
const empty = (): object => EMPTY;

/** Serves replica.proto from a ReplicaApi (the node's local replica). */
export function addReplicaService(server: Server, api: ReplicaApi): void {
  const implementation: UntypedServiceImplementation = {
    Apply: unaryHandler(decodeMutation, (m) => api.apply(m), empty),
    Read: unaryHandler(decodeReadRequest, (r) => api.read(r.tableId, r.token, r.key), encodeReadResponse),
    QueryPartition: unaryHandler(decodePartitionQuery, (q) => api.queryPartition(q), encodeRows),
    ScanRange: unaryHandler(decodeRangeScan, (s) => api.scanRange(s), encodeRows),
    DropTable: unaryHandler((m: DropTableRequestMessage) => m.tableId, (tableId) => api.dropTable(tableId), empty),
  };
  server.addService(loadProtos().replica, implementation);
}
