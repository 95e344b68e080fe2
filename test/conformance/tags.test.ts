import {
  CreateTableCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTable, errorOf, externalEndpoint, rawRequest, uniqueTableName, useTestClient, type TestEndpoint } from '../support/index.js';

let server: TestEndpoint;
let db: DynamoDBClient;
let table: string;
let arn: string;

useTestClient(async (opened) => {
  ({ server, db } = opened);
  table = await createTable(db, 'tags', { hash: ['id', 'S'] });
  arn = (await db.send(new DescribeTableCommand({ TableName: table }))).Table!.TableArn!;
});

const listTags = async (resourceArn = arn) => (await db.send(new ListTagsOfResourceCommand({ ResourceArn: resourceArn }))).Tags;
const raw = (target: string, body: unknown) => rawRequest(server.endpoint, { target, body });
/** CreateTable of a table keyed by `id` with these tags. */
const createTagged = (name: string, Tags: Array<{ Key: string; Value: string }>) =>
  db.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      Tags,
    }),
  );

describe('TagResource, UntagResource and ListTagsOfResource', () => {
  it('lists no tags on a new table', async () => {
    expect(await listTags()).toEqual([]);
  });

  it('answers TagResource and UntagResource with an empty body, as DynamoDB does', async () => {
    const tagged = await raw('TagResource', { ResourceArn: arn, Tags: [{ Key: 'empty-body', Value: 'v' }] });
    expect(tagged.status).toBe(200);
    expect(tagged.text).toBe('');
    const untagged = await raw('UntagResource', { ResourceArn: arn, TagKeys: ['empty-body'] });
    expect(untagged.status).toBe(200);
    expect(untagged.text).toBe('');
  });

  it('adds tags, overwrites a key given again, and removes the keys asked for', async () => {
    await db.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 't1', Value: 'v1' }, { Key: 't2', Value: 'v2' }] }));
    await db.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 't2', Value: 'changed' }] }));
    expect(await listTags()).toEqual(expect.arrayContaining([{ Key: 't1', Value: 'v1' }, { Key: 't2', Value: 'changed' }]));
    expect(await listTags()).toHaveLength(2);
    await db.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['t1', 'never-set'] }));
    expect(await listTags()).toEqual([{ Key: 't2', Value: 'changed' }]);
  });

  it('lists the tags given at CreateTable', async () => {
    const name = uniqueTableName('tags-create');
    const created = await createTagged(name, [{ Key: 'team', Value: 'storage' }]);
    expect(await listTags(created.TableDescription!.TableArn!)).toEqual([{ Key: 'team', Value: 'storage' }]);
  });

  it.each([
    ['TagResource', { Tags: [{ Key: 'a', Value: 'b' }] }],
    ['UntagResource', { TagKeys: ['a'] }],
    ['ListTagsOfResource', {}],
  ])('%s without a ResourceArn is a ValidationException', async (target, rest) => {
    const res = await raw(target, rest);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ __type: 'com.amazonaws.dynamodb.v20120810#ValidationException', message: 'Invalid TableArn' });
  });

  it('refuses a ResourceArn that is not an ARN with AccessDeniedException', async () => {
    const res = await raw('TagResource', { ResourceArn: 'abcd', Tags: [{ Key: 'a', Value: 'b' }] });
    expect(res.status).toBe(400);
    expect(res.json?.__type).toBe('com.amazon.coral.service#AccessDeniedException');
    expect(res.json?.message).toMatch(/^User: arn:aws:iam::\d+:.+ is not authorized to perform: dynamodb:TagResource on resource: abcd$/);
  });

  it('refuses null Tags, a non-table ARN and an empty list, in that order', async () => {
    const noTags = await errorOf(() => db.send(new TagResourceCommand({ ResourceArn: 'a:b:c:d:e:f/g', Tags: undefined })));
    expect(noTags.message).toBe("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
    const notTable = await errorOf(() => db.send(new TagResourceCommand({ ResourceArn: 'a:b:c:d:e:f/g', Tags: [] })));
    expect(notTable.message).toBe('Invalid TableArn: Invalid ResourceArn provided as input a:b:c:d:e:f/g');
    const empty = await errorOf(() => db.send(new TagResourceCommand({ ResourceArn: arn, Tags: [] })));
    expect(empty.message).toBe('Atleast one Tag needs to be provided as Input.');
    const noKeys = await errorOf(() => db.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: [] })));
    expect(noKeys.message).toBe('Atleast one Tag Key needs to be provided as Input.');
  });

  it('answers ResourceNotFoundException for a table that does not exist', async () => {
    const missing = arn.slice(0, arn.lastIndexOf('/') + 1) + uniqueTableName('tags-missing');
    const tag = await errorOf(() => db.send(new TagResourceCommand({ ResourceArn: missing, Tags: [{ Key: 'a', Value: 'b' }] })));
    expect(tag.name).toBe('ResourceNotFoundException');
    expect(tag.message).toBe(`Requested resource not found: ResourcArn: ${missing} not found`);
    const list = await errorOf(() => listTags(missing));
    expect(list.name).toBe('ResourceNotFoundException');
    const untag = await errorOf(() => db.send(new UntagResourceCommand({ ResourceArn: missing, TagKeys: ['a'] })));
    expect(untag.name).toBe('ResourceNotFoundException');
    expect(untag.message).toBe('Requested resource not found');
  });

  it('refuses more than 50 tags on a table, counting those it has, and keeps the tags it had', async () => {
    const name = await createTable(db, 'tags-limit', { hash: ['id', 'S'] });
    const tableArn = (await db.send(new DescribeTableCommand({ TableName: name }))).Table!.TableArn!;
    const tags = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ Key: `k${from + i}`, Value: 'v' }));
    await db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: tags(0, 30) }));
    // Overlapping keys are overwritten, not added: 40 tags.
    await db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: tags(20, 40) }));
    const err = await errorOf(() => db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: tags(40, 51) })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('Number of Tags exceed the current limit for the provided ResourceArn');
    expect(await listTags(tableArn)).toHaveLength(40);
    await db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: tags(40, 50) }));
    expect(await listTags(tableArn)).toHaveLength(50);
  });

  it('refuses CreateTable with more than 50 tags and creates no table', async () => {
    const name = uniqueTableName('tags-create-limit');
    const err = await errorOf(() => createTagged(name, Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))));
    expect(err.name).toBe('ValidationException');
    expect((await errorOf(() => db.send(new DescribeTableCommand({ TableName: name })))).name).toBe('ResourceNotFoundException');
  });

  it('refuses tag keys and values with characters outside letters, digits, spaces and _ . : / = + - @', async () => {
    const name = await createTable(db, 'tags-chars', { hash: ['id', 'S'] });
    const tableArn = (await db.send(new DescribeTableCommand({ TableName: name }))).Table!.TableArn!;
    const tag = (Key: string, Value: string) => errorOf(() => db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: [{ Key, Value }] })));
    for (const bad of ['hi!', 'd%g', '"hello"', 'a,b', '<a>', '🔑']) {
      const key = await tag(bad, 'dog');
      expect([key.name, key.message]).toEqual(['ValidationException', `The Tag Key provided is invalid, Key: ${bad}`]);
      const value = await tag('dog', bad);
      expect([value.name, value.message]).toEqual(['ValidationException', `The Tag Value provided is invalid, Value: ${bad}`]);
    }
    // The key is checked before the value.
    expect((await tag('k#', 'v#')).message).toBe('The Tag Key provided is invalid, Key: k#');
    // One bad tag refuses the whole request: the good tag beside it is not stored.
    const mixed = await errorOf(() =>
      db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: [{ Key: 'good', Value: 'v' }, { Key: 'bad', Value: '100%' }] })),
    );
    expect(mixed.message).toBe('The Tag Value provided is invalid, Value: 100%');
    expect(await listTags(tableArn)).toEqual([]);
    // Letters of any script, Unicode spaces and the allowed punctuation are fine.
    const allowed = [
      { Key: 'ключ café 表', Value: 'a+b-c=d.e_f:g/h@i' },
      { Key: 'sp\u00a0ace\u3000x', Value: 'ѮѮ 7' },
    ];
    await db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: allowed }));
    expect(await listTags(tableArn)).toEqual(expect.arrayContaining(allowed));
    // The tags are checked before the table is looked up.
    const missing = tableArn.slice(0, tableArn.lastIndexOf('/') + 1) + uniqueTableName('tags-missing');
    const onMissing = await errorOf(() => db.send(new TagResourceCommand({ ResourceArn: missing, Tags: [{ Key: 'hi!', Value: 'v' }] })));
    expect([onMissing.name, onMissing.message]).toEqual(['ValidationException', 'The Tag Key provided is invalid, Key: hi!']);
  });

  it('refuses CreateTable with a tag of forbidden characters and creates no table', async () => {
    const name = uniqueTableName('tags-create-chars');
    const err = await errorOf(() => createTagged(name, [{ Key: 'bad#char', Value: 'v' }]));
    expect([err.name, err.message]).toEqual(['ValidationException', 'The Tag Key provided is invalid, Key: bad#char']);
    expect((await errorOf(() => db.send(new DescribeTableCommand({ TableName: name })))).name).toBe('ResourceNotFoundException');
  });

  it('refuses tag keys in the reserved aws: namespace, in any case, on TagResource and UntagResource', async () => {
    const name = await createTable(db, 'tags-aws-prefix', { hash: ['id', 'S'] });
    const tableArn = (await db.send(new DescribeTableCommand({ TableName: name }))).Table!.TableArn!;
    for (const key of ['aws:foo', 'AWS:foo', 'Aws:']) {
      const err = await errorOf(() => db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: [{ Key: key, Value: 'v' }] })));
      expect([err.name, err.message]).toEqual(['ValidationException', `Tag Key cannot be prefixed with aws:, Key: ${key}`]);
    }
    const untag = await errorOf(() => db.send(new UntagResourceCommand({ ResourceArn: tableArn, TagKeys: ['absent', 'aws:foo'] })));
    expect([untag.name, untag.message]).toEqual(['ValidationException', 'Tag Key cannot be prefixed with aws:, Key: aws:foo']);
    await db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: [{ Key: 'myaws:foo', Value: 'v' }] }));
    expect(await listTags(tableArn)).toEqual([{ Key: 'myaws:foo', Value: 'v' }]);
  });

  it('refuses a key given twice in one TagResource, storing neither', async () => {
    const name = await createTable(db, 'tags-duplicate', { hash: ['id', 'S'] });
    const tableArn = (await db.send(new DescribeTableCommand({ TableName: name }))).Table!.TableArn!;
    const err = await errorOf(() =>
      db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: [{ Key: 'dup', Value: 'a' }, { Key: 'dup', Value: 'b' }] })),
    );
    expect([err.name, err.message]).toEqual(['ValidationException', 'Duplicate Tag Keys provided as input: Duplicate Tag Key found dup']);
    expect(await listTags(tableArn)).toEqual([]);
    // Keys are case-sensitive: these are two tags.
    await db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: [{ Key: 'Env', Value: '' }, { Key: 'env', Value: 'x' }] }));
    expect(await listTags(tableArn)).toHaveLength(2);
  });

  it('refuses UntagResource with more keys than a table may have tags', async () => {
    const keys = Array.from({ length: 51 }, (_, i) => `k${i}`);
    const err = await errorOf(() => db.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: keys })));
    expect([err.name, err.message]).toEqual(['ValidationException', 'Number of Tags exceed the current limit for the provided ResourceArn']);
    await db.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: keys.slice(0, 50) }));
  });

  it('validates tag key lengths', async () => {
    const err = await errorOf(() => db.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: '', Value: 'b' }] })));
    expect(err.name).toBe('ValidationException');
  });
});

describe.skipIf(externalEndpoint())('the system:write_isolation tag', () => {
  it('accepts only the values Alternator knows, with its message for any other', async () => {
    const name = await createTable(db, 'tags-isolation-values', { hash: ['id', 'S'] });
    const tableArn = (await db.send(new DescribeTableCommand({ TableName: name }))).Table!.TableArn!;
    for (const value of ['f', 'forbid', 'forbid_rmw', 'a', 'always', 'always_use_lwt', 'o', 'only_rmw_uses_lwt', 'u', 'unsafe', 'unsafe_rmw']) {
      await db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: [{ Key: 'system:write_isolation', Value: value }] }));
    }
    const err = await errorOf(() => db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: [{ Key: 'system:write_isolation', Value: 'bah' }] })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe(
      'Incorrect write isolation tag bah. Allowed values: {"f", "forbid", "forbid_rmw", "a", "always", "always_use_lwt", "o", "only_rmw_uses_lwt", "u", "unsafe", "unsafe_rmw"}',
    );
    expect(await listTags(tableArn)).toEqual([{ Key: 'system:write_isolation', Value: 'unsafe_rmw' }]);
  });

  it('overrides the node mode for its table: forbid_rmw refuses a conditional write', async () => {
    const name = await createTable(db, 'tags-isolation', { hash: ['id', 'S'] });
    const tableArn = (await db.send(new DescribeTableCommand({ TableName: name }))).Table!.TableArn!;
    const conditional = () =>
      db.send(new PutItemCommand({ TableName: name, Item: { id: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(id)' }));
    await conditional();
    await db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: [{ Key: 'system:write_isolation', Value: 'forbid_rmw' }] }));
    const refused = await errorOf(conditional);
    expect(refused.name).toBe('ValidationException');
    expect(refused.message).toMatch(/disabled by 'forbid_rmw' write isolation policy/);
    await db.send(new UntagResourceCommand({ ResourceArn: tableArn, TagKeys: ['system:write_isolation'] }));
    const update = await db.send(
      new UpdateItemCommand({ TableName: name, Key: { id: { S: 'a' } }, UpdateExpression: 'SET n = :one', ExpressionAttributeValues: { ':one': { N: '1' } }, ReturnValues: 'ALL_NEW' }),
    );
    expect(update.Attributes).toEqual({ id: { S: 'a' }, n: { N: '1' } });
  });
});

// DynamoDB refuses a tag change while another is in progress on the table (LimitExceededException);
// dynaring applies concurrent changes in turn, and must lose none of them.
describe.skipIf(externalEndpoint())('concurrent tag changes', () => {
  it('keeps every tag added, and removes every tag removed, by concurrent requests', async () => {
    const name = await createTable(db, 'tags-concurrent', { hash: ['id', 'S'] });
    const tableArn = (await db.send(new DescribeTableCommand({ TableName: name }))).Table!.TableArn!;
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    await Promise.all(keys.map((Key) => db.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: [{ Key, Value: 'v' }] }))));
    expect((await listTags(tableArn))!.map((t) => t.Key).sort()).toEqual([...keys].sort());
    await Promise.all(keys.map((key) => db.send(new UntagResourceCommand({ ResourceArn: tableArn, TagKeys: [key] }))));
    expect(await listTags(tableArn)).toEqual([]);
  });
});
