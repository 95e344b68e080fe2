import { validation } from '../errors.js';
import type { Operation } from '../operation.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import { checkTagKeyPrefix, MAX_TAGS_PER_RESOURCE } from '../validations/tag-set.js';
import { checkResourceArn, saveTags, serializeTagChange, taggedTable } from './tag-resource.js';

const fields: Fields = {
  ResourceArn: { type: 'String' },
  TagKeys: { type: 'List', member: { type: 'String', minLength: 1, maxLength: 128 } },
};

interface Request {
  ResourceArn?: string;
  TagKeys?: string[];
}

export const untagResource: Operation = async (body, ctx) => {
  const req = checkRequest<Request>(body, fields);
  const arn = checkResourceArn('UntagResource', ctx, req.ResourceArn, { name: 'tagKeys', value: req.TagKeys });
  if (req.TagKeys!.length === 0) throw validation('Atleast one Tag Key needs to be provided as Input.');
  // DynamoDB refuses more keys than a table may have tags, and keys in the reserved aws: namespace,
  // even though removing them would change nothing.
  if (req.TagKeys!.length > MAX_TAGS_PER_RESOURCE) throw validation('Number of Tags exceed the current limit for the provided ResourceArn');
  for (const key of req.TagKeys!) checkTagKeyPrefix(key);
  taggedTable(ctx, arn, 'Requested resource not found');
  await serializeTagChange(ctx, arn, async () => {
    const table = taggedTable(ctx, arn, 'Requested resource not found');
    const tags = { ...table.tags };
    // Keys the table does not have are ignored, as DynamoDB does.
    for (const key of req.TagKeys!) delete tags[key];
    await saveTags(ctx, table, tags);
  });
  // DynamoDB answers with an empty body, not {}.
  return undefined;
};
