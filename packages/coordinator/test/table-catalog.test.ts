import { describe, expect, it } from 'vitest';
import type { TableMeta } from '@dynaring/core';
import { TableCatalog, type SchemaStore } from '@dynaring/coordinator';

function memoryStore(): SchemaStore {
  const tables = new Map<string, TableMeta>();
  return {
    list: async () => [...tables.values()],
    put: async (m) => void tables.set(m.name, m),
    remove: async (n) => void tables.delete(n),
  };
}

function memoryState() {
  const values = new Map<string, string>();
  return { get: async (k: string) => values.get(k), put: async (k: string, v: string) => void values.set(k, v) };
}

const meta = (name: string, id: string, createdMs: number, extra: Partial<TableMeta> = {}): TableMeta => ({
  name,
  id,
  keySchema: { hash: { name: 'pk', type: 'S' } },
  attributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  billingMode: 'PAY_PER_REQUEST',
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  creationDateTimeMs: createdMs,
  rf: 1,
  tags: {},
  ...extra,
});

async function node() {
  const c = new TableCatalog(memoryStore(), memoryState());
  await c.load();
  return c;
}

describe('TableCatalog merge', () => {
  it('converges two nodes that created, updated and dropped tables independently', async () => {
    const a = await node();
    const b = await node();
    await a.create(meta('users', 'u1', 100));
    await a.create(meta('old', 'o1', 50));
    await b.merge(a.snapshot());
    await b.update({ ...b.get('users')!, billingMode: 'PROVISIONED', lastUpdateMs: 200 });
    await a.remove('old', 300);
    await b.create(meta('orders', 'r1', 400));
    await a.merge(b.snapshot());
    await b.merge(a.snapshot());
    expect(a.version()).toBe(b.version());
    expect(a.names()).toEqual(['orders', 'users']);
    expect(a.get('users')!.billingMode).toBe('PROVISIONED');
  });

  it('keeps a dropped incarnation dropped when a node that missed the drop gossips it back', async () => {
    const a = await node();
    const b = await node();
    await a.create(meta('t', 'id1', 100));
    await b.merge(a.snapshot());
    await a.remove('t', 200);
    await a.create(meta('t', 'id2', 300));
    const dropped: string[] = [];
    b.onChange((c) => dropped.push(...c.dropped.map((m) => m.id)));
    await a.merge(b.snapshot()); // b still has id1
    expect(a.get('t')!.id).toBe('id2');
    await b.merge(a.snapshot());
    expect(b.get('t')!.id).toBe('id2');
    expect(dropped).toEqual(['id1']);
  });

  it('keeps the later of two incarnations created concurrently under one name', async () => {
    const a = await node();
    const b = await node();
    await a.create(meta('t', 'early', 100));
    await b.create(meta('t', 'late', 101));
    await a.merge(b.snapshot());
    await b.merge(a.snapshot());
    expect(a.get('t')!.id).toBe('late');
    expect(b.get('t')!.id).toBe('late');
    expect(a.version()).toBe(b.version());
  });
});
