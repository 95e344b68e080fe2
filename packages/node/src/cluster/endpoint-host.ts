/** The address part of an "ip:storagePort" endpoint, as nodetool and /localnodes print nodes. */
export function endpointHost(endpoint: string): string {
  return endpoint.slice(0, endpoint.lastIndexOf(':'));
}
