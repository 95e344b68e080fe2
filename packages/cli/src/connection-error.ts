// Tells "could not reach the node" apart from "the node said no", because nodetool reports the
// first as `Failed to connect` (exit 1) and the second as `error:` (exit 2).

const GRPC_UNAVAILABLE = 14;
const SOCKET_ERRNOS = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN'];

interface ErrorLike {
  code?: unknown;
  metadata?: { get?: (key: string) => unknown[] };
  message?: unknown;
  details?: unknown;
  cause?: unknown;
}

function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let cur: unknown = err;
  while (cur !== null && typeof cur === 'object' && out.length < 10) {
    out.push(cur as ErrorLike);
    cur = (cur as ErrorLike).cause;
  }
  return out;
}

function text(e: ErrorLike): string {
  return `${typeof e.message === 'string' ? e.message : ''} ${typeof e.details === 'string' ? e.details : ''}`;
}

/** The Java-style "Exception: 'message'" part of the failure line, or undefined if not a connect failure. */
export function connectFailureReason(err: unknown): string | undefined {
  const errors = chain(err);
  const all = errors.map(text).join(' ');
  const errno = SOCKET_ERRNOS.find((code) => all.includes(code) || errors.some((e) => e.code === code));
  // An error the node itself sent (the wire package tags it with its code) means we did reach it.
  const fromNode = errors.some((e) => (e.metadata?.get?.('x-error-code') ?? []).length > 0);
  const unavailable = errors.some((e) => e.code === GRPC_UNAVAILABLE || e.code === 'CLUSTER_UNAVAILABLE');
  const unresolved = /Name resolution failed/i.test(all);
  if (fromNode || (errno === undefined && !unavailable && !unresolved)) return undefined;
  if (unresolved) return "UnknownHostException: 'Name or service not known'";
  switch (errno) {
    case 'ECONNREFUSED':
      return "ConnectException: 'Connection refused'";
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return "UnknownHostException: 'Name or service not known'";
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return "NoRouteToHostException: 'No route to host'";
    case 'ETIMEDOUT':
      return "ConnectException: 'Connection timed out'";
    case 'ECONNRESET':
      return "ConnectException: 'Connection reset'";
    default: {
      const grpc = errors.find((e) => e.code === GRPC_UNAVAILABLE) ?? errors[0];
      const detail =
        grpc && typeof grpc.details === 'string' && grpc.details !== '' ? grpc.details : grpc ? text(grpc).trim() : '';
      return `UNAVAILABLE: '${detail}'`;
    }
  }
}

/** The message of any thrown value, for `error: ...` lines. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const details = (err as ErrorLike).details;
    return typeof details === 'string' && details !== '' ? details : err.message;
  }
  return String(err);
}
