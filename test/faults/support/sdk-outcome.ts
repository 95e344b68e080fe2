/**
 * Maps what the AWS SDK reported to a history outcome. Only errors that prove the request
 * was never acted on are `fail`: a refused connection (nothing was sent) and 4xx answers
 * (the server rejected it). Timeouts, 5xx and broken connections are `info`: the
 * coordinator may have stamped and applied the write, now or later.
 */
import type { Outcome } from '../../support/history/index.js';

export function outcomeOfError(err: unknown): Outcome {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const error = `${status ?? ''} ${e.name ?? 'Error'}${e.code ? ` ${e.code}` : ''}: ${(e.message ?? String(err)).slice(0, 200)}`.trim();
  if (e.code === 'ECONNREFUSED') return { type: 'fail', error };
  if (status !== undefined && status >= 400 && status < 500) return { type: 'fail', error };
  return { type: 'info', error };
}

/** True for the answer a coordinator gives when too few replicas are alive. */
export const isServerError = (error: string): boolean => error.startsWith('500 ');
