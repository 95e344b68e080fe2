import { describe, expect, it } from 'vitest';
import { POINTER_RANGE_ATTRIBUTE, type SecondaryIndexMeta, type TableMeta } from '@dynaring/core';
import { TableCatalog, type SchemaStore } from '@dynaring/coordinator';
import { IndexCatalog } from '../src/indexes/index-catalog.js';
import { storageIdsOf, withIndexTables } from '../src/indexes/index-tables.js';

function memoryStore(): SchemaStore {
  const tables = new Map<string, TableMeta>();
  return {
    list: async () => [...tables.values()],
    put: async (m) => void tables.set(m.name, m),
    remove: async (n) => void tables.delete(n),
  };
}

const index = (id: string, kind: SecondaryIndexMeta['kind'], status: SecondaryIndexMeta['status'] = 'ACTIVE'): SecondaryIndexMeta => ({
  name: `by-${id}`,
  kind,
  id,
  keySchema: kind === 'global' ? { hash: { name: 'g', type: 'S' } } : { hash: { name: 'pk', type: 'S' }, range: { name: 'l', type: 'N' } },
  projection: { type: 'ALL' },
  status,
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  createdMs: 0,
});

const table = (name: string, id: string, indexes?: SecondaryIndexMeta[]): TableMeta => ({
  name,
  id,
  keySchema: { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'S' } },
  attributeDefinitions: [],
  billingMode: 'PAY_PER_REQUEST',
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  creationDateTimeMs: 100,
  rf: 3,
  tags: { 'system:gc_grace_seconds': '60' },
  indexes,
});

async function setup(...tables: TableMeta[]) {
  const catalog = new TableCatalog(memoryStore());
  await catalog.load();
  for (const t of tables) await catalog.create(t);
  const dropped: string[] = [];
  const indexes = new IndexCatalog(catalog, { tokenOf: () => 42n, dropData: (id) => dropped.push(id) });
  return { catalog, indexes, dropped };
}

describe('IndexCatalog', () => {
  it('resolves a base table id to its maintained indexes, and a table without indexes to undefined', async () => {
    const gsi = index('gsi', 'global');
    const lsi = index('lsi', 'local', 'CREATING');
    const { indexes } = await setup(table('T', 't1', [gsi, lsi, index('old', 'global', 'DELETING')]), table('Plain', 'p1'));
    expect(indexes.indexesOf('t1')).toEqual({ baseKeySchema: table('T', 't1').keySchema, indexes: [gsi, lsi] });
    expect(indexes.indexesOf('p1')).toBeUndefined();
    expect(indexes.indexesOf('gsi')).toBeUndefined();
    expect(indexes.tokenOf({ S: 'x' })).toBe(42n);
  });

  it('follows schema changes: an index added by UpdateTable is maintained from then on', async () => {
    const { catalog, indexes } = await setup(table('T', 't1'));
    expect(indexes.indexesOf('t1')).toBeUndefined();
    const gsi = index('gsi', 'global', 'CREATING');
    await catalog.update({ ...table('T', 't1', [gsi]), lastUpdateMs: 200 });
    expect(indexes.indexesOf('t1')?.indexes).toEqual([gsi]);
    expect(indexes.indexById('gsi')?.table.id).toBe('t1');
  });

  it('counts table ids and index ids as live, and nothing else', async () => {
    const { indexes } = await setup(table('T', 't1', [index('gsi', 'global')]));
    expect(indexes.isLive('t1')).toBe(true);
    expect(indexes.isLive('gsi')).toBe(true);
    expect(indexes.isLive('dropped-table')).toBe(false);
  });

  it('drops the data of a deleted table and of every one of its indexes', async () => {
    const { catalog, indexes, dropped } = await setup(table('T', 't1', [index('gsi', 'global'), index('lsi', 'local')]), table('Other', 'o1'));
    await catalog.remove('T', 300);
    expect(dropped.sort()).toEqual(['gsi', 'lsi', 't1']);
    expect(indexes.isLive('gsi')).toBe(false);
    expect(indexes.indexesOf('t1')).toBeUndefined();
  });

  it('drops the pointer rows of an index removed from its table, and nothing else', async () => {
    const keep = index('keep', 'global');
    const { catalog, dropped } = await setup(table('T', 't1', [keep, index('gone', 'global', 'DELETING')]));
    await catalog.update({ ...table('T', 't1', [keep]), lastUpdateMs: 200 });
    expect(dropped).toEqual(['gone']);
  });

  it('drops the indexes of an incarnation replaced through a schema merge', async () => {
    const { catalog, dropped } = await setup(table('T', 'old', [index('old-gsi', 'global')]));
    await catalog.merge({ tables: [{ ...table('T', 'new', [index('new-gsi', 'global')]), creationDateTimeMs: 500 }], dropped: [] });
    expect(dropped.sort()).toEqual(['old', 'old-gsi']);
  });
});

describe('withIndexTables', () => {
  it('lists each table followed by the pointer pseudo-table of each of its indexes', () => {
    const t = table('T', 't1', [index('gsi', 'global'), index('lsi', 'local')]);
    const stored = withIndexTables([t, table('Plain', 'p1')]);
    expect(stored.map((s) => [s.id, s.name])).toEqual([
      ['t1', 'T'],
      ['gsi', 'T/by-gsi'],
      ['lsi', 'T/by-lsi'],
      ['p1', 'Plain'],
    ]);
    // Pseudo-tables keep what placement and sweeps read from the table: rf and the gc_grace tag.
    expect(stored[1]).toMatchObject({ rf: 3, tags: t.tags, keySchema: { hash: { name: 'g' }, range: { name: POINTER_RANGE_ATTRIBUTE, type: 'B' } } });
    expect(storageIdsOf(t)).toEqual(['t1', 'gsi', 'lsi']);
  });
});
