import * as http from 'node:http';
import { ClusterError } from '@dynaring/core';
import { crc32, crc32OfText } from './crc32.js';
import { DynamoApiError, fromClusterError, internal, serialization, throttled, unknownOperation } from './errors.js';
import type { ApiContext } from './operation.js';
import { operations } from './operations/index.js';

/** DynamoDB's limit on a request body. */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const TARGET_PREFIXES = ['DynamoDB_20120810.', 'DynamoDB_20111205.'];
const JSON_CONTENT_TYPES = new Set(['application/x-amz-json-1.0', 'application/json', 'application/x-amz-json-1.1']);

/**
 * The query options of `GET /localnodes`, as Alternator reads them: `dc` names a datacenter
 * (default: the node's own) and `rack` keeps one rack of it. Empty values count as absent.
 */
export interface LocalNodesScope {
  dc?: string;
  rack?: string;
}

export interface ApiServerOptions {
  context: ApiContext;
  /**
   * Requests this node works on at once; beyond it clients get a ThrottlingException (which
   * SDKs retry with backoff) instead of the node queueing without bound. Default 1024.
   */
  maxConcurrentRequests?: number;
  /** Request body bytes held at once, for the same reason. Default 256 MiB. */
  maxInFlightBytes?: number;
  /** Addresses of live nodes for `GET /localnodes` in the scope its query asks for; a single node lists itself. */
  localNodes: (scope: LocalNodesScope) => string[];
  onError?: (err: unknown, operation: string) => void;
  /**
   * Told of every POST once answered: its X-Amz-Target operation ("unknown" when there is
   * none we serve), its duration and the DynamoDB error name it failed with, if it did.
   */
  onRequest?: (operation: string, durationMs: number, errorType: string | undefined) => void;
  /** The body of `GET /metrics` (Prometheus text format); without it the path is a 404. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
}

/** The HTTP server of the DynamoDB API, which can drain before the node stops. */
export interface ApiServer extends http.Server {
  /**
   * Stops taking connections and requests and waits (at most `timeoutMs`) for the requests in
   * progress to be answered; connections still busy then are cut. Each answer given from now
   * on closes its connection, and a request that arrives on a kept-alive connection is refused
   * with a 503 that nothing was done for: SDKs retry it on a new connection, which a load
   * balancer sends to another node. Resolves true if every request finished in time.
   */
  drain(timeoutMs: number): Promise<boolean>;
}

/** Per server: whether it drains, which makes every answer close its connection. */
interface ServerState {
  draining: boolean;
}

let requestCounter = 0;
/** The clock part of request ids, formatted once per millisecond rather than per request. */
let idMillis = -1;
let idMillisText = '';
function requestId(): string {
  requestCounter = (requestCounter + 1) % 0x7fffffff;
  const now = Date.now();
  if (now !== idMillis) {
    idMillis = now;
    idMillisText = now.toString(36).toUpperCase();
  }
  return (idMillisText + requestCounter.toString(36).toUpperCase()).padStart(20, '0');
}

/**
 * The body stays a string: Node then writes headers and body as one string instead of
 * gathering a header string and a body Buffer, and the CRC is taken on the same text.
 */
function send(res: http.ServerResponse, status: number, payload: unknown, contentType: string, state: ServerState): void {
  // Operations with no output (TagResource, UntagResource) answer with an empty body, as DynamoDB does.
  const body = payload === undefined ? '' : JSON.stringify(payload);
  // Clients reconnect (elsewhere, behind a load balancer) instead of reusing a connection that is about to go.
  if (state.draining) res.setHeader('Connection', 'close');
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body, 'utf8'),
    'x-amz-crc32': String(crc32OfText(body)),
    'x-amzn-RequestId': requestId(),
  });
  res.end(body, 'utf8');
}

function sendError(res: http.ServerResponse, err: DynamoApiError, contentType: string, state: ServerState): void {
  send(res, err.httpStatus, err.toBody(), contentType, state);
}

/** The operation an X-Amz-Target names, when this node serves it. */
function operationNameOf(req: http.IncomingMessage): string {
  const target = req.headers['x-amz-target'];
  const prefix = typeof target === 'string' ? targetPrefix(target) : undefined;
  if (prefix === undefined) return 'unknown';
  const name = (target as string).slice(prefix.length);
  return operations[name] ? name : 'unknown';
}

const shuttingDown = () =>
  new DynamoApiError('ServiceUnavailable', 'This node is shutting down; retry the request', 503, {}, 'com.amazon.coral.availability#');

/** Maps an operation's failure to the error DynamoDB would answer with. */
function operationError(err: unknown): DynamoApiError {
  if (err instanceof DynamoApiError) return err;
  if (err instanceof ClusterError) return fromClusterError(err);
  return Object.assign(internal(), { cause: err });
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const maxRequests = options.maxConcurrentRequests ?? 1024;
  const maxBytes = options.maxInFlightBytes ?? 256 * 1024 * 1024;
  const state: ServerState = { draining: false };
  let inFlight = 0;
  let inFlightBytes = 0;
  const server = http.createServer({ keepAlive: true, keepAliveTimeout: 65_000 }, (req, res) => {
    if (req.headers.origin) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', 'x-amzn-RequestId,x-amz-crc32');
    }
    if (req.method === 'OPTIONS') {
      const reqHeaders = req.headers['access-control-request-headers'];
      const reqMethod = req.headers['access-control-request-method'];
      if (reqHeaders) res.setHeader('Access-Control-Allow-Headers', reqHeaders);
      if (reqMethod) res.setHeader('Access-Control-Allow-Methods', reqMethod);
      res.setHeader('Access-Control-Max-Age', '172800');
      res.writeHead(200, { 'Content-Length': 0 });
      res.end();
      return;
    }
    if (state.draining) res.setHeader('Connection', 'close');
    if (req.method === 'GET' || req.method === 'HEAD') {
      handleGet(req, res, options);
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(404, { 'Content-Length': 0 });
      res.end();
      return;
    }
    if (state.draining) {
      req.resume();
      const refused = shuttingDown();
      sendError(res, refused, 'application/x-amz-json-1.0', state);
      options.onRequest?.(operationNameOf(req), 0, refused.type);
      return;
    }
    readBody(req, res, state, (raw) => {
      if (inFlight >= maxRequests || inFlightBytes + raw.length > maxBytes) {
        sendError(res, throttled('Too many requests in progress on this node; retry with backoff'), 'application/x-amz-json-1.0', state);
        options.onRequest?.(operationNameOf(req), 0, 'ThrottlingException');
        return;
      }
      inFlight++;
      inFlightBytes += raw.length;
      void handlePost(req, res, raw, options, state).finally(() => {
        inFlight--;
        inFlightBytes -= raw.length;
      });
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  let drained: Promise<boolean> | undefined;
  const drain = (timeoutMs: number): Promise<boolean> =>
    (drained ??= new Promise<boolean>((resolve) => {
      state.draining = true;
      let timer: NodeJS.Timeout | undefined;
      // close() waits for every connection to end: busy ones end after their answer (Connection: close).
      server.close(() => {
        clearTimeout(timer);
        resolve(true);
      });
      server.closeIdleConnections();
      timer = setTimeout(() => {
        server.closeAllConnections();
        resolve(false);
      }, timeoutMs);
    }));
  return Object.assign(server, { drain });
}

function handleGet(req: http.IncomingMessage, res: http.ServerResponse, options: ApiServerOptions): void {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  let body: string;
  let type = 'text/plain';
  if (path === '/metrics' && options.metrics) {
    serveMetrics(req, res, options.metrics);
    return;
  } else if (path === '/localnodes') {
    const query = new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1));
    body = JSON.stringify(options.localNodes({ dc: query.get('dc') || undefined, rack: query.get('rack') || undefined }));
    type = 'application/json';
  } else if (path === '/' || path === '') {
    // As Alternator: the health check names the address the client used.
    body = `healthy: ${req.headers.host ?? options.context.advertisedAddress()}`;
  } else {
    res.writeHead(404, { 'Content-Length': 0 });
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse, metrics: NonNullable<ApiServerOptions['metrics']>): void {
  metrics().then(
    ({ contentType, body }) => {
      res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
    () => {
      res.writeHead(500, { 'Content-Length': 0 });
      res.end();
    },
  );
}

/** Past this many bytes of an oversized body we stop draining it and drop the connection. */
const MAX_DRAINED_BYTES = 4 * MAX_REQUEST_BYTES;

/**
 * Buffers a request body up to DynamoDB's limit. An oversized body is drained and discarded
 * before the 413 goes out, so that clients still writing it can read the answer instead of
 * seeing the connection reset.
 */
function readBody(req: http.IncomingMessage, res: http.ServerResponse, state: ServerState, done: (raw: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES ? MAX_REQUEST_BYTES + 1 : 0;
  let finished = false;
  req.on('data', (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size <= MAX_REQUEST_BYTES) {
      chunks.push(chunk);
      return;
    }
    chunks.length = 0;
    if (size > MAX_DRAINED_BYTES) {
      finished = true;
      tooLarge(res, state);
      res.on('finish', () => req.socket.destroy());
    }
  });
  req.on('end', () => {
    if (finished) return;
    finished = true;
    if (size > MAX_REQUEST_BYTES) tooLarge(res, state);
    else done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
  });
  req.on('error', () => {
    finished = true;
  });
}

function tooLarge(res: http.ServerResponse, state: ServerState): void {
  const err = new DynamoApiError(
    'RequestEntityTooLargeException',
    `Request size exceeds ${MAX_REQUEST_BYTES} bytes`,
    413,
    {},
    'com.amazon.coral.service#',
  );
  res.setHeader('Connection', 'close');
  sendError(res, err, 'application/x-amz-json-1.0', state);
}

/** The media type of a Content-Type header, lower case; SDKs send it bare, which needs no parsing. */
function normalContentType(header: string | undefined): string {
  if (header === 'application/x-amz-json-1.0') return header;
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function targetPrefix(target: string): string | undefined {
  for (const prefix of TARGET_PREFIXES) if (target.startsWith(prefix)) return prefix;
  return undefined;
}

async function handlePost(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  raw: Buffer,
  options: ApiServerOptions,
  state: ServerState,
): Promise<void> {
  const started = performance.now();
  const contentTypeHeader = normalContentType(req.headers['content-type']);
  const contentType = contentTypeHeader === 'application/json' ? 'application/json' : 'application/x-amz-json-1.0';
  let operationName = 'unknown';
  let errorType: string | undefined;
  try {
    if (raw.length > 0 && !JSON_CONTENT_TYPES.has(contentTypeHeader)) {
      // DynamoDB answers any non-JSON content type as an unknown operation, with a 404.
      errorType = 'UnknownOperationException';
      const body = '<UnknownOperationException/>\n';
      res.writeHead(404, { 'Content-Length': Buffer.byteLength(body), 'x-amz-crc32': String(crc32(Buffer.from(body))) });
      res.end(body);
      return;
    }
    const target = req.headers['x-amz-target'];
    const prefix = typeof target === 'string' ? targetPrefix(target) : undefined;
    const op = prefix ? operations[(target as string).slice(prefix.length)] : undefined;
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw serialization('');
      }
    }
    if (!op) throw unknownOperation();
    operationName = (target as string).slice(prefix!.length);
    if (body === undefined) throw serialization('');
    let result: unknown;
    try {
      // Awaited here rather than in a wrapper: one promise less per request.
      result = await op(body, options.context);
    } catch (err) {
      throw operationError(err);
    }
    send(res, 200, result, contentType, state);
  } catch (err) {
    const apiError = err instanceof DynamoApiError ? err : internal();
    errorType = apiError.type;
    if (apiError.httpStatus >= 500) options.onError?.((apiError as { cause?: unknown }).cause ?? err, operationName);
    if (!res.headersSent) sendError(res, apiError, contentType, state);
  } finally {
    options.onRequest?.(operationName, performance.now() - started, errorType);
  }
}
