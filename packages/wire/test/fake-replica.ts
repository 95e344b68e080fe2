import { mergeRecords, mutationAsRecord, recordDigest } from '@dynaring/core';
import type { ItemRecord, Mutation, PartitionQuery, PrimaryKey, RangeScan, ReplicaApi, Row, TokenSpan } from '@dynaring/core';

/** An in-memory ReplicaApi that records what it was asked, for round trips over the wire. */
export class FakeReplica implements ReplicaApi {
  readonly applied: Mutation[] = [];
  readonly queries: PartitionQuery[] = [];
  readonly scans: RangeScan[] = [];
  readonly dropped: string[] = [];
  readonly trees: Array<{ tableId: string; range: TokenSpan; depth: number }> = [];
  readonly rows = new Map<string, Row>();
  /** Rows that queryPartition and scanRange answer with. */
  answer: Row[] = [];
  /** When set, every call fails with this error. */
  failWith: unknown;
  /** When set, every call waits forever. */
  hang = false;

  private static id(tableId: string, token: bigint, key: PrimaryKey): string {
    return JSON.stringify([tableId, token.toString(), key.hash, key.range ?? null]);
  }

  private async gate(): Promise<void> {
    if (this.hang) await new Promise(() => {});
    if (this.failWith !== undefined) throw this.failWith;
  }

  async apply(m: Mutation): Promise<void> {
    await this.gate();
    this.applied.push(m);
    const id = FakeReplica.id(m.tableId, m.token, m.key);
    const stored = this.rows.get(id);
    this.rows.set(id, { token: m.token, key: m.key, record: mergeRecords(stored?.record, mutationAsRecord(m)) });
  }

  async digest(tableId: string, token: bigint, key: PrimaryKey): Promise<string> {
    return recordDigest(await this.read(tableId, token, key));
  }

  async read(tableId: string, token: bigint, key: PrimaryKey): Promise<ItemRecord | null> {
    await this.gate();
    return this.rows.get(FakeReplica.id(tableId, token, key))?.record ?? null;
  }

  async queryPartition(query: PartitionQuery): Promise<Row[]> {
    await this.gate();
    this.queries.push(query);
    return this.answer;
  }

  async scanRange(scan: RangeScan): Promise<Row[]> {
    await this.gate();
    this.scans.push(scan);
    return this.answer;
  }

  async dropTable(tableId: string): Promise<void> {
    await this.gate();
    this.dropped.push(tableId);
  }

  /** Answers 2^depth leaves named after their index. */
  async merkleTree(tableId: string, range: TokenSpan, depth: number): Promise<string[]> {
    await this.gate();
    this.trees.push({ tableId, range, depth });
    return Array.from({ length: 2 ** depth }, (_, i) => `leaf${i}`);
  }
}
