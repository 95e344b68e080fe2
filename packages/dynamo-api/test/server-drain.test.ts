import { afterEach, describe, expect, it } from 'vitest';
import { connect, type AddressInfo } from 'node:net';
import { createApiServer, type ApiContext } from '@dynaring/dynamo-api';
import { hashKeyTable } from './support/hash-table.js';

const table = hashKeyTable('held');
const GET_ITEM = JSON.stringify({ TableName: 'held', Key: { pk: { S: 'k' } } });
const HEADERS = { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.GetItem' };

/** A server whose reads wait until the test releases them, so requests stay in progress. */
async function heldServer() {
  const release: Array<() => void> = [];
  const context = {
    catalog: { get: () => table },
    coordinator: { read: () => new Promise((resolve) => release.push(() => resolve(null))) },
  } as unknown as ApiContext;
  const server = createApiServer({ context, localNodes: () => [] });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, port, url: `http://127.0.0.1:${port}/`, release };
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('draining the API server', () => {
  let close: () => void = () => {};
  afterEach(() => close());

  it('answers requests in progress, refuses new ones with a retryable 503, and takes no new connections', async () => {
    const { server, port, url, release } = await heldServer();
    close = () => server.closeAllConnections();
    const inFlight = fetch(url, { method: 'POST', headers: HEADERS, body: GET_ITEM });
    await until(() => release.length === 1);
    // A kept-alive connection whose next request is under way when the drain starts.
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
    const socketClosed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.write('POST / HTTP/1.1\r\nHost: x\r\n', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 50));

    const drained = server.drain(5_000);
    socket.write(`X-Amz-Target: DynamoDB_20120810.GetItem\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: ${GET_ITEM.length}\r\n\r\n${GET_ITEM}`);
    await socketClosed;
    expect(raw).toMatch(/^HTTP\/1\.1 503 /);
    expect(raw).toMatch(/\r\nConnection: close\r\n/i);
    expect(raw).toContain('"__type":"com.amazon.coral.availability#ServiceUnavailable"');
    await expect(fetch(url, { method: 'POST', headers: HEADERS, body: GET_ITEM })).rejects.toThrow();
    expect(release).toHaveLength(1);

    release[0]!();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.headers.get('connection')).toBe('close');
    await expect(drained).resolves.toBe(true);
  });

  it('cuts the connections of requests still running at the timeout', async () => {
    const { server, url, release } = await heldServer();
    const inFlight = fetch(url, { method: 'POST', headers: HEADERS, body: GET_ITEM });
    await until(() => release.length === 1);
    const startedMs = Date.now();
    await expect(server.drain(200)).resolves.toBe(false);
    expect(Date.now() - startedMs).toBeLessThan(2_000);
    await expect(inFlight).rejects.toThrow();
  });
});
