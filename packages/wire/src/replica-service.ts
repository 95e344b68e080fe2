import type { Server, ServerDuplexStream, UntypedServiceImplementation } from '@grpc/grpc-js';
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
import type {
  ApplyBatchResponseMessage,
  BatchOutcomeMessage,
  DropTableRequestMessage,
  MutationBatchMessage,
  ReadBatchRequestMessage,
  ReadBatchResponseMessage,
  ReplicaEnvelopeMessage,
  ReplicaReplyMessage,
} from './messages/replica.js';
import { ClusterError } from '@dynaring/core';
import { unaryHandler } from './service-handlers.js';

const EMPTY = {};
const OK: BatchOutcomeMessage = { errorCode: '', errorMessage: '' };

function failure(err: unknown): BatchOutcomeMessage {
  if (err instanceof ClusterError) return { errorCode: err.code, errorMessage: err.message };
  return { errorCode: 'CLUSTER_UNAVAILABLE', errorMessage: err instanceof Error ? err.message : String(err) };
}

/** Settles every entry of a batch on its own: one bad entry fails only itself. */
function settleEach<T>(count: number, run: (i: number) => Promise<T>): Promise<Array<{ value?: T; outcome: BatchOutcomeMessage }>> {
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      let pending: Promise<T>;
      try {
        pending = run(i);
      } catch (err) {
        return Promise.resolve({ outcome: failure(err) });
      }
      return pending.then(
        (value) => ({ value, outcome: OK }),
        (err: unknown) => ({ outcome: failure(err) }),
      );
    }),
  );
}
const empty = (): object => EMPTY;

async function applyBatch(api: ReplicaApi, batch: MutationBatchMessage): Promise<ApplyBatchResponseMessage> {
  const mutations = batch.mutations ?? [];
  const settled = await settleEach(mutations.length, (i) => api.apply(decodeMutation(mutations[i]!)));
  return { outcomes: settled.map((s) => s.outcome) };
}

async function readBatch(api: ReplicaApi, batch: ReadBatchRequestMessage): Promise<ReadBatchResponseMessage> {
  const reads = batch.reads ?? [];
  const settled = await settleEach(reads.length, (i) => {
    const r = decodeReadRequest(reads[i]!);
    return api.read(r.tableId, r.token, r.key);
  });
  return { results: settled.map((s) => encodeReadResponse(s.value ?? null)), outcomes: settled.map((s) => s.outcome) };
}

/** One Exchange envelope's reply; a malformed envelope fails alone, never the stream. */
async function answer(api: ReplicaApi, envelope: ReplicaEnvelopeMessage): Promise<ReplicaReplyMessage> {
  const id = envelope.id;
  try {
    if (envelope.apply) return { id, applied: await applyBatch(api, envelope.apply), errorCode: '', errorMessage: '' };
    if (envelope.read) return { id, read: await readBatch(api, envelope.read), errorCode: '', errorMessage: '' };
    return { id, ...failure(new Error('empty replica envelope')) };
  } catch (err) {
    return { id, ...failure(err) };
  }
}

/** Serves replica.proto from a ReplicaApi (the node's local replica). */
export function addReplicaService(server: Server, api: ReplicaApi): void {
  const implementation: UntypedServiceImplementation = {
    Apply: unaryHandler(decodeMutation, (m) => api.apply(m), empty),
    Exchange: (call: ServerDuplexStream<object, object>) => {
      call.on('data', (envelope: ReplicaEnvelopeMessage) => {
        answer(api, envelope).then(
          (reply) => {
            if (!call.cancelled && !call.destroyed) call.write(reply);
          },
          () => undefined,
        );
      });
      call.on('end', () => call.end());
      call.on('error', () => undefined);
    },
    Read: unaryHandler(decodeReadRequest, (r) => api.read(r.tableId, r.token, r.key), encodeReadResponse),
    QueryPartition: unaryHandler(decodePartitionQuery, (q) => api.queryPartition(q), encodeRows),
    ScanRange: unaryHandler(decodeRangeScan, (s) => api.scanRange(s), encodeRows),
    DropTable: unaryHandler((m: DropTableRequestMessage) => m.tableId, (tableId) => api.dropTable(tableId), empty),
  };
  server.addService(loadProtos().replica, implementation);
}
