import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every node of a cluster serves the same port pair on its own loopback address (as real
 * clusters do, and as `/localnodes` assumes: it lists addresses, not ports). Parallel test files
 * need distinct pairs. Candidates sit below Linux's ephemeral range (32768+) so that outgoing
 * connections never hold a port a restarted node needs, and a lock file per pair keeps two
 * parallel files from probing their way to the same pair.
 */
const FIRST_PORT = 20_000;
const PAIR_COUNT = 6_000;
const lockDir = join(tmpdir(), 'dynaring-cluster-ports');

export interface PortPair {
  readonly alternatorPort: number;
  readonly storagePort: number;
  release(): void;
}

export async function reservePortPair(seed: string, addresses: readonly string[]): Promise<PortPair> {
  mkdirSync(lockDir, { recursive: true });
  const start = createHash('sha1').update(seed).digest().readUInt32BE(0) % PAIR_COUNT;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const alternatorPort = FIRST_PORT + 2 * ((start + attempt) % PAIR_COUNT);
    const storagePort = alternatorPort + 1;
    const release = tryLock(alternatorPort);
    if (!release) continue;
    if (await allBindable([alternatorPort, storagePort], addresses)) return { alternatorPort, storagePort, release };
    release();
  }
  throw new Error(`no free port pair on ${addresses.join(', ')} after 200 attempts`);
}

/** Releases the lock only once, whichever of stop() and the exit hook gets there first. */
function tryLock(port: number): (() => void) | undefined {
  const path = join(lockDir, `${port}.lock`);
  for (let round = 0; round < 2; round += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch {
      if (!isStale(path)) return undefined;
      try {
        unlinkSync(path);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** A lock whose owner died (a test run killed hard) must not block the pair forever. */
function isStale(path: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function allBindable(ports: readonly number[], addresses: readonly string[]): Promise<boolean> {
  for (const address of addresses) {
    for (const port of ports) {
      if (!(await bindable(port, address))) return false;
    }
  }
  return true;
}

function bindable(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
