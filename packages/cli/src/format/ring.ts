// `nodetool ring`, laid out as Cassandra 4's Ring.java: one row per token, fixed-width columns
// after the address, the DC's last token repeated above its first row.
import type { NodeInfo, RingEntry, RingResponse } from '../admin-api.js';
import { compareJavaStrings } from './address-order.js';
import { formatLoad, javaFloatPercent } from './java-number.js';
import { OWNERSHIP_NOTE } from './ownership-note.js';

const WIDTHS = [12, 7, 8, 16, 20, 44] as const;

function row(addressWidth: number, cells: readonly [string, string, string, string, string, string, string]): string {
  const [address, ...rest] = cells;
  return address.padEnd(addressWidth) + '  ' + rest.map((c, i) => c.padEnd(WIDTHS[i] ?? 0)).join('') + '\n';
}

function stateWord(state: string): string {
  switch (state) {
    case 'JOINING':
      return 'Joining';
    case 'LEAVING':
      return 'Leaving';
    case 'MOVING':
      return 'Moving';
    default:
      return 'Normal';
  }
}

export function formatRing(response: RingResponse, table: string | undefined): string {
  const showEffectiveOwnership = table !== undefined && table !== '';
  const byEndpoint = new Map<string, NodeInfo>();
  for (const node of response.nodes) {
    byEndpoint.set(node.address, node);
    byEndpoint.set(node.endpoint, node);
  }

  // Cassandra sizes the address column from the token map's endpoint strings (ip:port in 4.x),
  // not from the addresses it then prints.
  const addressWidth = response.ring.reduce((w, e) => Math.max(w, e.endpoint.length), 0);

  const seen = new Set<string>();
  let haveVnodes = false;
  const dcs = new Map<string, RingEntry[]>();
  for (const entry of response.ring) {
    if (seen.has(entry.endpoint)) haveVnodes = true;
    seen.add(entry.endpoint);
    const dc = byEndpoint.get(entry.endpoint)?.datacenter ?? 'Unknown';
    const list = dcs.get(dc) ?? [];
    list.push(entry);
    dcs.set(dc, list);
  }

  let out = '\n';
  for (const [dc, entries] of [...dcs.entries()].sort(([a], [b]) => compareJavaStrings(a, b))) {
    out += `Datacenter: ${dc}\n==========\n`;
    out += row(addressWidth, ['Address', 'Rack', 'Status', 'State', 'Load', 'Owns', 'Token']);
    const lastToken = entries[entries.length - 1]?.token ?? '';
    out += entries.length > 1 ? row(addressWidth, ['', '', '', '', '', '', lastToken]) : '\n';
    for (const entry of entries) {
      const node = byEndpoint.get(entry.endpoint);
      const owns =
        showEffectiveOwnership && node !== undefined && node.owns >= 0 ? javaFloatPercent(node.owns, 2) : '?';
      out += row(addressWidth, [
        node?.address ?? entry.endpoint,
        node?.rack ?? 'Unknown',
        node === undefined ? '?' : node.up ? 'Up' : 'Down',
        stateWord(node?.state ?? ''),
        node === undefined ? '?' : formatLoad(node.loadBytes),
        owns,
        entry.token,
      ]);
    }
    out += '\n';
  }

  if (haveVnodes) {
    out += '  Warning: "nodetool ring" is used to output all the tokens of a node.\n';
    out += '  To view status related info of a node use "nodetool status" instead.\n\n';
  }
  out += '\n  ' + (showEffectiveOwnership ? '' : OWNERSHIP_NOTE + '\n');
  return out;
}
