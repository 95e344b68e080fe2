// Raw DynamoDB JSON 1.0 over keep-alive HTTP. No SDK: the generator shares the machine with
// the server under test, so it must spend as little CPU per request as possible.
import http from 'node:http';

/** ISO-8601 basic format, as SigV4 wants in X-Amz-Date. */
function amzDate(now = new Date()) {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

const date = amzDate();
// Servers under test accept any well-formed SigV4 header without verifying the signature;
// a fixed one saves an HMAC per request.
const AUTHORIZATION =
  `AWS4-HMAC-SHA256 Credential=AKIDBENCHMARK/${date.slice(0, 8)}/us-east-1/dynamodb/aws4_request, ` +
  'SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=' + '0'.repeat(64);

/**
 * Request options for one operation, built once and reused for every request: Node copies
 * them into each ClientRequest and fills Content-Length itself from the body given to end().
 */
export function requestOptions(endpoint, agent, op) {
  const url = new URL(endpoint);
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port || 80,
    method: 'POST',
    path: '/',
    agent,
    headers: requestHeaders(op),
  };
}

/** The headers of a DynamoDB JSON 1.0 request for `op` (e.g. `PutItem`), other than Host and Content-Length. */
export function requestHeaders(op) {
  return {
    'Content-Type': 'application/x-amz-json-1.0',
    'X-Amz-Target': `DynamoDB_20120810.${op}`,
    'X-Amz-Date': date,
    Authorization: AUTHORIZATION,
  };
}

export function createAgent(concurrency) {
  return new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}

/**
 * One request outside the hot path (setup, preload): resolves with the status code and the
 * parsed body; rejects only on network errors.
 */
export function call(endpoint, agent, op, payload) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = http.request(requestOptions(endpoint, agent, op), (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = text ? JSON.parse(text) : {};
        } catch {
          json = { raw: text };
        }
        resolve({ status: res.statusCode, body: json, text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` -> `ResourceNotFoundException`. */
export function errorType(body) {
  const type = body && typeof body.__type === 'string' ? body.__type : '';
  return type.slice(type.lastIndexOf('#') + 1);
}
