import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './node-process.js';

const nodeBin = process.env.DYNARING_NODE_BIN ?? join(repoRoot, 'packages/node/bin/dynaring.js');
/**
 * With setpriv (util-linux) a node gets SIGKILL when the test worker dies, even by SIGKILL,
 * where no exit hook of ours can run: no cluster outlives its test run.
 */
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
const TAIL_CHARS = 40_000;

export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

/** One spawn of a node: a restart is a new ClusterProcess on the same data dir and flags. */
export class ClusterProcess {
  private readonly child: ChildProcess;
  private tail = '';
  readonly ready: Promise<void>;
  readonly exited: Promise<ExitStatus>;

  constructor(
    readonly name: string,
    args: readonly string[],
    private readonly logFile: string,
    readyTimeoutMs: number,
  ) {
    const command = setpriv ? setpriv : process.execPath;
    const argv = setpriv ? ['--pdeathsig', 'KILL', '--', process.execPath, nodeBin, ...args] : [nodeBin, ...args];
    this.log(`--- ${new Date().toISOString()} ${name}: node ${args.join(' ')}\n`);
    this.child = spawn(command, argv, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(this.child);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        live.delete(this.child);
        this.log(`--- ${new Date().toISOString()} ${name} exited (code ${code}, signal ${signal})\n`);
        resolve({ code, signal });
      });
    });
    let sawReady = false;
    let onReady = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${name} did not print "ready" within ${readyTimeoutMs} ms\n${this.logTail()}`));
      }, readyTimeoutMs);
      onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      void this.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited before ready (code ${code}, signal ${signal})\n${this.logTail()}`));
      });
    });
    // Callers that never await `ready` (a node killed while joining) must not see an unhandled rejection.
    this.ready.catch(() => {});
    let stdoutLine = '';
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.log(chunk);
      if (sawReady) return;
      stdoutLine = (stdoutLine + chunk).slice(-4096);
      if (/\bready\b/.test(stdoutLine)) {
        sawReady = true;
        onReady();
      }
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.log(chunk));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGTERM (after SIGCONT, in case it is paused), then SIGKILL if it has not exited in time. */
  async stop(graceMs = 10_000): Promise<ExitStatus> {
    if (this.running) {
      this.child.kill('SIGCONT');
      this.child.kill('SIGTERM');
    }
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    const status = await this.exited;
    clearTimeout(timer);
    return status;
  }

  /** The last lines the node wrote to stdout and stderr (the full log is in the log file). */
  logTail(maxLines = 80): string {
    const lines = this.tail.split('\n');
    return `${this.name} (${this.logFile}), last ${Math.min(maxLines, lines.length)} lines:\n${lines.slice(-maxLines).join('\n')}`;
  }

  private log(text: string): void {
    this.tail = (this.tail + text).slice(-TAIL_CHARS);
    try {
      appendFileSync(this.logFile, text);
    } catch {
      // the directory is gone once the cluster stopped; the in-memory tail still has it
    }
  }
}

/** Every node process still alive in this test process, for the exit hook. */
const live = new Set<ChildProcess>();

export function killAllClusterProcesses(): void {
  for (const child of live) child.kill('SIGKILL');
}
