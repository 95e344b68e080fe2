import {
  CreateTableCommand,
  DescribeTableCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type KeySchemaElement,
  type Projection,
  type ScalarAttributeType,
} from '@aws-sdk/client-dynamodb';
import { uniqueTableName } from './endpoint.js';

type KeyAttribute = [name: string, type: ScalarAttributeType];

/** ALL, KEYS_ONLY, or the non-key attributes an INCLUDE projection adds. */
export type ProjectionSpec = 'ALL' | 'KEYS_ONLY' | string[];

/** A local index: the table's hash key with its own range key. */
export interface LocalIndexSpec {
  name: string;
  range: KeyAttribute;
  projection: ProjectionSpec;
}

export interface GlobalIndexSpec {
  name: string;
  hash: KeyAttribute;
  range?: KeyAttribute;
  projection: ProjectionSpec;
}

export interface KeySpec {
  hash: KeyAttribute;
  range?: KeyAttribute;
  localIndexes?: LocalIndexSpec[];
  globalIndexes?: GlobalIndexSpec[];
}

function keySchema(hash: string, range: string | undefined): KeySchemaElement[] {
  return [{ AttributeName: hash, KeyType: 'HASH' }, ...(range !== undefined ? [{ AttributeName: range, KeyType: 'RANGE' as const }] : [])];
}

function projection(spec: ProjectionSpec): Projection {
  if (typeof spec === 'string') return { ProjectionType: spec };
  return { ProjectionType: 'INCLUDE', NonKeyAttributes: spec };
}

/** Every key attribute once, table keys first, then index keys in the order the indexes name them. */
function attributeDefinitions(key: KeySpec): AttributeDefinition[] {
  const types = new Map<string, ScalarAttributeType>();
  const all = [key.hash, key.range, ...(key.localIndexes ?? []).map((i) => i.range), ...(key.globalIndexes ?? []).flatMap((i) => [i.hash, i.range])];
  for (const attribute of all) if (attribute && !types.has(attribute[0])) types.set(attribute[0], attribute[1]);
  return [...types].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}

/** Creates an on-demand table (with the indexes asked for) under a unique name and returns the name. */
export async function createTable(db: DynamoDBClient, prefix: string, key: KeySpec): Promise<string> {
  const name = uniqueTableName(prefix);
  await db.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: attributeDefinitions(key),
      KeySchema: keySchema(key.hash[0], key.range?.[0]),
      BillingMode: 'PAY_PER_REQUEST',
      LocalSecondaryIndexes: key.localIndexes?.map((i) => ({
        IndexName: i.name,
        KeySchema: keySchema(key.hash[0], i.range[0]),
        Projection: projection(i.projection),
      })),
      GlobalSecondaryIndexes: key.globalIndexes?.map((i) => ({
        IndexName: i.name,
        KeySchema: keySchema(i.hash[0], i.range?.[0]),
        Projection: projection(i.projection),
      })),
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
