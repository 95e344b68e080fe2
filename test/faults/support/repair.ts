import type { Cluster } from '../../support/cluster.js';

/**
 * Runs `nodetool repair <table>` on every node. Says so instead of failing while the CLI or
 * the node does not implement it yet, so the fault suite runs before repair exists.
 */
export async function repairIfSupported(cluster: Cluster, table: string): Promise<'repaired' | 'repair not supported'> {
  const help = await cluster.nodetool(0, '--help').catch((err: Error) => err.message);
  if (!/^\s+repair\b/m.test(help)) return 'repair not supported';
  for (const node of cluster.indices()) {
    try {
      await cluster.nodetool(node, 'repair', table);
    } catch (err) {
      if (/UNIMPLEMENTED|not implemented|unknown command/i.test((err as Error).message)) return 'repair not supported';
      throw err;
    }
  }
  return 'repaired';
}
