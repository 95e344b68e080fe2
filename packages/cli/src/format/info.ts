// `nodetool info`, the fields of Cassandra 4's Info.java that a dynaring node has.
import type { InfoResponse } from '../admin-api.js';
import { formatLoad, javaFixed } from './java-number.js';

const MIB = 1024 * 1024;

function line(label: string, value: string): string {
  return `${label.padEnd(23)}: ${value}\n`;
}

export function formatInfo(info: InfoResponse, showAllTokens: boolean): string {
  let out = '';
  out += line('ID', info.hostId);
  out += line('Gossip active', String(info.gossipActive));
  out += line('Load', formatLoad(info.loadBytes));
  out += line('Generation No', String(info.gossipActive ? info.generation : 0));
  out += line('Uptime (seconds)', String(info.uptimeSeconds));
  out += line('Heap Memory (MB)', `${javaFixed(info.heapUsedBytes / MIB, 2)} / ${javaFixed(info.heapTotalBytes / MIB, 2)}`);
  out += line('Data Center', info.datacenter);
  out += line('Rack', info.rack);
  // A joining node has no tokens in the ring yet; Cassandra says so instead of listing them.
  if (info.state === 'JOINING' || info.tokens.length === 0) {
    out += line('Token', '(node is not joined to the cluster)');
  } else if (info.tokens.length === 1 || showAllTokens) {
    for (const token of info.tokens) out += line('Token', token);
  } else {
    out += line('Token', `(invoke with -T/--tokens to see all ${info.tokens.length} tokens)`);
  }
  return out;
}
