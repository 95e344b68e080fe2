import { describe, expect, it } from 'vitest';
import type { AttributeMap, SecondaryIndexMeta, TableMeta } from '@dynaring/core';
import { addConsumed, batchConsumedCapacity, consumedCapacity, tableOnly, totalUnits } from '../src/capacity.js';
import { fetchesBaseItems, indexEntry, indexWriteUnits, IndexReadMeter, needsPriorItem, writeConsumed } from '../src/index-capacity.js';

const KB = 1024;

function index(name: string, kind: 'local' | 'global', hash: string, range: string | undefined, projection: SecondaryIndexMeta['projection']): SecondaryIndexMeta {
  return {
    name,
    kind,
    id: `id-${name}`,
    keySchema: { hash: { name: hash, type: 'S' }, ...(range ? { range: { name: range, type: 'S' as const } } : {}) },
    projection,
    status: 'ACTIVE',
    readCapacityUnits: 0,
    writeCapacityUnits: 0,
    createdMs: 0,
  };
}

// Table pk/sk; LSI `lsi` (pk, lk) INCLUDE note; GSI `gsi` (gk) KEYS_ONLY; GSI `all` (ak) ALL.
const lsi = index('lsi', 'local', 'pk', 'lk', { type: 'INCLUDE', nonKeyAttributes: ['note'] });
const gsi = index('gsi', 'global', 'gk', undefined, { type: 'KEYS_ONLY' });
const all = index('all', 'global', 'ak', undefined, { type: 'ALL' });
const table: TableMeta = {
  name: 't',
  id: 't-id',
  keySchema: { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'S' } },
  attributeDefinitions: [],
  billingMode: 'PAY_PER_REQUEST',
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  creationDateTimeMs: 0,
  rf: 1,
  tags: {},
  indexes: [lsi, gsi, all],
};

const S = (s: string) => ({ S: s });
const base: AttributeMap = { pk: S('p'), sk: S('s') };

describe('index entries', () => {
  it('projects keys (plus NonKeyAttributes for INCLUDE, everything for ALL), and nothing for an item outside the index', () => {
    const item: AttributeMap = { ...base, lk: S('l'), gk: S('g'), note: S('n'), big: S('b') };
    expect(indexEntry(table, lsi, item)).toEqual({ pk: S('p'), sk: S('s'), lk: S('l'), note: S('n') });
    expect(indexEntry(table, gsi, item)).toEqual({ pk: S('p'), sk: S('s'), gk: S('g') });
    expect(indexEntry(table, all, item)).toBeUndefined();
    expect(indexEntry(table, all, { ...item, ak: S('a') })).toEqual({ ...item, ak: S('a') });
    expect(indexEntry(table, gsi, null)).toBeUndefined();
  });
});

describe('index write units', () => {
  const inGsi: AttributeMap = { ...base, gk: S('g1'), other: S('o') };

  it('charges nothing to an index the item is in neither before nor after', () => {
    expect(indexWriteUnits(table, gsi, null, base)).toBe(0);
    expect(indexWriteUnits(table, gsi, base, { ...base, other: S('x') })).toBe(0);
    expect(indexWriteUnits(table, gsi, base, null)).toBe(0);
  });

  it('charges one write to put a new entry and one to delete an old one', () => {
    expect(indexWriteUnits(table, gsi, null, inGsi)).toBe(1);
    expect(indexWriteUnits(table, gsi, base, inGsi)).toBe(1);
    expect(indexWriteUnits(table, gsi, inGsi, null)).toBe(1);
    expect(indexWriteUnits(table, gsi, inGsi, base)).toBe(1);
  });

  it('charges a delete plus a put when the index key changes', () => {
    expect(indexWriteUnits(table, gsi, inGsi, { ...inGsi, gk: S('g2') })).toBe(2);
  });

  it('charges nothing when the entry is unchanged, one write when only projected attributes change', () => {
    // `other` is not projected into the KEYS_ONLY gsi.
    expect(indexWriteUnits(table, gsi, inGsi, { ...inGsi, other: S('changed') })).toBe(0);
    expect(indexWriteUnits(table, gsi, inGsi, inGsi)).toBe(0);
    const inLsi: AttributeMap = { ...base, lk: S('l'), note: S('a') };
    expect(indexWriteUnits(table, lsi, inLsi, { ...inLsi, note: S('b') })).toBe(1);
    expect(indexWriteUnits(table, lsi, inLsi, { ...inLsi, big: S('x'.repeat(3 * KB)) })).toBe(0);
  });

  it('charges by the size of the projected entry, in 1 KB units', () => {
    const big = S('x'.repeat(2 * KB));
    // KEYS_ONLY ignores the big attribute; ALL carries it.
    expect(indexWriteUnits(table, gsi, null, { ...inGsi, big })).toBe(1);
    expect(indexWriteUnits(table, all, null, { ...base, ak: S('a'), big })).toBe(3);
    expect(indexWriteUnits(table, lsi, null, { ...base, lk: S('l'), note: big })).toBe(3);
    // An update of a projected attribute costs the larger of the two entries; a key move both.
    expect(indexWriteUnits(table, lsi, { ...base, lk: S('l'), note: big }, { ...base, lk: S('l'), note: S('n') })).toBe(3);
    expect(indexWriteUnits(table, lsi, { ...base, lk: S('l'), note: big }, { ...base, lk: S('m'), note: S('n') })).toBe(4);
  });

  it('sums table and touched indexes, leaving out the untouched ones', () => {
    const item: AttributeMap = { ...base, lk: S('l'), gk: S('g') };
    const consumed = writeConsumed(table, 1, null, item);
    expect(consumed).toEqual({
      table: 1,
      indexes: [
        { name: 'lsi', kind: 'local', units: 1 },
        { name: 'gsi', kind: 'global', units: 1 },
      ],
    });
    expect(totalUnits(consumed)).toBe(3);
    expect(writeConsumed(table, 1, null, base)).toEqual(tableOnly(1));
  });

  it('skips indexes being deleted and needs the old item only when capacity is asked on a table with indexes', () => {
    const dropping: TableMeta = { ...table, indexes: [{ ...gsi, status: 'DELETING' }] };
    expect(writeConsumed(dropping, 1, null, { ...base, gk: S('g') })).toEqual(tableOnly(1));
    expect(needsPriorItem('INDEXES', table)).toBe(true);
    expect(needsPriorItem('TOTAL', table)).toBe(true);
    expect(needsPriorItem('NONE', table)).toBe(false);
    expect(needsPriorItem(undefined, table)).toBe(false);
    expect(needsPriorItem('TOTAL', dropping)).toBe(false);
    expect(needsPriorItem('TOTAL', { ...table, indexes: undefined })).toBe(false);
  });
});

describe('ConsumedCapacity shapes', () => {
  const consumed = { table: 1, indexes: [{ name: 'lsi', kind: 'local' as const, units: 2 }, { name: 'gsi', kind: 'global' as const, units: 0.5 }] };

  it('TOTAL reports the table name and the total only', () => {
    expect(consumedCapacity('TOTAL', 't', consumed)).toEqual({ ConsumedCapacity: { TableName: 't', CapacityUnits: 3.5 } });
  });

  it('INDEXES adds the table and each index', () => {
    expect(consumedCapacity('INDEXES', 't', consumed)).toEqual({
      ConsumedCapacity: {
        TableName: 't',
        CapacityUnits: 3.5,
        Table: { CapacityUnits: 1 },
        LocalSecondaryIndexes: { lsi: { CapacityUnits: 2 } },
        GlobalSecondaryIndexes: { gsi: { CapacityUnits: 0.5 } },
      },
    });
    expect(consumedCapacity('INDEXES', 't', 2)).toEqual({ ConsumedCapacity: { TableName: 't', CapacityUnits: 2, Table: { CapacityUnits: 2 } } });
  });

  it('NONE or nothing reports nothing', () => {
    expect(consumedCapacity('NONE', 't', consumed)).toEqual({});
    expect(consumedCapacity(undefined, 't', consumed)).toEqual({});
  });

  it('a batch sums per table, index by index', () => {
    const sum = addConsumed(addConsumed(tableOnly(0), consumed), { table: 2, indexes: [{ name: 'gsi', kind: 'global', units: 1 }] });
    expect(sum).toEqual({ table: 3, indexes: [{ name: 'lsi', kind: 'local', units: 2 }, { name: 'gsi', kind: 'global', units: 1.5 }] });
    expect(batchConsumedCapacity('INDEXES', new Map([['t', sum]]))).toEqual({
      ConsumedCapacity: [
        {
          TableName: 't',
          CapacityUnits: 6.5,
          Table: { CapacityUnits: 3 },
          LocalSecondaryIndexes: { lsi: { CapacityUnits: 2 } },
          GlobalSecondaryIndexes: { gsi: { CapacityUnits: 1.5 } },
        },
      ],
    });
  });
});

describe('index reads', () => {
  it('fetches base items only for a local index whose projection lacks what the request needs', () => {
    expect(fetchesBaseItems(table, lsi, 'ALL_PROJECTED_ATTRIBUTES', [], undefined)).toBe(false);
    expect(fetchesBaseItems(table, lsi, 'COUNT', [], undefined)).toBe(false);
    expect(fetchesBaseItems(table, lsi, 'ALL_ATTRIBUTES', [], undefined)).toBe(true);
    expect(fetchesBaseItems(table, lsi, 'SPECIFIC_ATTRIBUTES', ['pk', 'note', 'lk', 'sk'], undefined)).toBe(false);
    expect(fetchesBaseItems(table, lsi, 'SPECIFIC_ATTRIBUTES', ['note', 'big'], undefined)).toBe(true);
    expect(fetchesBaseItems(table, lsi, 'ALL_PROJECTED_ATTRIBUTES', [], new Set(['note']))).toBe(false);
    expect(fetchesBaseItems(table, lsi, 'ALL_PROJECTED_ATTRIBUTES', [], new Set(['big']))).toBe(true);
    // A GSI cannot fetch; an ALL projection never needs to.
    expect(fetchesBaseItems(table, gsi, 'SPECIFIC_ATTRIBUTES', ['big'], new Set(['big']))).toBe(false);
    expect(fetchesBaseItems(table, { ...lsi, projection: { type: 'ALL' } }, 'ALL_ATTRIBUTES', [], undefined)).toBe(false);
  });

  it('charges the index by the summed entry sizes, rounded up once', () => {
    const meter = new IndexReadMeter(table, lsi, false, true);
    const view = meter.view(undefined);
    // Entries of about 1.5 KB each (note projected, big not): three make one 4 KB-plus read.
    for (const sk of ['a', 'b', 'c']) {
      const item = { pk: S('p'), sk: S(sk), lk: S('l'), note: S('n'.repeat(1500)), big: S('b'.repeat(5000)) };
      expect(view(item)).toBe(item);
    }
    expect(meter.consumed()).toEqual({ table: 0, indexes: [{ name: 'lsi', kind: 'local', units: 2 }] });
  });

  it('charges the table per fetched item, each rounded up on its own, halved when eventually consistent', () => {
    const meter = new IndexReadMeter(table, lsi, true, false);
    for (const sk of ['a', 'b']) meter.observe({ pk: S('p'), sk: S(sk), lk: S('l'), big: S('b'.repeat(5000)) });
    // Each base item is over 4 KB: 2 units each, halved; the two small entries: 1 unit, halved.
    expect(meter.consumed()).toEqual({ table: 2, indexes: [{ name: 'lsi', kind: 'local', units: 0.5 }] });
  });

  it('wraps the index view, which still decides what the read sees', () => {
    const meter = new IndexReadMeter(table, gsi, false, false);
    const view = meter.view((item) => ({ pk: item.pk! }));
    expect(view({ ...base, gk: S('g') })).toEqual({ pk: S('p') });
    expect(meter.consumed().indexes[0]!.units).toBe(0.5);
  });
});
