// `nodetool describering`: Cassandra's TokenRange.toString per range, one tab-indented line each.
import type { DescribeRingResponse, TokenRange } from '../admin-api.js';

/** Java's List.toString. */
function javaList(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

export function tokenRangeString(range: TokenRange): string {
  const details = range.endpointDetails.map(
    (d) => `EndpointDetails(host:${d.host}, datacenter:${d.datacenter}, rack:${d.rack})`,
  );
  return (
    `TokenRange(start_token:${range.startToken}, end_token:${range.endToken}, ` +
    `endpoints:${javaList(range.endpoints)}, rpc_endpoints:${javaList(range.rpcEndpoints)}, ` +
    `endpoint_details:${javaList(details)})`
  );
}

export function formatDescribeRing(response: DescribeRingResponse): string {
  let out = `Schema Version:${response.schemaVersion}\nTokenRange: \n`;
  for (const range of response.ranges) out += `\t${tokenRangeString(range)}\n`;
  return out;
}
