/**
 * Malformed requests, sent by hand so that nothing in an SDK fixes them up first. Each case
 * asserts DynamoDB's `__type`, HTTP status and, where DynamoDB's wording is known (dynalite's
 * tests and ScyllaDB's test/alternator were both recorded against real DynamoDB), the message.
 * At the end the node must still serve, with the item written before the barrage intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, testEndpoint, uniqueTableName, type RawResponse, type TestEndpoint } from './support/index.js';

const DYNAMO = 'com.amazonaws.dynamodb.v20120810#';
const CORAL = 'com.amazon.coral.service#';

let server: TestEndpoint;
const table = uniqueTableName('bad-input');
const goodKey = { pk: { S: 'before' }, sk: { N: '1' } };
const goodItem = { ...goodKey, payload: { S: 'written before the barrage' } };

const send = (target: string | null, body: unknown, headers?: Record<string, string>) =>
  rawRequest(server.endpoint, { target, body, headers });

/**
 * DynamoDB names most validation failures `com.amazon.coral.validate#ValidationException`,
 * others `com.amazonaws.dynamodb.v20120810#ValidationException`; SDKs read only the part
 * after `#`, so either namespace is accepted for this one type.
 */
function expectValidation(res: RawResponse, message?: string | RegExp): void {
  expect(res.status, res.text).toBe(400);
  expect(String(res.json?.__type)).toMatch(/^(com\.amazon\.coral\.validate|com\.amazonaws\.dynamodb\.v20120810)#ValidationException$/);
  const text = String(res.json?.message ?? res.json?.Message);
  if (typeof message === 'string') expect(text).toBe(message);
  else if (message) expect(text).toMatch(message);
}

function expectError(res: RawResponse, status: number, type: string, message?: string | RegExp): void {
  expect(res.status, res.text).toBe(status);
  expect(res.json?.__type, res.text).toBe(type);
  const text = String(res.json?.message ?? res.json?.Message);
  if (typeof message === 'string') expect(text).toBe(message);
  else if (message) expect(text).toMatch(message);
}

const getItem = (extra: Record<string, unknown> = {}) => send('GetItem', { TableName: table, Key: goodKey, ...extra });
const putItem = (item: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  send('PutItem', { TableName: table, Item: item, ...extra });
/** Polls DescribeTable, for servers where a new table is CREATING for a while. */
async function waitActive(name: string): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    const res = await send('DescribeTable', { TableName: name });
    if ((res.json?.Table as { TableStatus?: string } | undefined)?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`table ${name} never became ACTIVE`);
}

const putAttr = (value: unknown) => putItem({ pk: { S: 'x' }, sk: { N: '1' }, a: value });

beforeAll(async () => {
  server = await testEndpoint();
  const created = await send('CreateTable', {
    TableName: table,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  });
  expect(created.status, created.text).toBe(200);
  await waitActive(table);
  const put = await putItem(goodItem);
  expect(put.status, put.text).toBe(200);
});

afterAll(async () => {
  await server?.stop();
});

describe('protocol', () => {
  it('rejects a body that is not JSON with SerializationException', async () => {
    expectError(await send('PutItem', `{"TableName": "${table}", "Item": {`), 400, `${CORAL}SerializationException`);
  });

  it('rejects garbage text with SerializationException', async () => {
    expectError(await send('GetItem', 'habababa'), 400, `${CORAL}SerializationException`);
  });

  it('rejects JSON that is not an object', async () => {
    // ScyllaDB's test_incorrect_json (run against DynamoDB) accepts either type for '7' and '"a"'.
    const res = await send('GetItem', '[1, 2, 3]');
    expect(res.status).toBe(400);
    expect(String(res.json?.__type)).toMatch(/#(SerializationException|ValidationException)$/);
  });

  it('rejects an empty body with SerializationException', async () => {
    expectError(await send('ListTables', ''), 400, `${CORAL}SerializationException`);
  });

  it('answers 404 to a body with a wrong Content-Type', async () => {
    const res = await send('ListTables', '{}', { 'content-type': 'text/plain' });
    expect(res.status).toBe(404);
    expect(res.text).toMatch(/UnknownOperationException|Page Not Found/);
  });

  it('rejects a request without X-Amz-Target as UnknownOperationException', async () => {
    expectError(await send(null, '{}'), 400, `${CORAL}UnknownOperationException`);
  });

  it('rejects an unknown operation as UnknownOperationException', async () => {
    expectError(await send('ListTable', '{}'), 400, `${CORAL}UnknownOperationException`);
  });

  it('rejects a target without the API version prefix', async () => {
    const res = await rawRequest(server.endpoint, { target: null, body: '{}', headers: { 'x-amz-target': 'ListTables' } });
    expectError(res, 400, `${CORAL}UnknownOperationException`);
  });

  it('rejects a target with an unknown API version', async () => {
    const res = await rawRequest(server.endpoint, { target: null, body: '{}', headers: { 'x-amz-target': 'DynamoDB_20990101.ListTables' } });
    expectError(res, 400, `${CORAL}UnknownOperationException`);
  });

  it('answers 413 to a body over 16 MB', async () => {
    const filler = ' '.repeat(16 * 1024 * 1024 + 16);
    let res: RawResponse;
    try {
      res = await send('PutItem', `{"TableName": "${table}",${filler}"Item": {"pk": {"S": "big"}, "sk": {"N": "1"}}}`);
    } catch (err) {
      // The answer must be readable as a 413, not a reset connection (Scylla issue #8195).
      throw new Error(`connection failed instead of a 413: ${String(err)}`);
    }
    expect(res.status).toBe(413);
  });
});

describe('field types', () => {
  it('rejects TableName given as a number', async () => {
    expectError(await send('GetItem', { TableName: 123, Key: goodKey }), 400, `${CORAL}SerializationException`);
  });

  it('rejects Key given as a string', async () => {
    expectError(await send('GetItem', { TableName: table, Key: 'pk' }), 400, `${CORAL}SerializationException`);
  });

  it('rejects Item given as a list', async () => {
    expectError(await send('PutItem', { TableName: table, Item: [goodItem] }), 400, `${CORAL}SerializationException`);
  });

  it('rejects Limit given as a string', async () => {
    expectError(await send('Scan', { TableName: table, Limit: 'ten' }), 400, `${CORAL}SerializationException`);
  });

  it('rejects ConsistentRead given as an object', async () => {
    expectError(await getItem({ ConsistentRead: { yes: true } }), 400, `${CORAL}SerializationException`);
  });

  it('rejects an S value given as a number', async () => {
    expectError(await putAttr({ S: 5 }), 400, `${CORAL}SerializationException`);
  });

  it('rejects a B value that is not base64', async () => {
    expectError(await putAttr({ B: 'abc' }), 400, `${CORAL}SerializationException`);
  });

  it('ignores unknown top-level fields', async () => {
    const res = await getItem({ NotAField: 1, AlsoNot: { x: 'y' } });
    expect(res.status, res.text).toBe(200);
    expect(res.json?.Item).toEqual(goodItem);
  });
});

describe('required fields and table names', () => {
  it('rejects GetItem without TableName', async () => {
    expectValidation(
      await send('GetItem', { Key: goodKey }),
      "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('rejects GetItem without Key', async () => {
    expectValidation(
      await send('GetItem', { TableName: table }),
      "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null",
    );
  });

  it('rejects PutItem without Item', async () => {
    expectValidation(
      await send('PutItem', { TableName: table }),
      "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null",
    );
  });

  it('rejects DescribeTable without TableName', async () => {
    // Recorded from DynamoDB as "parameter"; DynamoDB Local spells it "paramater".
    expectValidation(await send('DescribeTable', {}), /^The param[ea]ter 'TableName' is required but was not present in the request$/);
  });

  it('rejects a table name shorter than 3 characters', async () => {
    expectValidation(
      await send('GetItem', { TableName: 'ab', Key: goodKey }),
      "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    );
  });

  it('rejects a table name with characters outside [a-zA-Z0-9_.-]', async () => {
    expectValidation(
      await send('GetItem', { TableName: 'bad name!', Key: goodKey }),
      "1 validation error detected: Value 'bad name!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    );
  });

  it('rejects a table name longer than 255 characters', async () => {
    const name = 'a'.repeat(256);
    expectValidation(
      await send('GetItem', { TableName: name, Key: goodKey }),
      `1 validation error detected: Value '${name}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255`,
    );
  });

  it('rejects CreateTable with a 2-character name', async () => {
    expectValidation(
      await send('CreateTable', {
        TableName: 'ab',
        AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
      'TableName must be at least 3 characters long and at most 255 characters long',
    );
  });

  it('answers ResourceNotFoundException for GetItem on an unknown table', async () => {
    expectError(
      await send('GetItem', { TableName: uniqueTableName('missing'), Key: goodKey }),
      400,
      `${DYNAMO}ResourceNotFoundException`,
      'Requested resource not found',
    );
  });

  it('answers ResourceNotFoundException for DescribeTable on an unknown table', async () => {
    const name = uniqueTableName('missing');
    expectError(
      await send('DescribeTable', { TableName: name }),
      400,
      `${DYNAMO}ResourceNotFoundException`,
      `Requested resource not found: Table: ${name} not found`,
    );
  });

  it('rejects ListTables with Limit 101', async () => {
    expectValidation(
      await send('ListTables', { Limit: 101 }),
      "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
  });
});

describe('attribute values', () => {
  it('rejects a value with no type descriptor', async () => {
    expectValidation(await putAttr({}), 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  });

  it('rejects a value with two type descriptors', async () => {
    expectValidation(
      await putAttr({ S: 'a', N: '1' }),
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
  });

  it('rejects an empty string set', async () => {
    expectValidation(await putAttr({ SS: [] }), 'One or more parameter values were invalid: An string set  may not be empty');
  });

  it('rejects an empty number set', async () => {
    expectValidation(await putAttr({ NS: [] }), 'One or more parameter values were invalid: An number set  may not be empty');
  });

  it('rejects an empty binary set', async () => {
    expectValidation(await putAttr({ BS: [] }), 'One or more parameter values were invalid: Binary sets should not be empty');
  });

  it('rejects a string set with duplicate members', async () => {
    expectValidation(
      await putAttr({ SS: ['a', 'a'] }),
      'One or more parameter values were invalid: Input collection [a, a] contains duplicates.',
    );
  });

  it('rejects a number that is not numeric', async () => {
    expectValidation(await putAttr({ N: 'dog' }), /numeric value/);
  });

  it('rejects NaN and Infinity as numbers', async () => {
    for (const n of ['NaN', 'Infinity', '-Infinity']) expectValidation(await putAttr({ N: n }), /numeric value/);
  });

  it('rejects a number with more than 38 significant digits', async () => {
    expectValidation(await putAttr({ N: '1'.repeat(39) }), 'Attempting to store more than 38 significant digits in a Number');
  });

  it('rejects a number above the supported magnitude', async () => {
    expectValidation(await putAttr({ N: '1E126' }), 'Number overflow. Attempting to store a number with magnitude larger than supported range');
  });

  it('rejects a number below the supported magnitude', async () => {
    expectValidation(await putAttr({ N: '1E-131' }), 'Number underflow. Attempting to store a number with magnitude smaller than supported range');
  });

  it('rejects NULL: false', async () => {
    expectValidation(await putAttr({ NULL: false }), 'One or more parameter values were invalid: Null attribute value types must have the value of true');
  });

  it('rejects a map nested deeper than 32 levels', async () => {
    let nested: Record<string, unknown> = { S: 'leaf' };
    for (let i = 0; i < 40; i += 1) nested = { M: { a: nested } };
    expectValidation(await putAttr(nested), /nest/i);
  });
});

describe('keys', () => {
  it('rejects an empty string as a key attribute', async () => {
    expectValidation(
      await putItem({ pk: { S: '' }, sk: { N: '1' } }),
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
    );
  });

  it('rejects an item whose key has the wrong type', async () => {
    expectValidation(await putItem({ pk: { N: '1' }, sk: { N: '1' } }), 'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N');
  });

  it('rejects an item without its range key', async () => {
    expectValidation(await putItem({ pk: { S: 'x' } }), 'One or more parameter values were invalid: Missing the key sk in the item');
  });

  it('rejects a Key of the wrong type', async () => {
    expectValidation(await send('GetItem', { TableName: table, Key: { pk: { N: '1' }, sk: { N: '1' } } }), 'The provided key element does not match the schema');
  });

  it('rejects a Key missing an attribute', async () => {
    expectValidation(await send('GetItem', { TableName: table, Key: { pk: { S: 'x' } } }), 'The provided key element does not match the schema');
  });

  it('rejects a Key with an extra attribute', async () => {
    expectValidation(
      await send('GetItem', { TableName: table, Key: { ...goodKey, other: { S: 'y' } } }),
      'The provided key element does not match the schema',
    );
  });

  it('rejects a hash key over 2048 bytes', async () => {
    expectValidation(
      await putItem({ pk: { S: 'x'.repeat(2049) }, sk: { N: '1' } }),
      'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
    );
  });

  it('rejects a range key over 1024 bytes', async () => {
    // The main table's range key is a number, which cannot reach 1024 bytes; use a string one.
    const name = uniqueTableName('bad-input-rk');
    const created = await send('CreateTable', {
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: 'h', AttributeType: 'S' },
        { AttributeName: 'r', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'h', KeyType: 'HASH' },
        { AttributeName: 'r', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
    expect(created.status, created.text).toBe(200);
    await waitActive(name);
    expectValidation(
      await send('PutItem', { TableName: name, Item: { h: { S: 'x' }, r: { S: 'y'.repeat(1025) } } }),
      'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes',
    );
  });

  it('rejects an item over 400 KB', async () => {
    expectValidation(await putAttr({ S: 'x'.repeat(400 * 1024 + 1) }), 'Item size has exceeded the maximum allowed size');
  });

  it('rejects an UpdateItem that sets a key attribute', async () => {
    expectValidation(
      await send('UpdateItem', {
        TableName: table,
        Key: goodKey,
        UpdateExpression: 'SET pk = :v',
        ExpressionAttributeValues: { ':v': { S: 'other' } },
      }),
      'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key',
    );
  });
});

describe('expressions', () => {
  const update = (extra: Record<string, unknown>) => send('UpdateItem', { TableName: table, Key: goodKey, ...extra });

  // DynamoDB reports the offending token and its neighbourhood; dynalite words these differently.
  it('rejects an UpdateExpression with a syntax error', async () => {
    expectValidation(await update({ UpdateExpression: 'SET' }), /^Invalid UpdateExpression: Syntax error; token: "<EOF>", near: /);
  });

  it('rejects a ConditionExpression with a syntax error', async () => {
    expectValidation(
      await putItem(goodItem, { ConditionExpression: 'payload = = :v', ExpressionAttributeValues: { ':v': { S: 'a' } } }),
      /^Invalid ConditionExpression: Syntax error; token: "=", near: /,
    );
  });

  it('rejects an undefined value placeholder', async () => {
    expectValidation(
      await putItem(goodItem, { ConditionExpression: 'payload = :v' }),
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v',
    );
  });

  it('rejects an undefined name placeholder', async () => {
    expectValidation(
      await putItem(goodItem, { ConditionExpression: 'attribute_exists(#n)' }),
      'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n',
    );
  });

  it('rejects an unused value placeholder', async () => {
    expectValidation(
      await update({ UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { S: 'a' }, ':unused': { S: 'b' } } }),
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}',
    );
  });

  it('rejects an unused name placeholder', async () => {
    expectValidation(
      await update({ UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { S: 'a' } }, ExpressionAttributeNames: { '#unused': 'b' } }),
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}',
    );
  });

  it('rejects a reserved word used as a bare attribute name', async () => {
    expectValidation(
      await update({ UpdateExpression: 'SET name = :a', ExpressionAttributeValues: { ':a': { S: 'a' } } }),
      'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name',
    );
  });

  it('rejects an unknown function', async () => {
    expectValidation(
      await putItem(goodItem, { ConditionExpression: 'no_such_function(payload)' }),
      'Invalid ConditionExpression: Invalid function name; function: no_such_function',
    );
  });

  it('rejects two SET actions on the same path', async () => {
    expectValidation(
      await update({ UpdateExpression: 'SET a = :a, a = :b', ExpressionAttributeValues: { ':a': { S: 'a' }, ':b': { S: 'b' } } }),
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]',
    );
  });

  it('rejects empty ExpressionAttributeValues', async () => {
    expectValidation(await update({ UpdateExpression: 'REMOVE a', ExpressionAttributeValues: {} }), 'ExpressionAttributeValues must not be empty');
  });

  it('rejects ExpressionAttributeNames without any expression', async () => {
    expectValidation(await getItem({ ExpressionAttributeNames: { '#a': 'a' } }), 'ExpressionAttributeNames can only be specified when using expressions');
  });

  it('rejects ReturnValues ALL_NEW on PutItem', async () => {
    expectValidation(await putItem(goodItem, { ReturnValues: 'ALL_NEW' }), 'ReturnValues can only be ALL_OLD or NONE');
  });

  it('rejects an unknown ReturnValues', async () => {
    expectValidation(await update({ UpdateExpression: 'REMOVE a', ReturnValues: 'EVERYTHING' }), /at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: /);
  });
});

describe('query and scan', () => {
  it('rejects Query with Limit 0', async () => {
    expectValidation(
      await send('Query', {
        TableName: table,
        Limit: 0,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'x' } },
      }),
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('rejects Scan with Limit 0', async () => {
    expectValidation(
      await send('Scan', { TableName: table, Limit: 0 }),
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('rejects Query without a key condition', async () => {
    expectValidation(
      await send('Query', { TableName: table }),
      'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
    );
  });

  it('rejects Query whose condition misses the hash key', async () => {
    expectValidation(
      await send('Query', { TableName: table, KeyConditionExpression: 'sk = :s', ExpressionAttributeValues: { ':s': { N: '1' } } }),
      'Query condition missed key schema element: pk',
    );
  });

  it('rejects Scan with Segment but no TotalSegments', async () => {
    expectValidation(
      await send('Scan', { TableName: table, Segment: 1 }),
      'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
    );
  });

  it('rejects Scan with Segment not below TotalSegments', async () => {
    expectValidation(
      await send('Scan', { TableName: table, Segment: 2, TotalSegments: 2 }),
      'The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2',
    );
  });
});

describe('batches', () => {
  const put = (i: number) => ({ PutRequest: { Item: { pk: { S: `b${i}` }, sk: { N: String(i) } } } });

  it('rejects BatchWriteItem with 26 requests', async () => {
    const requests = Array.from({ length: 26 }, (_, i) => put(i));
    expectValidation(
      await send('BatchWriteItem', { RequestItems: { [table]: requests } }),
      /^1 validation error detected: Value '.*' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\]$/s,
    );
  });

  it('rejects BatchGetItem with 101 keys', async () => {
    const keys = Array.from({ length: 101 }, (_, i) => ({ pk: { S: `k${i}` }, sk: { N: String(i) } }));
    expectValidation(
      await send('BatchGetItem', { RequestItems: { [table]: { Keys: keys } } }),
      new RegExp(`^1 validation error detected: Value '.*' at 'requestItems\\.${table}\\.member\\.keys' failed to satisfy constraint: Member must have length less than or equal to 100$`, 's'),
    );
  });

  it('rejects BatchWriteItem with the same key twice', async () => {
    expectValidation(await send('BatchWriteItem', { RequestItems: { [table]: [put(1), put(1)] } }), 'Provided list of item keys contains duplicates');
  });

  it('rejects BatchGetItem with the same key twice', async () => {
    expectValidation(await send('BatchGetItem', { RequestItems: { [table]: { Keys: [goodKey, goodKey] } } }), 'Provided list of item keys contains duplicates');
  });

  it('rejects BatchWriteItem with empty RequestItems', async () => {
    expectValidation(await send('BatchWriteItem', { RequestItems: {} }), /at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1/);
  });
});

describe('CreateTable', () => {
  const base = () => ({
    TableName: uniqueTableName('bad-create'),
    AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });

  it('rejects a missing AttributeDefinitions', async () => {
    const { AttributeDefinitions: _, ...body } = base();
    expectValidation(
      await send('CreateTable', body),
      "1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null",
    );
  });

  it('rejects a key schema naming an undefined attribute', async () => {
    expectValidation(
      await send('CreateTable', { ...base(), KeySchema: [{ AttributeName: 'b', KeyType: 'HASH' }] }),
      'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [b], AttributeDefinitions: [a]',
    );
  });

  it('rejects attribute definitions not used by the key schema', async () => {
    expectValidation(
      await send('CreateTable', {
        ...base(),
        AttributeDefinitions: [
          { AttributeName: 'a', AttributeType: 'S' },
          { AttributeName: 'extra', AttributeType: 'S' },
        ],
      }),
      'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    );
  });

  it('rejects an attribute type outside S, N, B', async () => {
    expectValidation(
      await send('CreateTable', { ...base(), AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'BOOL' }] }),
      /at 'attributeDefinitions\.1\.member\.attributeType' failed to satisfy constraint: Member must satisfy enum value set: \[B, N, S\]/,
    );
  });

  it('rejects PROVISIONED without ProvisionedThroughput', async () => {
    expectValidation(
      await send('CreateTable', { ...base(), BillingMode: 'PROVISIONED' }),
      'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    );
  });

  it('rejects PAY_PER_REQUEST with ProvisionedThroughput', async () => {
    expectValidation(
      await send('CreateTable', { ...base(), ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
      'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    );
  });

  it('answers ResourceInUseException for an existing table', async () => {
    expectError(
      await send('CreateTable', { ...base(), TableName: table }),
      400,
      `${DYNAMO}ResourceInUseException`,
      `Table already exists: ${table}`,
    );
  });
});

describe('after the barrage', () => {
  it('still serves and still holds the item written first', async () => {
    const health = await fetch(`${server.endpoint}/`);
    expect(health.status).toBe(200);
    const res = await getItem({ ConsistentRead: true });
    expect(res.status, res.text).toBe(200);
    expect(res.json?.Item).toEqual(goodItem);
  });
});
