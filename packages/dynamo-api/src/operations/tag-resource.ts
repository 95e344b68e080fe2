import type { TableMeta } from '@dynaring/core';
import { DynamoApiError, resourceNotFound, validation } from '../errors.js';
import type { ApiContext, Operation } from '../operation.js';
import { tableArn } from '../table-description.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import { checkTagSet } from '../validations/tag-set.js';

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
  const table = taggedTable(ctx, arn, `Requested resource not found: ResourcArn: ${arn} not found`);
  const tags = { ...table.tags };
  // A key given again takes its new value, as DynamoDB overwrites an existing tag.
  for (const tag of req.Tags!) tags[tag.Key] = tag.Value;
  checkTagSet(tags);
  await saveTags(ctx, table, tags);
  return {};
};
