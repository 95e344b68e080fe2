import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: the bench is plain ESM without type declarations
import { ConnectionPool, KeepAliveConnection, ResponseParser, requestBytes, requestHead } from '../../bench/http1-connection.mjs';

type Response = { status: number; body: string; keepAlive: boolean };

function parse(pieces: string[], close = false): Response[] {
  const out: Response[] = [];
  const parser = new ResponseParser((status: number, body: Buffer, keepAlive: boolean) =>
    out.push({ status, body: body.toString('utf8'), keepAlive }),
  );
  for (const p of pieces) parser.feed(Buffer.from(p, 'latin1'));
  if (close) parser.end();
  return out;
}

/** Every way of cutting `text` in two, so each parser state meets a boundary. */
function everySplit(text: string): string[][] {
  return Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
}

describe('lean HTTP/1.1 response parser of the load generator', () => {
  it('reads back-to-back Content-Length responses, however the bytes are cut', () => {
    const text =
      'HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\n\r\n{}' +
      'HTTP/1.1 400 Bad Request\r\ncontent-length: 13\r\nConnection: keep-alive\r\n\r\n{"__type":1}\n' +
      'HTTP/1.1 204 No Content\r\n\r\n';
    const expected = [
      { status: 200, body: '{}', keepAlive: true },
      { status: 400, body: '{"__type":1}\n', keepAlive: true },
      { status: 204, body: '', keepAlive: true },
    ];
    for (const pieces of everySplit(text)) expect(parse(pieces)).toEqual(expected);
    expect(parse(text.split(''))).toEqual(expected);
  });

  it('reads chunked bodies with extensions and trailers, and skips interim 1xx responses', () => {
    const text =
      'HTTP/1.1 100 Continue\r\n\r\n' +
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n' +
      'HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\nok\r\n0\r\nX-Trailer: t\r\n\r\n';
    const expected = [
      { status: 200, body: 'hello world', keepAlive: true },
      { status: 500, body: 'ok', keepAlive: false },
    ];
    for (const pieces of everySplit(text)) expect(parse(pieces)).toEqual(expected);
  });

  it('reads a body without length up to the close, and refuses bytes that are not HTTP', () => {
    expect(parse(['HTTP/1.1 200 OK\r\n\r\npart one, ', 'part two'], true)).toEqual([
      { status: 200, body: 'part one, part two', keepAlive: false },
    ]);
    expect(parse(['HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n'])).toEqual([{ status: 200, body: '', keepAlive: false }]);
    expect(() => parse(['SSH-2.0-OpenSSH\r\n\r\n'])).toThrow(/not an HTTP\/1.x response/);
  });
});

describe('lean keep-alive connection of the load generator', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = undefined;
  });

  async function serve(handler: http.RequestListener): Promise<number> {
    server = http.createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return (server!.address() as AddressInfo).port;
  }

  function send(conn: InstanceType<typeof KeepAliveConnection> | InstanceType<typeof ConnectionPool>, head: Buffer, body: string) {
    return new Promise<{ err: Error | null; status: number; body: string | null }>((resolve) =>
      conn.send(requestBytes(head, body), (err: Error | null, status: number, res: Buffer | null) =>
        resolve({ err, status, body: res ? res.toString('utf8') : null }),
      ),
    );
  }

  it('sends the request a Node server parses, reuses one socket, and reconnects after Connection: close', async () => {
    const sockets = new Set<unknown>();
    const seen: string[] = [];
    const port = await serve((req, res) => {
      sockets.add(req.socket);
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${req.headers['x-amz-target']} ${req.headers.host} ${body}`);
        if (body === '"last"') res.setHeader('Connection', 'close');
        // Chunked (written before the end, no length known) and fixed-length responses alternate.
        if (seen.length % 2 === 0) res.end(body);
        else {
          res.write(body);
          res.end();
        }
      });
    });
    const conn = new KeepAliveConnection('127.0.0.1', port);
    const head = requestHead('127.0.0.1', port, { 'X-Amz-Target': 'DynamoDB_20120810.PutItem' });
    for (let i = 0; i < 5; i++) expect(await send(conn, head, `{"i":${i}}`)).toEqual({ err: null, status: 200, body: `{"i":${i}}` });
    expect(sockets.size).toBe(1);
    expect(await send(conn, head, '"last"')).toEqual({ err: null, status: 200, body: '"last"' });
    expect(await send(conn, head, '{"after":"close"}')).toEqual({ err: null, status: 200, body: '{"after":"close"}' });
    expect(sockets.size).toBe(2);
    expect(seen[0]).toBe(`POST / DynamoDB_20120810.PutItem 127.0.0.1:${port} {"i":0}`);
    conn.destroy();
  });

  it('reports a connection the server drops mid-request as an error, then serves the next request', async () => {
    let n = 0;
    const port = await serve((req, res) => {
      if (++n === 1) {
        req.socket.destroy();
        return;
      }
      res.end('fine');
    });
    const conn = new KeepAliveConnection('127.0.0.1', port);
    const head = requestHead('127.0.0.1', port, {});
    const dropped = await send(conn, head, 'x');
    expect(dropped.err).toBeInstanceOf(Error);
    expect(dropped.body).toBeNull();
    expect(await send(conn, head, 'y')).toEqual({ err: null, status: 200, body: 'fine' });
    conn.destroy();
    const after = await send(conn, head, 'z');
    expect(after.err?.message).toBe('connection destroyed');
  });

  it('pool: as many connections as requests in flight, the most recently freed one reused first', async () => {
    const sockets: unknown[] = [];
    const port = await serve((req, res) => {
      if (!sockets.includes(req.socket)) sockets.push(req.socket);
      res.end(String(sockets.indexOf(req.socket)));
    });
    const pool = new ConnectionPool('127.0.0.1', port);
    const head = requestHead('127.0.0.1', port, {});
    const completed: Array<string | null> = [];
    await Promise.all(['a', 'b', 'c'].map((body) => send(pool, head, body).then((r) => completed.push(r.body))));
    expect([...completed].sort()).toEqual(['0', '1', '2']);
    expect(pool.size).toBe(3);
    // One at a time: always the connection freed last.
    const last = completed[2];
    for (let i = 0; i < 4; i++) expect((await send(pool, head, 'd')).body).toBe(last);
    expect(pool.size).toBe(3);
    pool.destroy();
  });
});
