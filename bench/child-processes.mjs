// Servers started by the comparison scripts: each in its own process group, its output drained
// and its tail kept for error reports, and every one of them killed (and the temp dirs removed)
// however the script ends - normally, on an error, or on Ctrl-C.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const OUTPUT_LINES_KEPT = 30;

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal); // detached: the child leads its own process group
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export class Children {
  /**
   * @param {string} prefix temp dir prefix
   * @param {string} cwd where children run
   */
  constructor(prefix, cwd) {
    this.cwd = cwd;
    this.children = new Set();
    this.tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    process.on('exit', () => this.cleanupSync());
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.on(signal, async () => {
        process.stderr.write(`\n${signal}: stopping servers\n`);
        await this.stopAll();
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    }
  }

  cleanupSync() {
    for (const child of this.children) killGroup(child, 'SIGKILL');
    this.children.clear();
    fs.rmSync(this.tmpRoot, { recursive: true, force: true });
  }

  /**
   * SIGTERM to the child's group, SIGKILL after `graceMs`. A node asked to stop writes its
   * --cpu-prof profile on the way out, which is why the grace period is adjustable.
   */
  async stop(child, graceMs = 3000) {
    if (child.exitCode !== null || child.signalCode !== null) {
      this.children.delete(child);
      return;
    }
    child.stopping = true;
    const exited = new Promise((r) => child.once('exit', r));
    killGroup(child, 'SIGTERM');
    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(r, graceMs, 'timeout')));
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      killGroup(child, 'SIGKILL');
      await exited;
    }
    clearTimeout(timer);
    this.children.delete(child);
  }

  async stopAll(graceMs) {
    await Promise.all([...this.children].map((c) => this.stop(c, graceMs)));
  }

  /**
   * Starts a server and resolves once it prints a line containing "ready"; rejects (after
   * stopping it) with its last output if it exits or stays silent for `readyTimeoutMs`.
   * @returns {Promise<{name: string, child: import('node:child_process').ChildProcess, lines: string[], ready: boolean}>}
   */
  start(name, command, args, { shell = false, readyTimeoutMs }) {
    const child = spawn(command, args, {
      cwd: this.cwd,
      detached: true,
      shell,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    const lines = [];
    const server = { name, child, lines, ready: false };
    return new Promise((resolve, reject) => {
      let failed = false;
      const fail = async (why) => {
        if (failed) return;
        failed = true;
        clearTimeout(timer);
        await this.stop(child);
        const tail = lines.length ? `\n  last output:\n    ${lines.join('\n    ')}` : '';
        reject(new Error(`${name} ${why}${tail}`));
      };
      const timer = setTimeout(() => fail(`did not print "ready" within ${readyTimeoutMs / 1000} s`), readyTimeoutMs);
      const onLine = (line) => {
        lines.push(line.length > 300 ? line.slice(0, 300) + '...' : line);
        if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
        if (!server.ready && /ready/i.test(line)) {
          server.ready = true;
          clearTimeout(timer);
          resolve(server);
        }
      };
      // Always drained: a child blocked on a full pipe would look like a slow server.
      for (const stream of [child.stdout, child.stderr]) {
        let pending = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk) => {
          pending += chunk;
          const parts = pending.split('\n');
          pending = parts.pop();
          for (const p of parts) onLine(p);
        });
      }
      child.on('error', (err) => {
        fail(`could not be started: ${err.message}`);
      });
      child.on('exit', (code, signal) => {
        this.children.delete(child);
        if (!server.ready) {
          fail(`exited before ready (${signal ?? `code ${code}`})`);
        } else if (!child.stopping) {
          process.stderr.write(`warning: ${name} exited during the benchmark (${signal ?? `code ${code}`})\n`);
        }
      });
    });
  }
}

function canListen(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * A port that is free on every one of `hosts` (a cluster on 127.0.0.1-3 uses the same ports on
 * each address). Racy like any free-port probe, but the window is short.
 */
export async function freePort(hosts = ['127.0.0.1'], avoid = []) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise((resolve, reject) => {
      const server = net.createServer();
      server.unref();
      server.on('error', reject);
      server.listen(0, hosts[0], () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      });
    });
    if (avoid.includes(port)) continue;
    let free = true;
    for (const host of hosts.slice(1)) if (!(await canListen(port, host))) free = false;
    if (free) return port;
  }
  throw new Error(`no port free on all of ${hosts.join(', ')}`);
}
