// `nodetool status`, laid out as Cassandra 4's Status.java does it.
import type { NodeInfo, StatusResponse } from '../admin-api.js';
import { compareAddresses, compareJavaStrings } from './address-order.js';
import { formatLoad, javaFloatPercent } from './java-number.js';
import { OWNERSHIP_NOTE } from './ownership-note.js';
import { SharedTable } from './table-builder.js';

export function statusLetters(node: Pick<NodeInfo, 'up' | 'state'>): string {
  const status = node.up ? 'U' : 'D';
  const state =
    node.state === 'JOINING' ? 'J' : node.state === 'LEAVING' ? 'L' : node.state === 'MOVING' ? 'M' : 'N';
  return status + state;
}

/** Groups nodes by datacenter (sorted by name), each group sorted by address. */
export function byDatacenter(nodes: readonly NodeInfo[]): Array<[string, NodeInfo[]]> {
  const dcs = new Map<string, NodeInfo[]>();
  for (const node of nodes) {
    const list = dcs.get(node.datacenter) ?? [];
    list.push(node);
    dcs.set(node.datacenter, list);
  }
  return [...dcs.entries()]
    .sort(([a], [b]) => compareJavaStrings(a, b))
    .map(([dc, list]) => [dc, list.sort((a, b) => compareAddresses(a.address, b.address))]);
}

function lowestToken(tokens: readonly string[]): string {
  let lowest: string | undefined;
  for (const t of tokens) if (lowest === undefined || BigInt(t) < BigInt(lowest)) lowest = t;
  return lowest ?? '';
}

export function formatStatus(response: StatusResponse, table: string | undefined): string {
  const hasEffectiveOwns = table !== undefined && table !== '';
  const dcs = byDatacenter(response.nodes);
  const tokenCount = response.nodes.reduce((n, node) => n + node.tokens.length, 0);
  // Cassandra's own test for "one token per node" compares datacenters with tokens; kept as is
  // so that the column set is the one Cassandra would print for the same ring.
  const isTokenPerNode = dcs.length >= tokenCount;
  const owns = hasEffectiveOwns ? 'Owns (effective)' : 'Owns';

  const shared = new SharedTable('  ');
  for (const [, nodes] of dcs) {
    const rows = shared.next();
    rows.push(
      isTokenPerNode
        ? ['--', 'Address', 'Load', owns, 'Host ID', 'Token', 'Rack']
        : ['--', 'Address', 'Load', 'Tokens', owns, 'Host ID', 'Rack'],
    );
    for (const node of nodes) {
      const ownsCell = hasEffectiveOwns && node.owns >= 0 ? javaFloatPercent(node.owns, 1) : '?';
      const load = formatLoad(node.loadBytes);
      rows.push(
        isTokenPerNode
          ? [statusLetters(node), node.address, load, ownsCell, node.hostId, lowestToken(node.tokens), node.rack]
          : [statusLetters(node), node.address, load, String(node.tokens.length), ownsCell, node.hostId, node.rack],
      );
    }
  }

  const tables = shared.render();
  let out = '';
  dcs.forEach(([dc], i) => {
    if (i > 0) out += '\n';
    const header = `Datacenter: ${dc}`;
    out += `${header}\n${'='.repeat(header.length)}\n`;
    out += 'Status=Up/Down\n|/ State=Normal/Leaving/Joining/Moving\n';
    out += tables[i] ?? '';
  });
  out += '\n';
  if (!hasEffectiveOwns) out += OWNERSHIP_NOTE + '\n';
  return out;
}
