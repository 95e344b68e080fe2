import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApiServer, type ApiContext } from '@dynaring/dynamo-api';
import { hashKeyTable } from './support/hash-table.js';

const table = hashKeyTable('slow');

describe('overload', () => {
  let server: Server;
  let url: string;
  const release: Array<() => void> = [];
  beforeAll(async () => {
    const context = {
      catalog: { get: () => table },
      // Reads wait until the test releases them, so requests pile up in flight.
      coordinator: { read: () => new Promise((resolve) => release.push(() => resolve(null))) },
    } as unknown as ApiContext;
    server = createApiServer({ context, localNodes: () => [], maxConcurrentRequests: 2 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const getItem = () =>
    fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.GetItem' },
      body: JSON.stringify({ TableName: 'slow', Key: { pk: { S: 'k' } } }),
    });

  it('answers requests beyond the limit with a ThrottlingException and serves the rest', async () => {
    const first = getItem();
    const second = getItem();
    while (release.length < 2) await new Promise((r) => setTimeout(r, 5));
    const third = await getItem();
    expect(third.status).toBe(400);
    expect(((await third.json()) as { __type: string }).__type).toBe('com.amazon.coral.availability#ThrottlingException');
    for (const r of release) r();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    release.length = 0;
    const after = getItem();
    while (release.length < 1) await new Promise((r) => setTimeout(r, 5));
    release[0]!();
    expect((await after).status).toBe(200);
  });
});
