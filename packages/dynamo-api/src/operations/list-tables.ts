import type { Operation } from '../operation.js';
import { checkRequest, type Fields } from '../validations/shape.js';

const fields: Fields = {
  ExclusiveStartTableName: { type: 'String', pattern: '[a-zA-Z0-9_.-]+', minLength: 3, maxLength: 255 },
  Limit: { type: 'Integer', min: 1, max: 100 },
};

const DEFAULT_LIMIT = 100;

export const listTables: Operation = async (body, ctx) => {
  const req = checkRequest<{ ExclusiveStartTableName?: string; Limit?: number }>(body, fields);
  const limit = req.Limit ?? DEFAULT_LIMIT;
  const names = ctx.catalog.names();
  const start = req.ExclusiveStartTableName;
  const after = start === undefined ? names : names.filter((n) => n > start);
  const page = after.slice(0, limit);
  const result: Record<string, unknown> = { TableNames: page };
  if (after.length > limit) result.LastEvaluatedTableName = page[page.length - 1];
  return result;
};
