// Builds the real AdminApi on the gRPC AdminClient of @dynaring/wire. The client's own shape
// differs in two ways that the CLI should not care about: parameterless RPCs take call options
// instead of a request, and long operations are async iterables rather than callbacks.
import { AdminClient } from '@dynaring/wire';
import type { AdminApi, ProgressListener } from './admin-api.js';

export interface ConnectOptions {
  /** Deadline of each unary call (the client's default when absent); streams have none. */
  deadlineMs?: number;
}

async function drain<T>(stream: AsyncIterable<T>, onItem: (item: T) => void): Promise<void> {
  for await (const item of stream) onItem(item);
}

/** Opens a client to a node's Admin service at "host:port". */
export function connectAdmin(address: string, options: ConnectOptions = {}): AdminApi {
  const client = new AdminClient(address, options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs });
  return {
    status: (req) => client.status({ table: req.table ?? '' }),
    ring: (req) => client.ring({ table: req.table ?? '' }),
    info: () => client.info(),
    describeRing: (req) => client.describeRing(req),
    gossipInfo: () => client.gossipInfo(),
    getEndpoints: (req) => client.getEndpoints(req),
    describeCluster: () => client.describeCluster(),
    decommission: (_req, onProgress: ProgressListener) => drain(client.decommission(), onProgress),
    cleanup: (req, onProgress: ProgressListener) => drain(client.cleanup({ table: req.table ?? '' }), onProgress),
    removeNode: (req, onProgress: ProgressListener) => drain(client.removeNode(req), onProgress),
    repair: (req, onProgress: ProgressListener) => drain(client.repair({ table: req.table ?? '' }), onProgress),
    listPendingHints: () => client.listPendingHints(),
    waitHints: (req) => client.waitHints({ target: req.target ?? '', timeoutMs: req.timeoutMs }),
    close: () => client.close(),
  };
}
