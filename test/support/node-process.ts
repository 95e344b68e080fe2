import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, so tests find the built node wherever vitest was started from. */
export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
/** DYNARING_NODE_BIN swaps in another executable speaking the same flags (e.g. a stand-in). */
const nodeBin = process.env.DYNARING_NODE_BIN ?? join(repoRoot, 'packages/node/bin/dynaring.js');
const readyTimeoutMs = 15_000;
const stopTimeoutMs = 10_000;

export interface StartNodeOptions {
  dataDir?: string;
  port?: number;
  args?: string[];
  /** Gossip/nodetool port; a free one by default. */
  storagePort?: number;
  /** Address to serve on and to put in `endpoint` (default 127.0.0.1). */
  listenAddress?: string;
  /**
   * Runs the node under this command, e.g. `['ip', 'netns', 'exec', ns]`. It must exec the node
   * in place (as `ip netns exec` and `setpriv` do) so that `pid`, `kill` and `stop` reach the node.
   */
  commandPrefix?: readonly string[];
  /** Appends everything the node prints to this file, for the whole life of the process. */
  logFile?: string;
  /** How long the node may take to print "ready" (default 15 s). */
  readyTimeoutMs?: number;
}

export interface RunningNode {
  readonly endpoint: string;
  readonly port: number;
  readonly dataDir: string;
  readonly pid: number;
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM, then wait for the process to exit (SIGKILL if it hangs). */
  stop(): Promise<void>;
  waitExit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Every child we spawn, so a crashing test run never leaves nodes behind. */
const children = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The node could not bind a port: between freePort() and the node's listen, another process took it. */
class PortTakenError extends Error {}

/** Tries this many port pairs when the ports are ours to choose. */
const PORT_ATTEMPTS = 3;

export async function startNode(opts: StartNodeOptions = {}): Promise<RunningNode> {
  installExitHook();
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'dynaring-test-')));
  const attempts = opts.port === undefined || opts.storagePort === undefined ? PORT_ATTEMPTS : 1;
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    // Every node also serves gossip and nodetool on a storage port; tests run many nodes at once.
    const storagePort = opts.storagePort ?? (await freePort());
    try {
      return await launchNode(opts, port, storagePort, dataDir);
    } catch (err) {
      if (!(err instanceof PortTakenError) || attempt >= attempts) throw err;
    }
  }
}

async function launchNode(opts: StartNodeOptions, port: number, storagePort: number, dataDir: string): Promise<RunningNode> {
  const listenAddress = opts.listenAddress ?? '127.0.0.1';
  const readyWithinMs = opts.readyTimeoutMs ?? readyTimeoutMs;
  const args = [
    nodeBin,
    '--listen-address', listenAddress,
    '--alternator-port', String(port),
    '--storage-port', String(storagePort),
    '--data-dir', dataDir,
    ...(opts.args ?? []),
  ];
  const [command, ...argv] = [...(opts.commandPrefix ?? []), process.execPath, ...args];
  const child = spawn(command!, argv, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const logFile = opts.logFile;
  if (logFile) {
    const log = (chunk: string | Buffer) => {
      try {
        appendFileSync(logFile, chunk);
      } catch {
        // the directory may be gone once the test cleaned up; the log is only for diagnosis
      }
    };
    child.stdout!.on('data', log);
    child.stderr!.on('data', log);
  }

  let stderr = '';
  let stdout = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolveExit({ code, signal });
    });
  });

  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node did not print "ready" within ${readyWithinMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, readyWithinMs);
    const onPortTaken = (chunk: string) => {
      if (!chunk.includes('EADDRINUSE')) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new PortTakenError(`node could not bind its ports\nstderr:\n${stderr}`));
    };
    child.stderr!.on('data', onPortTaken);
    const onData = (chunk: string) => {
      stdout = (stdout + chunk).slice(-20_000);
      if (/\bready\b/.test(stdout)) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onPortTaken);
        // Keep draining stdout so a chatty node never blocks on a full pipe.
        child.stdout!.resume();
        resolveReady();
      }
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`node exited before ready (code ${code}, signal ${signal})\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });

  const node: RunningNode = {
    endpoint: `http://${listenAddress}:${port}`,
    port,
    dataDir,
    pid: child.pid!,
    kill: (signal: NodeJS.Signals = 'SIGTERM') => {
      child.kill(signal);
    },
    waitExit: () => exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      const result = await exited;
      clearTimeout(timer);
      if (result.signal === 'SIGKILL') {
        throw new Error(`node ignored SIGTERM for ${stopTimeoutMs} ms\nstderr:\n${stderr}`);
      }
    },
  };
  return node;
}
