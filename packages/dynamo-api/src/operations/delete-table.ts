import type { Operation } from '../operation.js';
import { describeTable } from '../table-description.js';
import { requireTableForAdmin } from './describe-table.js';

/**
 * DeleteTable's TableDescription is the short one: the schema (key schema, attribute
 * definitions, indexes) and the creation time are left out, unlike DescribeTable's.
 */
const LEFT_OUT = ['KeySchema', 'AttributeDefinitions', 'CreationDateTime', 'GlobalSecondaryIndexes', 'LocalSecondaryIndexes'];

function deletedTableDescription(full: Record<string, unknown>): Record<string, unknown> {
  const description = { ...full };
  for (const field of LEFT_OUT) delete description[field];
  return description;
}

export const deleteTable: Operation = async (body, ctx) => {
  const meta = requireTableForAdmin(body, ctx);
  // The name is free at once (a new incarnation gets a new id); every node drops the old
  // data when its catalog learns of the deletion.
  await ctx.catalog.remove(meta.name, ctx.clock.nowMs());
  await ctx.schemaChanged?.();
  return { TableDescription: deletedTableDescription(describeTable(meta, ctx, 'DELETING')) };
};
