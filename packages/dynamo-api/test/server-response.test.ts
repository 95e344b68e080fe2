import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApiServer, type ApiContext } from '@dynaring/dynamo-api';
import { hashKeyTable } from './support/hash-table.js';

const table = hashKeyTable('tbl');

/** Non-ASCII text, so that characters and UTF-8 bytes differ in number. */
const stored = { pk: { S: 'k' }, v: { S: 'héllo wörld \u{1F600}' } };

describe('response encoding', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const context = { catalog: { get: () => table }, coordinator: { read: async () => stored } } as unknown as ApiContext;
    server = createApiServer({ context, localNodes: () => [] });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the UTF-8 body with its byte length, CRC32 and a request id', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.GetItem' },
      body: JSON.stringify({ TableName: 'tbl', Key: { pk: { S: 'k' } } }),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(bytes.toString('utf8')).toBe(JSON.stringify({ Item: stored }));
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('x-amz-crc32')).toBe(String(zlib.crc32(bytes)));
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9A-Z]{20}$/);
  });
});
