import type { Operation } from '../operation.js';
import { describeTable } from '../table-description.js';
import { requireTableForAdmin } from './describe-table.js';

export const deleteTable: Operation = async (body, ctx) => {
  const meta = requireTableForAdmin(body, ctx);
  // The name is free at once (a new incarnation gets a new id); every node drops the old
  // data when its catalog learns of the deletion.
  await ctx.catalog.remove(meta.name, ctx.clock.nowMs());
  await ctx.schemaChanged?.();
  return { TableDescription: describeTable(meta, ctx, 'DELETING') };
};
