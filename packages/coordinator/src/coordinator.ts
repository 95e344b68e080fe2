import {
  ClusterError,
  blockFor,
  recordDigest,
  liveItem,
  mergeRecords,
  stampWrite,
  type AttributeMap,
  type ConsistencyLevel,
  type ItemRecord,
  type ItemWrite,
  type Mutation,
  type PartitionQuery,
  type PrimaryKey,
  type Row,
  type SecondaryIndexMeta,
  type TableMeta,
  type TimestampSource,
} from '@dynaring/core';
import { tokenOf } from '@dynaring/cluster';
import { casItem, type ProposerOptions } from '@dynaring/paxos';
import { casProposer, type CasOptions } from './cas-options.js';
import type { Placement, ReplicaRef } from './placement.js';
import { firstAnswers, type Answer } from './replica-calls.js';
import { hintedAcknowledgements, type HintSink } from './hinted-write.js';
import { readIndexedItems } from './indexed-read.js';
import { compareRows, mergeRowLists } from './row-merge.js';
import type { TokenRange } from './scan-segment.js';

export interface CoordinatorOptions {
  placement: Placement;
  timestamps: TimestampSource;
  /** Keeps hints for replicas that missed a successful write; none are kept without it. */
  hints?: HintSink;
  /** Lightweight transactions: this node's ballots and the CAS timeouts. */
  cas?: CasOptions;
}

/** The decision of a read-modify-write: what to write (null: nothing) and what to answer. */
export interface RmwDecision<T> {
  write: ItemWrite | null;
  result: T;
}

export type PartitionRead = Omit<PartitionQuery, 'tableId' | 'token'>;

const alive = (replicas: ReplicaRef[]) => replicas.filter((r) => r.alive);

/**
 * Turns one item operation into replica calls under a consistency level. Writes go to every
 * live replica (natural and pending) and wait for blockFor acknowledgements; nothing is sent
 * when too few replicas are alive to succeed. Reads above ONE merge what they read and write
 * the merge back to stale replicas before answering, so quorum reads never go back in time.
 */
export class Coordinator {
  private readonly proposer: ProposerOptions | undefined;

  constructor(private readonly options: CoordinatorOptions) {
    this.proposer = options.cas ? casProposer(options.timestamps, options.cas) : undefined;
  }

  async write(table: TableMeta, key: PrimaryKey, write: ItemWrite, cl: ConsistencyLevel = 'QUORUM'): Promise<void> {
    const token = tokenOf(key.hash);
    await this.applyMutation(table, stampWrite(table.id, token, key, write, this.options.timestamps.nowMicros()), cl);
  }

  /** Sends an already stamped mutation (streaming, repair) to the token's replicas. */
  async applyMutation(table: TableMeta, mutation: Mutation, cl: ConsistencyLevel): Promise<void> {
    const { natural, pending } = this.options.placement.writeReplicas(table, mutation.token);
    // Pending replicas raise the bar so that a quorum is met among the future owners too.
    const needed = blockFor(cl, table.rf) + pending.length;
    await hintedAcknowledgements([...natural, ...pending], needed, mutation, this.options.hints);
  }

  async read(table: TableMeta, key: PrimaryKey, cl: ConsistencyLevel = 'LOCAL_ONE'): Promise<AttributeMap | null> {
    return liveItem(await this.readRecord(table, key, cl));
  }

  /**
   * A lightweight transaction on one item: reads it, lets `decide` compute the write from it,
   * and applies that write, linearizably with every other casItem on the item through any
   * coordinator (single-decree Paxos among the item's replicas, packages/paxos).
   *
   * As Cassandra's StorageProxy.cas: the natural replicas at QUORUM, each pending replica of
   * a range movement added to the participants and to the required count, and refused when
   * more than one is pending (CASSANDRA-8346). Throws CLUSTER_UNAVAILABLE when too few
   * replicas are alive, CLUSTER_TIMEOUT when the outcome is unknown or contention lasted too
   * long; whatever `decide` throws (a failed condition) is thrown as it is.
   */
  async casItem<T>(table: TableMeta, key: PrimaryKey, decide: (current: AttributeMap | null) => RmwDecision<T>): Promise<T> {
    const { cas } = this.options;
    if (!cas || !this.proposer) throw new Error('this coordinator has no Paxos acceptors to run LWT on');
    const token = tokenOf(key.hash);
    const { natural, pending } = this.options.placement.writeReplicas(table, token);
    if (pending.length > 1) {
      throw new ClusterError('CLUSTER_UNAVAILABLE', `Cannot perform LWT operation as there is more than one (${pending.length}) pending range movement`);
    }
    const participants = [...natural, ...pending];
    const required = blockFor('QUORUM', table.rf) + pending.length;
    if (participants.length < required) {
      throw new ClusterError('CLUSTER_UNAVAILABLE', `LWT needs ${required} replicas, the ring has ${participants.length} for this item`);
    }
    return casItem(
      this.proposer,
      { tableId: table.id, token, key },
      participants.map((r) => ({ api: cas.acceptorOf(r), alive: r.alive })),
      decide,
      required,
    );
  }

  async queryPartition(table: TableMeta, query: PartitionRead, cl: ConsistencyLevel = 'LOCAL_ONE'): Promise<Row[]> {
    const token = tokenOf(query.hash);
    const full: PartitionQuery = { ...query, tableId: table.id, token };
    const replicas = alive(this.options.placement.readReplicas(table, token));
    const answers = await firstAnswers(replicas, blockFor(cl, table.rf), (r) => r.api.queryPartition(full));
    if (answers.length === 1) return answers[0]!.value;
    const merged = mergeRowLists(answers.map((a) => a.value), query.forward, query.limit);
    await repairRows(table, answers, merged, query.forward, query.limit);
    return merged;
  }

  /**
   * Rows of a table in token order after `startAfter`, within the token range `range` when
   * given (a parallel Scan segment), at most `limit` of them.
   */
  async scan(
    table: TableMeta,
    startAfter: PrimaryKey | undefined,
    limit: number,
    range?: TokenRange,
    cl: ConsistencyLevel = 'LOCAL_ONE',
  ): Promise<Row[]> {
    const startToken = startAfter ? tokenOf(startAfter.hash) : undefined;
    const rows: Row[] = [];
    const needed = blockFor(cl, table.rf);
    for (const part of this.options.placement.scanRanges(table)) {
      if (rows.length >= limit) break;
      let afterToken = part.afterToken;
      let endToken = part.endToken;
      if (range) {
        afterToken = afterToken > range.afterToken ? afterToken : range.afterToken;
        endToken = endToken < range.endToken ? endToken : range.endToken;
      }
      if (startToken !== undefined && endToken < startToken) continue;
      if (endToken <= afterToken) continue;
      const resumeHere = startToken !== undefined && startToken > afterToken;
      const request = {
        tableId: table.id,
        startAfter: resumeHere ? { token: startToken, key: startAfter! } : undefined,
        startAfterToken: resumeHere ? undefined : afterToken,
        endToken,
        limit: limit - rows.length,
      };
      const answers = await firstAnswers(alive(part.replicas), needed, (r) => r.api.scanRange(request));
      if (answers.length === 1) rows.push(...answers[0]!.value);
      else {
        const merged = mergeRowLists(answers.map((a) => a.value), true, request.limit);
        await repairRows(table, answers, merged, true, request.limit);
        rows.push(...merged);
      }
    }
    return rows;
  }

  /**
   * The base items behind a page of an index's pointer rows, one row per pointer row in its
   * position; a pointer whose item no longer has its index key gets an empty record.
   * See readIndexedItems.
   */
  readIndexedItems(table: TableMeta, index: SecondaryIndexMeta, pointerRows: readonly Row[], cl: ConsistencyLevel = 'LOCAL_ONE'): Promise<Row[]> {
    return readIndexedItems((t, key, level) => this.readRecord(t, key, level), table, index, pointerRows, cl);
  }

  /** The stored record of an item (cells, timestamps, tombstone) under `cl`, with read repair above ONE. */
  async readRecord(table: TableMeta, key: PrimaryKey, cl: ConsistencyLevel): Promise<ItemRecord | null> {
    const token = tokenOf(key.hash);
    const replicas = alive(this.options.placement.readReplicas(table, token));
    const needed = blockFor(cl, table.rf);
    if (needed === 1) return (await firstAnswers(replicas, 1, (r) => r.api.read(table.id, token, key)))[0]!.value;
    const agreed = await readByDigest(table.id, token, key, replicas, needed);
    if (agreed !== undefined) return agreed;
    // The replicas disagree (or a digest read failed): read the data itself from a quorum,
    // merge, and repair the stale ones before answering.
    const answers = await firstAnswers(replicas, needed, (r) => r.api.read(table.id, token, key));
    let merged: ItemRecord | null = null;
    for (const a of answers) if (a.value) merged = mergeRecords(merged, a.value);
    if (merged) {
      const target = merged;
      await Promise.all(
        answers
          .filter((a) => !sameRecord(a.value, target))
          .map((a) => a.replica.api.apply({ tableId: table.id, token, key, cells: target.cells, itemTombstoneMicros: target.tombstoneMicros })),
      );
    }
    return merged;
  }
}

/**
 * Cassandra's read path above ONE: the data from one replica (the local one when it is a
 * replica) and digests from the others needed for the consistency level. Returns the data
 * when every digest matches it, undefined when the full read must settle it.
 */
async function readByDigest(
  tableId: string,
  token: bigint,
  key: PrimaryKey,
  replicas: ReplicaRef[],
  needed: number,
): Promise<ItemRecord | null | undefined> {
  if (replicas.length < needed) return undefined;
  const [dataReplica, ...others] = replicas;
  try {
    const [data, digests] = await Promise.all([
      dataReplica!.api.read(tableId, token, key),
      firstAnswers(others, needed - 1, (r) => r.api.digest(tableId, token, key)),
    ]);
    const expected = recordDigest(data);
    return digests.every((d) => d.value === expected) ? data : undefined;
  } catch {
    return undefined;
  }
}

function sameRecord(a: ItemRecord | null, b: ItemRecord): boolean {
  return a !== null && JSON.stringify(mergeRecords(null, a)) === JSON.stringify(b);
}

/**
 * Blocking read repair for rows read from several replicas: every replica that answered
 * gets the merged version of each row it lacked or held stale.
 */
async function repairRows(
  table: TableMeta,
  answers: Answer<Row[]>[],
  merged: Row[],
  forward: boolean,
  limit: number,
): Promise<void> {
  const writes: Promise<void>[] = [];
  for (const answer of answers) {
    const held = new Map(answer.value.map((row) => [JSON.stringify(row.key), row.record] as const));
    // A replica that returned a full page may simply not have reached rows past its last one.
    const last = answer.value.length >= limit ? answer.value[answer.value.length - 1] : undefined;
    for (const row of merged) {
      const own = held.get(JSON.stringify(row.key)) ?? null;
      if (own && sameRecord(own, row.record)) continue;
      if (!own && last && compareRows(row, last) * (forward ? 1 : -1) > 0) continue;
      writes.push(
        answer.replica.api.apply({
          tableId: table.id,
          token: row.token,
          key: row.key,
          cells: row.record.cells,
          itemTombstoneMicros: row.record.tombstoneMicros,
        }),
      );
    }
  }
  await Promise.all(writes);
}
