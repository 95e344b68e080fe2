import type { Operation } from '../operation.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import { checkResourceArn, taggedTable } from './tag-resource.js';

const fields: Fields = {
  ResourceArn: { type: 'String' },
  NextToken: { type: 'String' },
};

interface Request {
  ResourceArn?: string;
  NextToken?: string;
}

/**
 * DynamoDB allows 50 tags on a table, which fit one page: no NextToken is ever returned, and one
 * given (from another implementation's page) is accepted and ignored, as Alternator does.
 */
export const listTagsOfResource: Operation = async (body, ctx) => {
  const req = checkRequest<Request>(body, fields);
  const arn = checkResourceArn('ListTagsOfResource', ctx, req.ResourceArn);
  const table = taggedTable(ctx, arn, `Requested resource not found: ResourcArn: ${arn} not found`);
  return { Tags: Object.entries(table.tags).map(([Key, Value]) => ({ Key, Value })) };
};
