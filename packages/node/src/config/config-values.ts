import { InvalidArgumentError } from 'commander';
import type { CpuSchedulingPolicy } from './node-config.js';
import type { WriteIsolation } from '@dynaring/dynamo-api';

// Every parser takes the text of a flag, an environment variable or a YAML scalar, so that a
// value means the same wherever it is set; each throws InvalidArgumentError naming what it wants.

export function parsePort(value: string): number {
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('not a TCP port');
  return port;
}

export function parseInteger(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n)) throw new InvalidArgumentError('not an integer');
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('not a positive integer');
  return n;
}

export function parseNonNegativeInt(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('not a non-negative integer');
  return n;
}

export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('not a positive number');
  return n;
}

export function parseBoolean(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('not true or false');
}

export function parseText(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('empty');
  return value;
}

/** A comma-separated list; empty entries are dropped. */
export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const ISOLATION_ALIASES: Record<string, WriteIsolation> = {
  always_use_lwt: 'always_use_lwt',
  a: 'always_use_lwt',
  only_rmw_uses_lwt: 'only_rmw_uses_lwt',
  o: 'only_rmw_uses_lwt',
  forbid_rmw: 'forbid_rmw',
  f: 'forbid_rmw',
  unsafe_rmw: 'unsafe_rmw',
  u: 'unsafe_rmw',
};

/** Alternator's write isolation modes, with its one-letter aliases. */
export function parseIsolation(value: string): WriteIsolation {
  const mode = Object.hasOwn(ISOLATION_ALIASES, value) ? ISOLATION_ALIASES[value] : undefined;
  if (!mode) throw new InvalidArgumentError(`not one of ${Object.keys(ISOLATION_ALIASES).join(', ')}`);
  return mode;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function parseLogLevel(value: string): string {
  if (!(LOG_LEVELS as readonly string[]).includes(value)) throw new InvalidArgumentError(`not one of ${LOG_LEVELS.join(', ')}`);
  return value;
}

const CPU_SCHEDULING_POLICIES: readonly CpuSchedulingPolicy[] = ['batch', 'normal'];

export function parseCpuSchedulingPolicy(value: string): CpuSchedulingPolicy {
  if (!(CPU_SCHEDULING_POLICIES as readonly string[]).includes(value)) throw new InvalidArgumentError(`not one of ${CPU_SCHEDULING_POLICIES.join(', ')}`);
  return value as CpuSchedulingPolicy;
}
