// `nodetool listpendinghints` as Cassandra prints it: one TableBuilder table (single-space
// delimiter, every column padded) of the targets this node holds hints for, with times in UTC
// as yyyy-MM-dd HH:mm:ss,SSS; or one sentence when there are none.
import type { ListPendingHintsResponse, WaitHintsResponse } from '../admin-api.js';
import { SharedTable } from './table-builder.js';

const HEADER = ['Host ID', 'Address', 'Rack', 'DC', 'Status', 'Total hints', 'Total files', 'Newest', 'Oldest'];

/** Java's DateTimeFormatter "yyyy-MM-dd HH:mm:ss,SSS" of an instant in UTC. */
export function formatHintTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2024-05-01T12:34:56.789Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

export function formatListPendingHints(response: ListPendingHintsResponse): string {
  if (response.targets.length === 0) return 'This node does not have any pending hints\n';
  const table = new SharedTable(' ');
  const rows = table.next();
  rows.push(HEADER);
  for (const t of response.targets) {
    rows.push([
      t.hostId,
      t.endpoint || 'Unknown',
      t.rack || 'Unknown',
      t.datacenter || 'Unknown',
      t.known ? (t.up ? 'UP' : 'DOWN') : 'Unknown',
      String(t.totalHints),
      String(t.totalFiles),
      formatHintTime(t.newestMs),
      formatHintTime(t.oldestMs),
    ]);
  }
  return table.render().join('');
}

/** `nodetool waithints`: what was delivered, and whether the wait ended with hints left. */
export function formatWaitHints(response: WaitHintsResponse): string {
  if (response.remaining === 0) return `All hints delivered (${response.delivered} while waiting)\n`;
  return `Timed out with ${response.remaining} hints pending (${response.delivered} delivered while waiting)\n`;
}
