/**
 * What every test cluster shares however its nodes are spawned (loopback addresses, network
 * namespaces): nodetool against node i, status polling and /localnodes, each bounded in time.
 */
import { request } from 'node:http';
import { parseStatus, runNodetool, type NodeStatus, type StatusEntry } from './nodetool.js';

/** Commands that stream or scan data get a longer bound than queries. */
const LONG_COMMANDS = new Set(['decommission', 'removenode', 'cleanup', 'repair']);


/** Polls `fn` until it returns something other than undefined/false, then returns that. */
export async function waitFor<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, what = 'condition', intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last result: ${detail}`);
    }
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The base of every test cluster: subclasses say where node i is and which nodes run. */
export abstract class ObservedCluster {
  abstract readonly storagePort: number;
  protected abstract addressOf(i: number): string;
  protected abstract endpointOf(i: number): string;
  /** Indices of the nodes that are running now. */
  protected abstract runningIndices(): number[];

  nodetool(i: number, ...args: string[]): Promise<string> {
    const timeoutMs = LONG_COMMANDS.has(args[0] ?? '') ? 120_000 : 20_000;
    return runNodetool(this.addressOf(i), this.storagePort, args, timeoutMs);
  }

  async nodetoolJson<T = unknown>(i: number, ...args: string[]): Promise<T> {
    const stdout = await this.nodetool(i, ...args, '--json');
    try {
      return JSON.parse(stdout) as T;
    } catch {
      throw new Error(`nodetool ${args.join(' ')} --json on ${this.addressOf(i)} printed no JSON:\n${stdout}`);
    }
  }

  async status(i: number): Promise<StatusEntry[]> {
    return parseStatus(await this.nodetoolJson(i, 'status'));
  }

  async waitForStatus(observer: number, address: string, status: NodeStatus, timeoutMs = 30_000): Promise<void> {
    const where = this.addressOf(observer);
    let seen = '';
    await waitFor(
      async () => {
        const entries = await this.status(observer);
        const entry = entries.find((e) => e.address === address);
        seen = entries.map((e) => `${e.status} ${e.address}`).join(', ');
        return status === 'absent' ? entry === undefined : entry?.status === status;
      },
      timeoutMs,
      `${address} to be ${status} in nodetool status on ${where}`,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\nlast status on ${where}: [${seen}]`);
    });
  }

  /** Waits until every running node sees every running node UN, and nothing else. */
  async waitForNormal(timeoutMs = 30_000): Promise<void> {
    const running = this.runningIndices();
    const expected = running.map((i) => this.addressOf(i)).sort();
    const views = new Map<number, string>();
    await waitFor(
      async () => {
        for (const i of running) {
          const entries = await this.status(i);
          views.set(i, entries.map((e) => `${e.status} ${e.address}`).join(', '));
          const normal = entries.filter((e) => e.status === 'UN').map((e) => e.address).sort();
          if (entries.length !== expected.length || normal.join() !== expected.join()) return false;
        }
        return true;
      },
      timeoutMs,
      `every node to see ${expected.join(', ')} UN`,
      200,
    ).catch((err: Error) => {
      const detail = [...views].map(([i, v]) => `  ${this.addressOf(i)} sees [${v}]`).join('\n');
      throw new Error(`${err.message}\n${detail}`);
    });
  }

  localNodes(i: number): Promise<string[]> {
    const where = this.addressOf(i);
    return new Promise((resolve, reject) => {
      const req = request(`${this.endpointOf(i)}/localnodes`, { method: 'GET', timeout: 5_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          try {
            if (res.statusCode !== 200) throw new Error(`GET /localnodes on ${where}: ${res.statusCode} ${body}`);
            resolve(JSON.parse(body) as string[]);
          } catch (err) {
            reject(err as Error);
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error(`GET /localnodes on ${where} timed out`)));
      req.on('error', reject);
      req.end();
    });
  }
}
