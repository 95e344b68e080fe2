import { resourceNotFound } from '../errors.js';
import type { ApiContext, Operation } from '../operation.js';
import { describeTable as description } from '../table-description.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import { checkTableName } from '../validations/table-fields.js';
import type { TableMeta } from '@dynaring/core';

export const tableNameOnly: Fields = { TableName: { type: 'String', pattern: '[a-zA-Z0-9_.-]+' } };

/** Looks a table up for the table-level operations, with their not-found message. */
export function requireTableForAdmin(body: unknown, ctx: ApiContext): TableMeta {
  checkTableName(body, true);
  const { TableName } = checkRequest<{ TableName: string }>(body, tableNameOnly);
  const meta = ctx.catalog.get(TableName);
  if (!meta) throw resourceNotFound(`Requested resource not found: Table: ${TableName} not found`);
  return meta;
}

export const describeTable: Operation = async (body, ctx) => {
  const meta = requireTableForAdmin(body, ctx);
  return { Table: description(meta, ctx, 'ACTIVE', await ctx.tableStats?.(meta)) };
};
