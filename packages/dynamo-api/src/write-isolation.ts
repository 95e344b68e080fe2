import type { AttributeMap, ItemWrite, PrimaryKey, TableMeta } from '@dynaring/core';
import type { RmwDecision } from '@dynaring/coordinator';
import { validation } from './errors.js';
import type { ApiContext } from './operation.js';

const FORBID_RMW_MESSAGE =
  "Read-modify-write operations are disabled by 'forbid_rmw' write isolation policy. Refer to https://github.com/scylladb/scylla/blob/master/docs/alternator/alternator.md#write-isolation-policies for more information.";

/**
 * Runs a write under the table's write isolation mode, as Alternator does: a write that
 * needs the current item reads it under isolation (or is refused under forbid_rmw); a write
 * that does not is a plain quorum write unless the mode is always_use_lwt.
 */
export async function executeWrite<T>(
  ctx: ApiContext,
  table: TableMeta,
  key: PrimaryKey,
  needsRead: boolean,
  decide: (current: AttributeMap | null) => RmwDecision<T>,
): Promise<T> {
  const mode = modeFor(ctx, table);
  if (needsRead && mode === 'forbid_rmw') throw validation(FORBID_RMW_MESSAGE);
  if (!needsRead && mode !== 'always_use_lwt') {
    const { write, result } = decide(null);
    if (write) await ctx.coordinator.write(table, key, write);
    return result;
  }
  if (mode === 'unsafe_rmw') {
    const current = await ctx.coordinator.read(table, key, 'QUORUM');
    const { write, result } = decide(current);
    if (write) await ctx.coordinator.write(table, key, write);
    return result;
  }
  // Paxos among the item's replicas: isolated from every other LWT write on the item, through
  // whichever node it comes.
  return ctx.coordinator.casItem(table, key, decide);
}

function modeFor(ctx: ApiContext, table: TableMeta): ApiContext['writeIsolation'] {
  const tag = table.tags['system:write_isolation'];
  switch (tag) {
    case 'a':
    case 'always':
    case 'always_use_lwt':
      return 'always_use_lwt';
    case 'o':
    case 'only_rmw_uses_lwt':
      return 'only_rmw_uses_lwt';
    case 'f':
    case 'forbid':
    case 'forbid_rmw':
      return 'forbid_rmw';
    case 'u':
    case 'unsafe':
    case 'unsafe_rmw':
      return 'unsafe_rmw';
    default:
      return ctx.writeIsolation;
  }
}

export type { ItemWrite };
