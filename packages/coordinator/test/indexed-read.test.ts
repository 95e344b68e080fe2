import { describe, expect, it } from 'vitest';
import {
  POINTER_CELL,
  TimestampSource,
  mergeRecords,
  pointerKey,
  recordDigest,
  type AttributeMap,
  type ItemRecord,
  type Mutation,
  type PrimaryKey,
  type Row,
  type SecondaryIndexMeta,
  type TableMeta,
} from '@dynaring/core';
import { Coordinator, type Placement } from '@dynaring/coordinator';
import { StubReplica, tableMeta } from './support/fixtures.js';

/** An in-memory replica counting its reads. */
class MemoryReplica extends StubReplica {
  readonly records = new Map<string, ItemRecord>();
  reads = 0;
  async apply(m: Mutation): Promise<void> {
    const k = JSON.stringify(m.key);
    this.records.set(k, mergeRecords(this.records.get(k), { cells: m.cells, tombstoneMicros: m.itemTombstoneMicros }));
  }
  async read(_t: string, _token: bigint, key: PrimaryKey): Promise<ItemRecord | null> {
    this.reads++;
    return this.records.get(JSON.stringify(key)) ?? null;
  }
  async digest(_t: string, _token: bigint, key: PrimaryKey): Promise<string> {
    return recordDigest(this.records.get(JSON.stringify(key)) ?? null);
  }
}

const GSI: SecondaryIndexMeta = {
  name: 'by-g',
  kind: 'global',
  id: 'gsi-id',
  keySchema: { hash: { name: 'g', type: 'S' }, range: { name: 'n', type: 'N' } },
  projection: { type: 'ALL' },
  status: 'ACTIVE',
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  createdMs: 0,
};

const TABLE: TableMeta = tableMeta({
  name: 'T',
  id: 'table-id',
  keySchema: { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } },
  indexes: [GSI],
});

function setup() {
  const replicas = [new MemoryReplica(), new MemoryReplica(), new MemoryReplica()];
  const refs = replicas.map((api, i) => ({ endpoint: `n${i}`, api, local: i === 0, alive: true }));
  const placement: Placement = {
    readReplicas: () => refs,
    writeReplicas: () => ({ natural: refs, pending: [] }),
    scanRanges: () => [],
    allReplicas: () => refs,
    liveNodeCount: () => 3,
  };
  let now = 1000;
  const coordinator = new Coordinator({ placement, timestamps: new TimestampSource({ nowMs: () => now++ }) });
  const put = (item: AttributeMap) => coordinator.write(TABLE, baseKey(item.pk!, item.sk!), { kind: 'put', item }, 'ALL');
  return { replicas, coordinator, put };
}

const baseKey = (pk: AttributeMap[string], sk: AttributeMap[string]): PrimaryKey => ({ hash: pk as { S: string }, range: sk as { N: string } });

/** A pointer row of GSI as a pointer partition read returns it: live unless `deleted`. */
function pointer(g: string, n: string, pk: string, sk: string, deleted = false): Row {
  const key = pointerKey(GSI, TABLE.keySchema, { hash: { S: g }, range: { N: n } }, { hash: { S: pk }, range: { N: sk } });
  return { token: 7n, key, record: { cells: { [POINTER_CELL]: { value: deleted ? null : { NULL: true }, timestampMicros: 5 } }, tombstoneMicros: -1 } };
}

const item = (pk: string, sk: string, g: string, n: string): AttributeMap => ({ pk: { S: pk }, sk: { N: sk }, g: { S: g }, n: { N: n }, v: { S: `${pk}-${sk}` } });
const liveValue = (row: Row) => row.record.cells.v?.value;

describe('Coordinator.readIndexedItems', () => {
  it('answers the base record of each pointer, in the pointers\' order and positions', async () => {
    const { coordinator, put } = setup();
    await put(item('a', '1', 'red', '10'));
    await put(item('b', '2', 'red', '20'));
    const page = [pointer('red', '10', 'a', '1'), pointer('red', '20', 'b', '2')];
    const rows = await coordinator.readIndexedItems(TABLE, GSI, page, 'LOCAL_ONE');
    expect(rows.map((r) => r.key)).toEqual(page.map((p) => p.key));
    expect(rows.map((r) => r.token)).toEqual([7n, 7n]);
    expect(rows.map(liveValue)).toEqual([{ S: 'a-1' }, { S: 'b-2' }]);
  });

  it('gives a pointer whose item moved to another index key an empty record, keeping its position', async () => {
    const { coordinator, put } = setup();
    await put(item('a', '1', 'blue', '10'));
    await put(item('b', '2', 'red', '20'));
    const rows = await coordinator.readIndexedItems(TABLE, GSI, [pointer('red', '10', 'a', '1'), pointer('red', '20', 'b', '2')], 'LOCAL_ONE');
    expect(rows[0]!.record).toEqual({ cells: {}, tombstoneMicros: -1 });
    expect(rows[0]!.key).toEqual(pointer('red', '10', 'a', '1').key);
    expect(liveValue(rows[1]!)).toEqual({ S: 'b-2' });
  });

  it('treats a change of the index range key alone as a move too', async () => {
    const { coordinator, put } = setup();
    await put(item('a', '1', 'red', '11'));
    const rows = await coordinator.readIndexedItems(TABLE, GSI, [pointer('red', '10', 'a', '1'), pointer('red', '11', 'a', '1')], 'LOCAL_ONE');
    expect(rows.map(liveValue)).toEqual([undefined, { S: 'a-1' }]);
  });

  it('gives a pointer to a deleted item, or to an item that lost an index key attribute, an empty record', async () => {
    const { coordinator, put } = setup();
    await put(item('a', '1', 'red', '10'));
    await coordinator.write(TABLE, baseKey({ S: 'a' }, { N: '1' }), { kind: 'delete' }, 'ALL');
    await put(item('b', '2', 'red', '20'));
    await coordinator.write(TABLE, baseKey({ S: 'b' }, { N: '2' }), { kind: 'update', set: {}, remove: ['n'] }, 'ALL');
    const rows = await coordinator.readIndexedItems(TABLE, GSI, [pointer('red', '10', 'a', '1'), pointer('red', '20', 'b', '2')], 'LOCAL_ONE');
    expect(rows.map((r) => r.record)).toEqual([
      { cells: {}, tombstoneMicros: -1 },
      { cells: {}, tombstoneMicros: -1 },
    ]);
  });

  it('does not read the base item of a deleted pointer row', async () => {
    const { coordinator, put, replicas } = setup();
    await put(item('a', '1', 'red', '10'));
    const rows = await coordinator.readIndexedItems(TABLE, GSI, [pointer('red', '10', 'a', '1', true)], 'LOCAL_ONE');
    expect(rows[0]!.record).toEqual({ cells: {}, tombstoneMicros: -1 });
    expect(replicas.reduce((n, r) => n + r.reads, 0)).toBe(0);
  });

  it('reads a base item once however many pointers of the page name it', async () => {
    const { coordinator, put, replicas } = setup();
    await put(item('a', '1', 'red', '10'));
    const rows = await coordinator.readIndexedItems(TABLE, GSI, [pointer('blue', '5', 'a', '1'), pointer('red', '10', 'a', '1')], 'LOCAL_ONE');
    expect(rows.map(liveValue)).toEqual([undefined, { S: 'a-1' }]);
    expect(replicas.reduce((n, r) => n + r.reads, 0)).toBe(1);
  });

  it('reads the base items at the requested consistency, so a stale replica does not decide', async () => {
    const { coordinator, put, replicas } = setup();
    await put(item('a', '1', 'red', '10'));
    // The item moves to blue on replicas 2 and 3 only; replica 1 (read first) still says red.
    const moved = { tableId: TABLE.id, token: 0n, key: baseKey({ S: 'a' }, { N: '1' }), cells: { g: { value: { S: 'blue' }, timestampMicros: 9_000_000 } }, itemTombstoneMicros: -1 };
    await replicas[1]!.apply(moved);
    await replicas[2]!.apply(moved);
    const page = [pointer('red', '10', 'a', '1'), pointer('blue', '10', 'a', '1')];
    expect((await coordinator.readIndexedItems(TABLE, GSI, page, 'LOCAL_ONE')).map(liveValue)).toEqual([{ S: 'a-1' }, undefined]);
    expect((await coordinator.readIndexedItems(TABLE, GSI, page, 'QUORUM')).map(liveValue)).toEqual([undefined, { S: 'a-1' }]);
  });
});
