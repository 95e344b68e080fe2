import type { Operation } from '../operation.js';
import { describeTable } from '../table-description.js';
import { requireTableForAdmin } from './describe-table.js';

export const deleteTable: Operation = async (body, ctx) => {
  const meta = requireTableForAdmin(body, ctx);
  await ctx.catalog.remove(meta.name);
  // The name is free at once (a new incarnation gets a new id); old data goes in the background.
  ctx.coordinator.dropTable(meta).catch(() => undefined);
  return { TableDescription: describeTable(meta, ctx, 'DELETING') };
};
