import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient, type ScalarAttributeType } from '@aws-sdk/client-dynamodb';
import { uniqueTableName } from './endpoint.js';

export interface KeySpec {
  hash: [name: string, type: ScalarAttributeType];
  range?: [name: string, type: ScalarAttributeType];
}

/** Creates an on-demand table with a unique name and returns the name. */
export async function createTable(db: DynamoDBClient, prefix: string, key: KeySpec): Promise<string> {
  const name = uniqueTableName(prefix);
  const attrs = key.range ? [key.hash, key.range] : [key.hash];
  await db.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: attrs.map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
      KeySchema: [
        { AttributeName: key.hash[0], KeyType: 'HASH' },
        ...(key.range ? [{ AttributeName: key.range[0], KeyType: 'RANGE' as const }] : []),
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitForActive(db, name);
  return name;
}

/**
 * Real DynamoDB (and dynalite with a delay) keep a new table CREATING for a while; dynaring
 * answers ACTIVE at once, which tables.test.ts asserts on its own.
 */
export async function waitForActive(db: DynamoDBClient, name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await db.send(new DescribeTableCommand({ TableName: name }));
      if (res.Table?.TableStatus === 'ACTIVE') return;
    } catch (err) {
      if ((err as Error).name !== 'ResourceNotFoundException') throw err;
    }
    if (Date.now() > deadline) throw new Error(`table ${name} not ACTIVE within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `fn` and returns the error it throws; fails if it does not throw. */
export async function errorOf(fn: () => Promise<unknown>): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await fn();
  } catch (err) {
    return err as Error & { name: string };
  }
  throw new Error('expected the request to fail, but it succeeded');
}
