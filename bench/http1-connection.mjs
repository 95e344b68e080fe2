// A minimal HTTP/1.1 keep-alive client connection for the load generator's hot path.
// Why not node:http: its ClientRequest/IncomingMessage machinery costs ~70 µs of CPU per
// request, about as much as a lone dynaring node spends serving a PutItem. The generator
// shares the cores with the servers under test, so every microsecond it spends is taken from
// them, and unevenly: a lone node cannot use more than about one core, a three-node cluster
// can use all of them. This client writes prebuilt request bytes and parses only what a
// closed loop needs (status, body length, whether the server keeps the connection), ~20 µs.
import net from 'node:net';

const CRLF2 = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/**
 * Incremental parser of responses on one connection: feed it bytes as they arrive, it calls
 * `onResponse(status, body, keepAlive)` once per complete response. Understands
 * Content-Length, chunked transfer coding and bodies delimited by the connection's close
 * (call `end()` then). Throws on bytes that are not an HTTP/1.x response.
 */
export class ResponseParser {
  /** @param {(status: number, body: Buffer, keepAlive: boolean) => void} onResponse */
  constructor(onResponse) {
    this.onResponse = onResponse;
    this.buf = null;
    this.reset();
  }

  reset() {
    this.status = 0;
    this.keepAlive = true;
    this.mode = 'head'; // head | length | chunk-size | chunk-data | chunk-trailer | until-close
    this.remaining = 0;
    this.chunks = [];
  }

  /** @param {Buffer} data */
  feed(data) {
    this.buf = this.buf === null || this.buf.length === 0 ? data : Buffer.concat([this.buf, data]);
    while (this.buf !== null && this.buf.length > 0 && this.step()) {}
  }

  /** The server closed the connection: completes a body that runs until the close. */
  end() {
    if (this.mode === 'until-close') {
      if (this.buf && this.buf.length) this.chunks.push(this.buf);
      this.buf = null;
      this.complete(false);
    }
  }

  /** Consumes what it can from `buf`; false when it needs more bytes. */
  step() {
    const buf = this.buf;
    switch (this.mode) {
      case 'head': {
        const end = buf.indexOf(CRLF2);
        if (end < 0) return false;
        this.head(buf.latin1Slice(0, end));
        this.buf = buf.subarray(end + 4);
        if (this.mode === 'length' && this.remaining === 0) this.complete(this.keepAlive);
        return true;
      }
      case 'length': {
        const n = Math.min(this.remaining, buf.length);
        this.chunks.push(buf.subarray(0, n));
        this.buf = buf.subarray(n);
        this.remaining -= n;
        if (this.remaining === 0) this.complete(this.keepAlive);
        return true;
      }
      case 'chunk-size': {
        const end = buf.indexOf(CRLF);
        if (end < 0) return false;
        const size = parseInt(buf.latin1Slice(0, end), 16); // chunk extensions after ';' are ignored
        if (!(size >= 0)) throw new Error(`bad chunk size ${JSON.stringify(buf.latin1Slice(0, end))}`);
        this.buf = buf.subarray(end + 2);
        this.remaining = size;
        this.mode = size === 0 ? 'chunk-trailer' : 'chunk-data';
        return true;
      }
      case 'chunk-data': {
        // The chunk's bytes, then its CRLF.
        if (this.remaining > 0) {
          const n = Math.min(this.remaining, buf.length);
          this.chunks.push(buf.subarray(0, n));
          this.buf = buf.subarray(n);
          this.remaining -= n;
          return true;
        }
        if (buf.length < 2) return false;
        this.buf = buf.subarray(2);
        this.mode = 'chunk-size';
        return true;
      }
      case 'chunk-trailer': {
        // Trailer fields (usually none), ended by an empty line.
        if (buf.length >= 2 && buf[0] === 13 && buf[1] === 10) {
          this.buf = buf.subarray(2);
          this.complete(this.keepAlive);
          return true;
        }
        const end = buf.indexOf(CRLF2);
        if (end < 0) return false;
        this.buf = buf.subarray(end + 4);
        this.complete(this.keepAlive);
        return true;
      }
      case 'until-close':
        this.chunks.push(buf);
        this.buf = null;
        return false;
    }
    return false;
  }

  head(text) {
    if (!text.startsWith('HTTP/1.')) throw new Error(`not an HTTP/1.x response: ${JSON.stringify(text.slice(0, 40))}`);
    this.status = Number(text.slice(9, 12));
    const http10 = text[7] === '0';
    let length = -1;
    let chunked = false;
    let connection = '';
    // Header names are case-insensitive; only three matter here.
    for (const line of text.split('\r\n').slice(1)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.split(',').pop().trim() === 'chunked';
      else if (name === 'connection') connection = value;
    }
    this.keepAlive = http10 ? connection === 'keep-alive' : !connection.split(',').some((t) => t.trim() === 'close');
    const noBody = this.status === 204 || this.status === 304 || (this.status >= 100 && this.status < 200);
    if (noBody) {
      this.mode = 'length';
      this.remaining = 0;
    } else if (chunked) this.mode = 'chunk-size';
    else if (length >= 0) {
      this.mode = 'length';
      this.remaining = length;
    } else {
      this.mode = 'until-close';
      this.keepAlive = false;
    }
  }

  complete(keepAlive) {
    const { status, chunks } = this;
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    this.reset();
    // A 1xx is interim: the real response follows on the same connection.
    if (status >= 100 && status < 200) return;
    this.onResponse(status, body, keepAlive);
  }
}

/**
 * One keep-alive connection carrying one request at a time (the generator's workers are
 * closed loops). Connects lazily, reconnects after the server closes it.
 */
export class KeepAliveConnection {
  /**
   * @param {string} host
   * @param {number} port
   */
  constructor(host, port) {
    this.host = host;
    this.port = port;
    this.socket = null;
    this.pending = null; // the callback of the request in flight
    this.destroyed = false;
  }

  /**
   * Sends `request` (the complete request bytes) and calls `done(err, status, body)` once.
   * @param {Buffer} request
   * @param {(err: Error | null, status: number, body: Buffer | null) => void} done
   */
  send(request, done) {
    if (this.pending) throw new Error('one request at a time per connection');
    if (this.destroyed) {
      process.nextTick(done, new Error('connection destroyed'), 0, null);
      return;
    }
    this.pending = done;
    if (this.socket === null) this.open();
    this.socket.write(request);
  }

  open() {
    const socket = net.connect(this.port, this.host);
    socket.setNoDelay(true);
    this.socket = socket;
    // A parser per socket: bytes left from a dropped connection never meet the next one's.
    const parser = new ResponseParser((status, body, keepAlive) => this.settle(null, status, body, keepAlive));
    socket.on('data', (data) => {
      try {
        parser.feed(data);
      } catch (err) {
        this.fail(err);
      }
    });
    socket.on('end', () => {
      parser.end();
      if (this.socket === socket) this.fail(new Error('server closed the connection'));
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => {
      if (this.socket === socket) this.fail(new Error('connection closed'));
    });
  }

  settle(err, status, body, keepAlive) {
    const done = this.pending;
    this.pending = null;
    if (!keepAlive || err) this.drop();
    if (done) done(err, status, body);
  }

  fail(err) {
    this.drop();
    if (this.pending) this.settle(err, 0, null, false);
  }

  drop() {
    const socket = this.socket;
    if (socket === null) return;
    this.socket = null;
    socket.destroy();
  }

  destroy() {
    this.destroyed = true;
    this.fail(new Error('connection destroyed'));
  }
}

/**
 * Keep-alive connections to one server, reused last-in first-out as node:http's Agent and
 * HTTP load balancers reuse theirs: a request takes the connection freed most recently, so
 * the server sees about as many busy connections as requests in flight, not one per client
 * that ever talked to it.
 */
export class ConnectionPool {
  /** @param {string} host @param {number} port */
  constructor(host, port) {
    this.host = host;
    this.port = port;
    /** @type {KeepAliveConnection[]} */
    this.idle = [];
    /** @type {Set<KeepAliveConnection>} */
    this.all = new Set();
  }

  /**
   * Sends `request` on an idle connection (a new one if none is idle) and calls
   * `done(err, status, body)`; the connection is idle again when `done` runs.
   * @param {Buffer} request
   * @param {(err: Error | null, status: number, body: Buffer | null) => void} done
   */
  send(request, done) {
    let conn = this.idle.pop();
    if (conn === undefined) {
      conn = new KeepAliveConnection(this.host, this.port);
      this.all.add(conn);
    }
    const c = conn;
    c.send(request, (err, status, body) => {
      if (!c.destroyed) this.idle.push(c);
      done(err, status, body);
    });
  }

  /** How many connections the pool has opened and kept. */
  get size() {
    return this.all.size;
  }

  destroy() {
    for (const conn of this.all) conn.destroy();
    this.idle = [];
  }
}

/**
 * The fixed part of a request's head: request line and headers up to the value of
 * Content-Length, which requestBytes appends per body.
 * @param {string} host @param {number|string} port @param {Record<string, string>} headers
 */
export function requestHead(host, port, headers) {
  let head = `POST / HTTP/1.1\r\nHost: ${host}:${port}\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  return Buffer.from(head + 'Content-Length: ', 'latin1');
}

/** The complete bytes of a request: `head` from requestHead, then the body's length and the body. */
export function requestBytes(head, body) {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([head, Buffer.from(`${b.length}\r\n\r\n`, 'latin1'), b]);
}
