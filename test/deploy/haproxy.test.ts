/**
 * The topology of `npm run cluster:lb` (and of docker-compose.cluster.yml): clients talk only to
 * HAProxy, configured by deploy/haproxy-local.cfg itself, in front of three nodes. A node killed
 * with -9 under load costs retries, never an acknowledged write.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCluster, sleep, waitFor, type Cluster } from '../support/cluster.js';
import { clientsFor, getValue, mismatches, type Items } from '../support/cluster-items.js';
import { createTable, freePort, repoRoot, testCredentials, waitForActive } from '../support/index.js';

const HAPROXY_CONFIG = join(repoRoot, 'deploy/haproxy-local.cfg');
// Debian installs it in /usr/sbin, which is not on a regular user's PATH.
const haproxyBin = ['haproxy', '/usr/sbin/haproxy'].find((bin) => spawnSync(bin, ['-v'], { stdio: 'ignore' }).error === undefined);
const haproxyMissing = haproxyBin === undefined;
if (haproxyMissing) {
  process.stderr.write('test/deploy/haproxy.test.ts skipped: haproxy is not installed (apt-get install haproxy; .ci/run installs it)\n');
}

const WRITERS = 4;
const READERS = 2;

/** GET / through the balancer: 200 once HAProxy serves and has a healthy node behind it. */
function getRoot(endpoint: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint}/`, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** What the workload saw: writes the balancer acknowledged, and every way a request ended badly. */
interface Workload {
  acked: Items;
  /** Acknowledged writes that happened while a node was down. */
  ackedWhileDown: number;
  wrongReads: string[];
  errors: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * Writers put distinct keys (each written once, so a read has one right answer); readers read
 * acknowledged keys back with ConsistentRead, which a quorum write must make visible at once.
 */
function runWorkload(db: DynamoDBClient, table: string, nodeDown: () => boolean): Workload {
  let running = true;
  const w: Workload = { acked: new Map(), ackedWhileDown: 0, wrongReads: [], errors: new Map(), stop: async () => {} };
  const countError = (err: unknown) => {
    const name = (err as Error).name;
    w.errors.set(name, (w.errors.get(name) ?? 0) + 1);
  };
  const writer = async (n: number) => {
    for (let seq = 0; running; seq += 1) {
      const pk = `w${n}-${seq}`;
      const v = `value of ${pk}`;
      const down = nodeDown();
      try {
        await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, v: { S: v } } }));
        w.acked.set(pk, v);
        if (down && nodeDown()) w.ackedWhileDown += 1;
      } catch (err) {
        countError(err);
      }
    }
  };
  const reader = async () => {
    while (running) {
      const keys = [...w.acked.keys()];
      if (keys.length === 0) {
        await sleep(20);
        continue;
      }
      const pk = keys[Math.floor(Math.random() * keys.length)]!;
      try {
        const got = await getValue(db, table, pk, true);
        if (got !== w.acked.get(pk)) w.wrongReads.push(`${pk}: ${w.acked.get(pk)} != ${got}`);
      } catch (err) {
        countError(err);
      }
    }
  };
  const all = Promise.all([...Array.from({ length: WRITERS }, (_, n) => writer(n)), ...Array.from({ length: READERS }, reader)]);
  w.stop = async () => {
    running = false;
    await all;
  };
  return w;
}

describe.skipIf(haproxyMissing)('three nodes behind HAProxy (deploy/haproxy-local.cfg)', () => {
  let cluster: Cluster;
  let haproxy: ChildProcess | undefined;
  let haproxyLog = '';
  let lb: string;
  beforeAll(async () => {
    cluster = await startCluster({ name: 'haproxy.test.ts', nodes: 3 });
    const lbPort = await freePort();
    lb = `http://127.0.0.1:${lbPort}`;
    haproxy = spawn(haproxyBin!, ['-db', '-f', HAPROXY_CONFIG], {
      env: { ...process.env, DYNARING_LB_BIND: `127.0.0.1:${lbPort}`, DYNARING_LB_NODE_PORT: String(cluster.alternatorPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keepLog = (chunk: Buffer) => (haproxyLog = (haproxyLog + chunk.toString()).slice(-20_000));
    haproxy.stdout!.on('data', keepLog);
    haproxy.stderr!.on('data', keepLog);
    process.once('exit', () => haproxy?.kill('SIGKILL'));
    await waitFor(async () => (await getRoot(lb)) === 200, 15_000, `GET / through HAProxy on ${lb}`);
  }, 90_000);
  afterAll(async () => {
    haproxy?.kill('SIGTERM');
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) =>
    onTestFailed(() => {
      cluster?.reportFailure();
      process.stderr.write(`\n=== haproxy output ===\n${haproxyLog}\n=== end of haproxy output ===\n`);
    }),
  );

  it('every write acknowledged through HAProxy is readable after kill -9 and restart of a node under load', async () => {
    const db = new DynamoDBClient({
      endpoint: lb,
      region: 'us-east-1',
      credentials: testCredentials,
      // The SDK's own retries (502s and resets while HAProxy notices the dead node) are the
      // client behaviour this topology relies on; the timeouts keep a stuck request bounded.
      maxAttempts: 6,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
    });
    const table = await createTable(db, 'haproxy', { hash: ['pk', 'S'] });
    const direct = clientsFor(cluster);
    for (const i of cluster.indices()) await waitForActive(direct(i), table, 15_000);

    let down = false;
    const load = runWorkload(db, table, () => down);
    try {
      await sleep(3_000);
      down = true;
      await cluster.kill(1, 'SIGKILL');
      await sleep(6_000);
      await cluster.restart(1);
      down = false;
      await cluster.waitForNormal(30_000);
      await sleep(2_000);
    } finally {
      await load.stop();
    }

    const summary = `${load.acked.size} writes acknowledged (${load.ackedWhileDown} while node 2 was down), errors after retries: ${JSON.stringify(Object.fromEntries(load.errors))}`;
    expect(load.wrongReads, summary).toEqual([]);
    expect(load.ackedWhileDown, summary).toBeGreaterThan(0);
    expect(await mismatches(db, table, load.acked, true), summary).toEqual([]);
    // The restarted node serves them too (it missed some: hints or read repair bring them).
    expect(await mismatches(direct(1), table, load.acked, true), summary).toEqual([]);
  }, 90_000);
});
