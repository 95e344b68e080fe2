import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { testCredentials } from './endpoint.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: Record<string, unknown> | undefined;
}

export interface RawRequestOptions {
  /** Operation name, sent as `X-Amz-Target: DynamoDB_20120810.<target>`; null sends no target. */
  target?: string | null;
  /** A string is sent as is; anything else is JSON-encoded. */
  body?: unknown;
  headers?: Record<string, string>;
  method?: string;
  path?: string;
  /** Sign with SigV4 like a real client (default); false sends no Authorization header. */
  sign?: boolean;
}

/**
 * One HTTP request built by hand, so tests can send what no SDK would: broken JSON, wrong
 * types, missing headers. Signed with the test credentials so a server that checks
 * signatures gets past authentication to the part under test.
 */
export function rawRequest(endpoint: string, opts: RawRequestOptions = {}): Promise<RawResponse> {
  const url = new URL(opts.path ?? '/', endpoint);
  const method = opts.method ?? 'POST';
  const body = opts.body === undefined ? '' : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const payload = Buffer.from(body, 'utf8');
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.0',
    'content-length': String(payload.length),
  };
  const target = opts.target === undefined ? 'ListTables' : opts.target;
  if (target !== null) headers['x-amz-target'] = `DynamoDB_20120810.${target}`;
  for (const [name, value] of Object.entries(opts.headers ?? {})) headers[name.toLowerCase()] = value;
  if (opts.sign !== false) Object.assign(headers, signV4(method, url, headers, payload));

  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> | undefined;
        try {
          const parsed: unknown = JSON.parse(text);
          if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** AWS Signature Version 4 for service `dynamodb` in us-east-1: returns the headers to add. */
function signV4(method: string, url: URL, headers: Record<string, string>, payload: Buffer): Record<string, string> {
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const all: Record<string, string> = { ...headers, 'x-amz-date': amzDate };
  const names = Object.keys(all).sort();
  const canonicalHeaders = names.map((n) => `${n}:${all[n]!.trim()}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [method, url.pathname, url.search.slice(1), canonicalHeaders, signedHeaders, sha256Hex(payload)].join('\n');
  const scope = `${date}/us-east-1/dynamodb/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${testCredentials.secretAccessKey}`, date), 'us-east-1'), 'dynamodb'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return {
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${testCredentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
