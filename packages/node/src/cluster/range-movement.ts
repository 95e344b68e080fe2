import type { ReplicaApi, TableMeta } from '@dynaring/core';
import { streamingPlan, type TokenRing } from '@dynaring/cluster';
import { streamRange } from './streaming.js';

export interface MovementContext {
  tables: TableMeta[];
  /** The replica of an endpoint: in process for this node, gRPC for peers. */
  replicaOf: (endpoint: string) => ReplicaApi;
  isAlive: (endpoint: string) => boolean;
  progress: (message: string) => void;
}

/**
 * Moves data for a ring change from `current` to `future` (bootstrap, decommission,
 * removenode): for every table, every range an endpoint gains is copied to it from a live
 * current replica, the ones losing the range first. Fails if a range has no live source.
 */
export async function moveRanges(current: TokenRing, future: TokenRing, ctx: MovementContext): Promise<number> {
  let total = 0;
  const byRf = new Map<number, TableMeta[]>();
  for (const table of ctx.tables) byRf.set(table.rf, [...(byRf.get(table.rf) ?? []), table]);
  for (const [rf, tables] of byRf) {
    const tasks = streamingPlan(current, future, rf);
    for (const table of tables) {
      let rows = 0;
      for (const task of tasks) {
        const sources = task.sources.filter((s) => s !== task.target && ctx.isAlive(s));
        if (sources.length === 0) {
          throw new Error(`no live replica holds range (${task.range.start}, ${task.range.end}] of ${table.name}`);
        }
        rows += await streamRange(table.id, task.range, ctx.replicaOf(sources[0]!), ctx.replicaOf(task.target));
      }
      total += rows;
      ctx.progress(`streamed ${table.name}: ${rows} rows in ${tasks.length} ranges`);
    }
  }
  return total;
}
