import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { client, documentClient, testEndpoint, type TestEndpoint } from './endpoint.js';

export interface OpenedClient {
  readonly db: DynamoDBClient;
  readonly server: TestEndpoint;
  /** A document client on the same endpoint, opened on first use. */
  readonly doc: DynamoDBDocumentClient;
}

/**
 * The frame every conformance file shares: before its tests, reach the test endpoint, open a
 * never-retrying client on it and run `setup` (tables, seed items); after them, close what
 * was opened, even when setup failed halfway.
 */
export function useTestClient(setup: (opened: OpenedClient) => Promise<void> | void): void {
  let server: TestEndpoint | undefined;
  let db: DynamoDBClient | undefined;
  let doc: DynamoDBDocumentClient | undefined;
  beforeAll(async () => {
    const started = await testEndpoint();
    server = started;
    const opened = client(started.endpoint);
    db = opened;
    await setup({
      db: opened,
      server: started,
      get doc() {
        return (doc ??= documentClient(started.endpoint));
      },
    });
  });
  afterAll(async () => {
    doc?.destroy();
    db?.destroy();
    await server?.stop();
  });
}
