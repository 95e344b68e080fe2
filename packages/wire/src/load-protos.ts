import { fileURLToPath } from 'node:url';
import { loadSync, type MethodDefinition, type ServiceDefinition } from '@grpc/proto-loader';

/**
 * The repository's proto folder. Resolved from this module's own location, which sits one
 * level below packages/wire both as source (src/, under vitest) and as build output (dist/).
 */
export const PROTO_DIR = fileURLToPath(new URL('../../../proto/', import.meta.url));

export const PROTO_FILES = ['replica.proto', 'gossip.proto', 'admin.proto'] as const;

/** A method as proto-loader describes it; messages are plain objects (int64 as strings). */
export type RpcMethod = MethodDefinition<object, object>;

export interface Protos {
  replica: ServiceDefinition;
  gossip: ServiceDefinition;
  admin: ServiceDefinition;
}

let loaded: Protos | undefined;

/** Loads the three proto files once per process; every later call returns the same services. */
export function loadProtos(): Protos {
  if (loaded) return loaded;
  const definition = loadSync([...PROTO_FILES], {
    includeDirs: [PROTO_DIR],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const service = (name: string): ServiceDefinition => {
    const found = definition[name];
    if (!found || 'format' in found) throw new Error(`proto service ${name} not found in ${PROTO_DIR}`);
    return found as ServiceDefinition;
  };
  loaded = {
    replica: service('dynaring.replica.v1.Replica'),
    gossip: service('dynaring.gossip.v1.Gossip'),
    admin: service('dynaring.admin.v1.Admin'),
  };
  return loaded;
}

/** A method of a loaded service; throws at startup rather than on first call if it is missing. */
export function rpcMethod(service: ServiceDefinition, name: string): RpcMethod {
  const method = service[name];
  if (!method) throw new Error(`proto method ${name} not found`);
  return method;
}
