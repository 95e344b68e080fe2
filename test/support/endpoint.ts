import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { freePort, startNode, type RunningNode, type StartNodeOptions } from './node-process.js';

/**
 * Where a test file sends its requests. `node` is set only when the file spawned its own
 * dynaring node (restart and crash tests need it and skip otherwise).
 */
export interface TestEndpoint {
  readonly endpoint: string;
  readonly node?: RunningNode;
  stop(): Promise<void>;
}

/**
 * DYNARING_ENDPOINT=http://host:port runs the suite against an existing server (dynalite,
 * DynamoDB Local, a cluster); DYNARING_ENDPOINT=dynalite starts an in-process dynalite, so the
 * tests themselves can be checked against a second implementation of DynamoDB's messages.
 */
export async function testEndpoint(opts: StartNodeOptions = {}): Promise<TestEndpoint> {
  const external = process.env.DYNARING_ENDPOINT;
  if (external === 'dynalite') return startDynalite();
  if (external) return { endpoint: external.replace(/\/$/, ''), stop: async () => {} };
  const node = await startNode(opts);
  return { endpoint: node.endpoint, node, stop: () => node.stop() };
}

/** True when tests talk to something that is not a node they spawned themselves. */
export const externalEndpoint = (): boolean => Boolean(process.env.DYNARING_ENDPOINT);

async function startDynalite(): Promise<TestEndpoint> {
  const require = createRequire(import.meta.url);
  const dynalite = require('dynalite') as (opts: Record<string, unknown>) => Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const testCredentials = { accessKeyId: 'AKIDTESTDYNARING', secretAccessKey: 'test-secret-key' };

/** A low-level client that never retries, so an error reaches the test as the server sent it. */
export function client(endpoint: string, maxAttempts = 1): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts });
}

export function documentClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client(endpoint), { marshallOptions: { removeUndefinedValues: true } });
}

let tableCounter = 0;
/** Table names unique across parallel files and repeated runs against one long-lived server. */
export function uniqueTableName(prefix: string): string {
  tableCounter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${tableCounter}`;
}
