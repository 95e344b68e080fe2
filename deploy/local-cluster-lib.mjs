// What `npm run cluster` and `npm run cluster:lb` share: the three local nodes (node N on
// 127.0.0.N, DynamoDB API on port 8000, gossip, replica traffic and nodetool on port 7000, data
// in ./data/nodeN) and a supervisor that prefixes every child's output with its name and stops
// them all together on Ctrl-C or SIGTERM.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const nodeBin = resolve(repoRoot, 'packages/node/bin/dynaring.js');
export const ALTERNATOR_PORT = 8000;
export const STORAGE_PORT = 7000;
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;

export const localNodes = [1, 2, 3].map((n) => ({ name: `node${n}`, address: `127.0.0.${n}`, dataDir: resolve('data', `node${n}`) }));

function prefixLines(stream, name, out, onLine) {
  createInterface({ input: stream }).on('line', (line) => {
    out.write(`[${name}] ${line}\n`);
    onLine?.(line);
  });
}

export class Supervisor {
  #children = new Map();
  #stopping = false;

  /** Ctrl-C reaches every child through the terminal too; this makes SIGTERM behave the same. */
  stopOnSignals() {
    process.on('SIGINT', () => void this.stopAll(0));
    process.on('SIGTERM', () => void this.stopAll(0));
  }

  get stopping() {
    return this.#stopping;
  }

  /**
   * Starts a child and resolves once it is ready: when `readyLine` matches a line it prints on
   * stdout, or when `probe()` resolves. Rejects if it exits first or takes too long.
   */
  start(name, command, args, { readyLine, probe, readyTimeoutMs = READY_TIMEOUT_MS } = {}) {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#children.set(name, child);
    prefixLines(child.stderr, name, process.stderr);
    return new Promise((resolveReady, reject) => {
      let ready = false;
      const markReady = () => {
        if (ready) return;
        ready = true;
        clearTimeout(timer);
        resolveReady();
      };
      const timer = setTimeout(() => reject(new Error(`${name} was not ready within ${readyTimeoutMs / 1000} s`)), readyTimeoutMs);
      prefixLines(child.stdout, name, process.stdout, (line) => {
        if (readyLine?.test(line)) markReady();
      });
      probe?.().then(markReady, (err) => reject(new Error(`${name}: ${err.message}`)));
      child.once('error', (err) => reject(new Error(`${name} could not start: ${err.message}`)));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        this.#children.delete(name);
        const how = signal ? `signal ${signal}` : `code ${code}`;
        reject(new Error(`${name} exited (${how}) before it was ready`));
        if (!this.#stopping) {
          process.stderr.write(`[${name}] exited (${how})\n`);
          if (this.#children.size === 0) process.exit(code || 1);
        }
      });
    });
  }

  async stopAll(exitCode) {
    if (this.#stopping) return;
    this.#stopping = true;
    process.stderr.write('stopping the local cluster...\n');
    const exits = [...this.#children.values()].map((child) => new Promise((done) => {
      child.once('exit', done);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
    }));
    await Promise.all(exits);
    process.exit(exitCode);
  }
}

/** Starts the three nodes, one at a time as operators bootstrap: the seed first, then each joins. */
export async function startLocalNodes(supervisor, extraArgs) {
  for (const node of localNodes) {
    mkdirSync(node.dataDir, { recursive: true });
    const args = [
      nodeBin,
      '--listen-address', node.address,
      '--alternator-port', String(ALTERNATOR_PORT),
      '--storage-port', String(STORAGE_PORT),
      '--seeds', localNodes[0].address,
      '--data-dir', node.dataDir,
      '--ring-delay-ms', '2000',
      ...extraArgs,
    ];
    await supervisor.start(node.name, process.execPath, args, { readyLine: /\bready\b/ });
  }
}

export function nodeSummaryLines() {
  return localNodes.map((n) => `  ${n.name}  DynamoDB API http://${n.address}:${ALTERNATOR_PORT}  storage ${n.address}:${STORAGE_PORT}  data ${n.dataDir}`);
}

/** Runs `start` under the supervisor; a failure stops whatever did start and exits 1. */
export async function runSupervised(supervisor, start) {
  try {
    await start();
    return !supervisor.stopping;
  } catch (err) {
    if (supervisor.stopping) return false;
    process.stderr.write(`${err.message}\n`);
    await supervisor.stopAll(1);
    return false;
  }
}
