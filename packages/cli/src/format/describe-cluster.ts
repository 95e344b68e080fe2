// `nodetool describecluster`: the cluster block of Cassandra's DescribeCluster.java.
import type { DescribeClusterResponse } from '../admin-api.js';
import { compareAddresses } from './address-order.js';

export function formatDescribeCluster(response: DescribeClusterResponse): string {
  let out = 'Cluster Information:\n';
  out += `\tName: ${response.name}\n`;
  out += `\tSnitch: ${response.snitch}\n`;
  // dynaring has no dynamic snitch wrapping the configured one.
  out += '\tDynamicEndPointSnitch: disabled\n';
  out += `\tPartitioner: ${response.partitioner}\n`;
  out += '\tSchema versions:\n';
  for (const version of Object.keys(response.schemaVersions).sort()) {
    const addresses = [...(response.schemaVersions[version]?.addresses ?? [])].sort(compareAddresses);
    // Cassandra println()s a format ending in %n, so every version is followed by a blank line.
    out += `\t\t${version}: [${addresses.join(', ')}]\n\n`;
  }
  return out;
}
