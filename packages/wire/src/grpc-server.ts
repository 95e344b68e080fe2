import { Server, ServerCredentials, type ServerOptions } from '@grpc/grpc-js';

/** Large enough for a scan page of big items; the grpc default of 4 MiB is not. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export function createGrpcServer(options: ServerOptions = {}): Server {
  return new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    ...options,
  });
}

/** Binds and starts serving; resolves with the bound port (useful with port 0). */
export function startGrpcServer(server: Server, host: string, port: number): Promise<number> {
  const address = host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
  });
}

/** Lets calls in flight finish for up to `graceMs`, then cancels whatever is left. */
export function stopGrpcServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.forceShutdown(), graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
