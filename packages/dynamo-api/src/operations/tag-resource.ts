import type { TableCatalog } from '@dynaring/coordinator';
import type { TableMeta } from '@dynaring/core';
import { DynamoApiError, resourceNotFound, validation } from '../errors.js';
import type { ApiContext, Operation } from '../operation.js';
import { tableArn } from '../table-description.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import { checkTag, checkTagSet } from '../validations/tag-set.js';

export type TagOperation = 'TagResource' | 'UntagResource' | 'ListTagsOfResource';

const tagShape: Fields[string] = {
  type: 'Structure',
  fields: {
    Key: { type: 'String', notNull: true, minLength: 1, maxLength: 128 },
    Value: { type: 'String', notNull: true, maxLength: 256 },
  },
};

const fields: Fields = {
  ResourceArn: { type: 'String' },
  Tags: { type: 'List', member: tagShape },
};

interface Request {
  ResourceArn?: string;
  Tags?: { Key: string; Value: string }[];
}

/**
 * The checks every tag operation makes of its ResourceArn, in DynamoDB's order: missing, not
 * shaped like an ARN at all (IAM refuses it before DynamoDB sees it), then not a table ARN.
 * `members` is the operation's list (Tags, TagKeys), which is checked between the two.
 */
export function checkResourceArn(operation: TagOperation, ctx: ApiContext, arn: string | undefined, members?: { name: string; value: unknown[] | undefined }): string {
  if (arn === undefined || arn === null) throw validation('Invalid TableArn');
  if (!/^.+:.+:.+:.+:.+:.+\/.+$/.test(arn)) {
    throw new DynamoApiError(
      'AccessDeniedException',
      `User: arn:aws:iam::${ctx.accountId}:root is not authorized to perform: dynamodb:${operation} on resource: ${arn || '*'}`,
      400,
      {},
      'com.amazon.coral.service#',
    );
  }
  if (members && (members.value === undefined || members.value === null)) {
    throw validation(`1 validation error detected: Value null at '${members.name}' failed to satisfy constraint: Member must not be null`);
  }
  if (!/^arn:aws:dynamodb:.+:\d+:table\/[^/]{2}[^/]+$/.test(arn)) throw validation(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  return arn;
}

/**
 * The table a table ARN names: the ARN must be the one DescribeTable gives (this region and
 * account); anything else names a resource that does not exist here.
 */
export function taggedTable(ctx: ApiContext, arn: string, notFoundMessage: string): TableMeta {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const meta = ctx.catalog.get(name);
  if (!meta || tableArn(ctx, meta.name) !== arn) throw resourceNotFound(notFoundMessage);
  return meta;
}

/** Per catalog and table: the tail of the chain of tag changes waiting their turn. */
const tagChains = new WeakMap<TableCatalog, Map<string, Promise<void>>>();

/**
 * Runs a tag change of one table after the ones before it on this node have finished: each
 * reads the tags, merges and stores them, and two at once would both read the old tags and the
 * later store would drop the earlier one's change (concurrent TagResource of A and B keeping
 * only B).
 */
export async function serializeTagChange<T>(ctx: ApiContext, tableName: string, change: () => Promise<T>): Promise<T> {
  let chains = tagChains.get(ctx.catalog);
  if (!chains) tagChains.set(ctx.catalog, (chains = new Map()));
  const before = chains.get(tableName) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  const tail = before.then(() => mine);
  chains.set(tableName, tail);
  await before;
  try {
    return await change();
  } finally {
    done();
    if (chains.get(tableName) === tail) chains.delete(tableName);
  }
}

/**
 * Stores a table's new tags in the catalog and waits for the other live nodes to learn them:
 * a tag such as system:write_isolation must hold on every coordinator from the next request.
 */
export async function saveTags(ctx: ApiContext, current: TableMeta, tags: Record<string, string>): Promise<void> {
  const lastUpdateMs = Math.max(ctx.clock.nowMs(), (current.lastUpdateMs ?? current.creationDateTimeMs) + 1);
  await ctx.catalog.update({ ...current, tags, lastUpdateMs });
  await ctx.schemaChanged?.();
}

export const tagResource: Operation = async (body, ctx) => {
  const req = checkRequest<Request>(body, fields);
  const arn = checkResourceArn('TagResource', ctx, req.ResourceArn, { name: 'tags', value: req.Tags });
  if (req.Tags!.length === 0) throw validation('Atleast one Tag needs to be provided as Input.');
  // The tags are checked before the table is looked up: a bad tag is refused even for a missing table.
  const given = new Set<string>();
  for (const tag of req.Tags!) {
    checkTag(tag.Key, tag.Value);
    if (given.has(tag.Key)) throw validation(`Duplicate Tag Keys provided as input: Duplicate Tag Key found ${tag.Key}`);
    given.add(tag.Key);
  }
  const notFound = `Requested resource not found: ResourcArn: ${arn} not found`;
  // Checked now for the error, and again in turn for the tags as the changes before left them.
  taggedTable(ctx, arn, notFound);
  await serializeTagChange(ctx, arn, async () => {
    const table = taggedTable(ctx, arn, notFound);
    const tags = { ...table.tags };
    // A key the table has takes its new value, as DynamoDB overwrites an existing tag.
    for (const tag of req.Tags!) tags[tag.Key] = tag.Value;
    checkTagSet(tags, false);
    await saveTags(ctx, table, tags);
  });
  // DynamoDB answers with an empty body, not {}.
  return undefined;
};
