// `nodetool getendpoints`: one replica address per line, in replica order.
import type { GetEndpointsResponse } from '../admin-api.js';

export function formatGetEndpoints(response: GetEndpointsResponse): string {
  return response.endpoints.map((e) => `${e}\n`).join('');
}
