/**
 * boto3, the client most Alternator users start from: the lab's mutant_data table written
 * with batch_write_item and read back with batch_get_item. Python prints JSON; we assert.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { externalEndpoint, runPython, testEndpoint, uniqueTableName, type TestEndpoint } from '../support/index.js';

let server: TestEndpoint;
const table = externalEndpoint() ? uniqueTableName('mutant_data') : 'mutant_data';

const script = String.raw`
import json, sys
import boto3
from botocore.config import Config

endpoint, table = sys.argv[1], sys.argv[2]
dynamodb = boto3.resource('dynamodb', endpoint_url=endpoint, region_name='us-east-1',
                          config=Config(retries={'max_attempts': 1}))
created = dynamodb.create_table(
    TableName=table,
    BillingMode='PAY_PER_REQUEST',
    KeySchema=[{'AttributeName': 'last_name', 'KeyType': 'HASH'}],
    AttributeDefinitions=[{'AttributeName': 'last_name', 'AttributeType': 'S'}])
created.wait_until_exists()
created.reload()

client = dynamodb.meta.client
written = client.batch_write_item(RequestItems={table: [
    {'PutRequest': {'Item': {'last_name': 'Loomis', 'first_name': 'Barry', 'address': '123 Main St'}}},
    {'PutRequest': {'Item': {'last_name': 'Jeffries', 'first_name': 'Jim', 'address': '1516 Bridge St'}}},
]})
got = client.batch_get_item(RequestItems={table: {
    'Keys': [{'last_name': 'Loomis'}, {'last_name': 'Jeffries'}, {'last_name': 'Nobody'}],
    'ConsistentRead': True,
}})
print(json.dumps({
    'status': created.table_status,
    'unprocessed_items': written.get('UnprocessedItems', {}),
    'unprocessed_keys': got.get('UnprocessedKeys', {}),
    'items': sorted(got['Responses'][table], key=lambda item: item['last_name']),
}))
`;

beforeAll(async () => {
  server = await testEndpoint();
});

afterAll(async () => {
  await server?.stop();
});

it('creates mutant_data, batch-writes two mutants and batch-gets them back with boto3', { timeout: 60_000 }, async () => {
  const result = await runPython(script, server.endpoint, [table]);
  expect(result).toEqual({
    status: 'ACTIVE',
    unprocessed_items: {},
    unprocessed_keys: {},
    items: [
      { last_name: 'Jeffries', first_name: 'Jim', address: '1516 Bridge St' },
      { last_name: 'Loomis', first_name: 'Barry', address: '123 Main St' },
    ],
  });
});
