/**
 * The walkthrough from ScyllaDB Alternator's getting-started lab, run with the real AWS CLI:
 * create MusicCollection, put a song, query it back, delete the table.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { awsDynamodb, externalEndpoint, testEndpoint, uniqueTableName, type TestEndpoint } from '../support/index.js';

let server: TestEndpoint;
// A server shared with other runs may still hold the lab's table name.
const table = externalEndpoint() ? uniqueTableName('MusicCollection') : 'MusicCollection';
const song = {
  Artist: { S: 'No One You Know' },
  SongTitle: { S: 'Call Me Today' },
  AlbumTitle: { S: 'Somewhat Famous' },
};

beforeAll(async () => {
  server = await testEndpoint();
});

afterAll(async () => {
  await server?.stop();
});

it('runs the Alternator getting-started walkthrough with the AWS CLI', { timeout: 60_000 }, async () => {
  const aws = (args: string[]) => awsDynamodb(server.endpoint, args);

  const created = await aws([
    'create-table',
    '--table-name', table,
    '--attribute-definitions', 'AttributeName=Artist,AttributeType=S', 'AttributeName=SongTitle,AttributeType=S',
    '--key-schema', 'AttributeName=Artist,KeyType=HASH', 'AttributeName=SongTitle,KeyType=RANGE',
    '--provisioned-throughput', 'ReadCapacityUnits=1,WriteCapacityUnits=1',
  ]);
  expect((created.TableDescription as { TableName: string }).TableName).toBe(table);

  await aws(['put-item', '--table-name', table, '--item', JSON.stringify(song)]);

  const queried = await aws([
    'query',
    '--table-name', table,
    '--key-condition-expression', 'Artist = :v1 AND SongTitle = :v2',
    '--expression-attribute-values', JSON.stringify({ ':v1': song.Artist, ':v2': song.SongTitle }),
  ]);
  expect(queried.Count).toBe(1);
  expect(queried.Items).toEqual([song]);

  const deleted = await aws(['delete-table', '--table-name', table]);
  expect((deleted.TableDescription as { TableName: string }).TableName).toBe(table);

  const listed = await aws(['list-tables']);
  expect(listed.TableNames).not.toContain(table);
});
