import { validation } from '../errors.js';
import type { Operation } from '../operation.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import { checkResourceArn, saveTags, taggedTable } from './tag-resource.js';

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
  const table = taggedTable(ctx, arn, 'Requested resource not found');
  const tags = { ...table.tags };
  // Keys the table does not have are ignored, as DynamoDB does.
  for (const key of req.TagKeys!) delete tags[key];
  await saveTags(ctx, table, tags);
  return {};
};
