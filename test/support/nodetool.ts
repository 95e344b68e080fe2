import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './node-process.js';

const nodetoolBin = process.env.DYNARING_NODETOOL_BIN ?? join(repoRoot, 'packages/cli/bin/nodetool.js');

/** Two letters as `nodetool status` prints them (UN, DN, UJ, UL, ...), or absent from the list. */
export type NodeStatus = 'UN' | 'DN' | 'UJ' | 'DJ' | 'UL' | 'DL' | 'UM' | 'DM' | 'absent';

export interface StatusEntry {
  address: string;
  status: Exclude<NodeStatus, 'absent'>;
  hostId: string;
  tokens: number;
  raw: Record<string, unknown>;
}

export class NodetoolError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** Runs `nodetool -h host -p port ...args` and returns its stdout; a non-zero exit throws. */
export function runNodetool(host: string, port: number, args: readonly string[], timeoutMs: number): Promise<string> {
  const argv = [nodetoolBin, '-h', host, '-p', String(port), ...args];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, { cwd: repoRoot, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (!err) {
        resolve(stdout);
        return;
      }
      const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
      const what = e.killed ? `timed out after ${timeoutMs} ms` : `exited with ${e.code}`;
      reject(new NodetoolError(`nodetool ${args.join(' ')} against ${host}:${port} ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`, typeof e.code === 'number' ? e.code : null, stdout, stderr));
    });
  });
}

/**
 * The nodes of `nodetool status --json`. Accepts the Admin service's StatusResponse shape
 * (`{ nodes: [{ address, up, state, hostId, tokens }] }`), optionally grouped by datacenter, and
 * takes a ready-made two-letter `status` field when the CLI prints one.
 */
export function parseStatus(json: unknown): StatusEntry[] {
  const entries: StatusEntry[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    if (typeof obj.address === 'string' && ('up' in obj || 'status' in obj || 'state' in obj)) {
      entries.push({
        address: obj.address.replace(/:\d+$/, ''),
        status: statusLetters(obj),
        hostId: String(obj.hostId ?? obj.host_id ?? ''),
        tokens: Array.isArray(obj.tokens) ? obj.tokens.length : Number(obj.tokens ?? NaN),
        raw: obj,
      });
      return;
    }
    Object.values(obj).forEach(visit);
  };
  visit(json);
  return entries;
}

function statusLetters(node: Record<string, unknown>): StatusEntry['status'] {
  if (typeof node.status === 'string' && /^[UD][NJLM]$/.test(node.status)) return node.status as StatusEntry['status'];
  const up = node.up === true || node.up === 'true' ? 'U' : 'D';
  const state = String(node.state ?? 'NORMAL').toUpperCase();
  const letter = state.startsWith('J') ? 'J' : state.startsWith('L') ? 'L' : state.startsWith('M') ? 'M' : 'N';
  return `${up}${letter}` as StatusEntry['status'];
}

export interface DescribedRange {
  startToken: string;
  endToken: string;
  endpoints: string[];
}

/** The text of `nodetool describering <table>`: Cassandra's TokenRange lines. */
export function parseDescribeRing(text: string): { schemaVersion: string; ranges: DescribedRange[] } {
  const schemaVersion = /^Schema Version:(.*)$/m.exec(text)?.[1]?.trim() ?? '';
  const ranges: DescribedRange[] = [];
  for (const m of text.matchAll(/TokenRange\(start_token:(-?\d+), end_token:(-?\d+), endpoints:\[([^\]]*)\]/g)) {
    ranges.push({ startToken: m[1]!, endToken: m[2]!, endpoints: m[3]!.split(',').map((s) => s.trim()).filter(Boolean) });
  }
  return { schemaVersion, ranges };
}

/** The text of `nodetool getendpoints`: one address per line. */
export function parseEndpoints(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}
