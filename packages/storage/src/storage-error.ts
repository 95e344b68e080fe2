import { ClusterError } from '@dynaring/core';

/** Maps `level`'s "not open" errors to STORAGE_NOT_OPEN and corruption to STORAGE_CORRUPTION. */
export function storageError(err: unknown): unknown {
  if (err instanceof ClusterError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'LEVEL_DATABASE_NOT_OPEN') return notOpen(err);
  if (code === 'LEVEL_CORRUPTION') return new ClusterError('STORAGE_CORRUPTION', 'storage is corrupt', { cause: err });
  return err;
}

export function notOpen(cause?: unknown): ClusterError {
  return new ClusterError('STORAGE_NOT_OPEN', 'storage is not open', cause === undefined ? undefined : { cause });
}
