import type { Server, ServerDuplexStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Mutation, ReplicaApi } from '@dynaring/core';
import type { AcceptorApi } from '@dynaring/paxos';
import { loadProtos } from './load-protos.js';
import {
  decodeMerkleTreeRequest,
  decodeMutation,
  decodePartitionQuery,
  decodeRangeScan,
  decodeReadRequest,
  encodeMerkleTreeResponse,
  encodeReadResponse,
  encodeRows,
} from './replica-codec.js';
import type {
  DropTableRequestMessage,
  ReplicaEnvelopeMessage,
  ReplicaReplyMessage,
} from './messages/replica.js';
import { entryError, mutationFromJson, mutationFromLine, readFromJson, recordToJson, type DigestResultJson, type EntryError, type ReadResultJson } from './replica-json.js';
import { unaryHandler } from './service-handlers.js';
import { answerPaxos, isPaxosKind } from './paxos-service.js';
import type { PaxosResultJson } from './paxos-json.js';

const EMPTY = {};
const empty = (): object => EMPTY;

/** Settles every entry of a batch on its own: one bad entry fails only itself. */
function settleEach<T, R>(count: number, run: (i: number) => Promise<T>, ok: (value: T) => R, failed: (error: EntryError) => R): Promise<R[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      let pending: Promise<T>;
      try {
        pending = run(i);
      } catch (err) {
        return Promise.resolve(failed(entryError(err)));
      }
      return pending.then(ok, (err: unknown) => failed(entryError(err)));
    }),
  );
}

/** One Exchange envelope's reply; a malformed envelope fails alone, never the stream. */
async function answer(api: ReplicaApi, acceptor: AcceptorApi | undefined, envelope: ReplicaEnvelopeMessage): Promise<ReplicaReplyMessage> {
  const id = envelope.id;
  const applyEach = (count: number, mutationAt: (i: number) => Mutation) => settleEach(count, (i) => api.apply(mutationAt(i)), () => null, (e) => e);
  try {
    // Not JSON as a whole: each line's record text must reach storage as it came (mutationLine).
    if (envelope.kind === 'apply-records') {
      const lines = envelope.json.split('\n');
      const results = await applyEach(lines.length, (i) => mutationFromLine(lines[i]!));
      return { id, json: JSON.stringify(results), errorCode: '', errorMessage: '' };
    }
    const entries: unknown = JSON.parse(envelope.json);
    if (!Array.isArray(entries)) throw new Error('replica envelope is not a list');
    let results: unknown[];
    // Sent by nodes from before "apply-records", so that a rolling upgrade keeps every replica writable.
    if (envelope.kind === 'apply') {
      results = await applyEach(entries.length, (i) => mutationFromJson(entries[i]));
    } else if (envelope.kind === 'read') {
      results = await settleEach(
        entries.length,
        (i) => {
          const r = readFromJson(entries[i]);
          return api.read(r.tableId, r.token, r.key);
        },
        (record): ReadResultJson => ({ r: recordToJson(record) }),
        (e): ReadResultJson => ({ e }),
      );
    } else if (envelope.kind === 'digest') {
      results = await settleEach(
        entries.length,
        (i) => {
          const r = readFromJson(entries[i]);
          return api.digest(r.tableId, r.token, r.key);
        },
        (d): DigestResultJson => ({ d }),
        (e): DigestResultJson => ({ e }),
      );
    } else if (isPaxosKind(envelope.kind)) {
      if (!acceptor) throw new Error('this replica serves no Paxos acceptor');
      results = await answerPaxos(acceptor, envelope.kind, entries, (count, run) =>
        settleEach<unknown, PaxosResultJson<unknown>>(count, run, (v) => ({ v }), (e) => ({ e })),
      );
    } else {
      throw new Error(`unknown replica envelope kind ${envelope.kind}`);
    }
    return { id, json: JSON.stringify(results), errorCode: '', errorMessage: '' };
  } catch (err) {
    const e = entryError(err);
    return { id, json: '', errorCode: e.code, errorMessage: e.message };
  }
}

/**
 * Serves replica.proto from a ReplicaApi (the node's local replica) and, on the Exchange
 * stream, the replica's Paxos acceptor.
 */
export function addReplicaService(server: Server, api: ReplicaApi, acceptor?: AcceptorApi): void {
  const implementation: UntypedServiceImplementation = {
    Apply: unaryHandler(decodeMutation, (m) => api.apply(m), empty),
    Exchange: (call: ServerDuplexStream<object, object>) => {
      call.on('data', (envelope: ReplicaEnvelopeMessage) => {
        answer(api, acceptor, envelope).then(
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
    MerkleTree: unaryHandler(decodeMerkleTreeRequest, (r) => api.merkleTree(r.tableId, r.range, r.depth), encodeMerkleTreeResponse),
  };
  server.addService(loadProtos().replica, implementation);
}
