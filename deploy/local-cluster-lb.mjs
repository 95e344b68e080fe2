#!/usr/bin/env node
// `npm run cluster` plus HAProxy (Debian's package: apt-get install haproxy) on
// http://127.0.0.1:8080 in front of the three nodes, with deploy/haproxy-local.cfg: the same
// topology as docker-compose.cluster.yml, without Docker. Ctrl-C or SIGTERM stops everything.
// Arguments after the script name are passed to every node.
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { ALTERNATOR_PORT, STORAGE_PORT, Supervisor, nodeSummaryLines, repoRoot, runSupervised, startLocalNodes } from './local-cluster-lib.mjs';

const HAPROXY_CONFIG = resolve(repoRoot, 'deploy/haproxy-local.cfg');
const LB_HOST = '127.0.0.1';
const LB_PORT = 8080;
const LB_READY_TIMEOUT_MS = 10_000;

/**
 * The haproxy binary, checked against the config before any node starts. Debian installs it
 * in /usr/sbin, which is not on a regular user's PATH.
 */
function findHaproxy() {
  for (const bin of ['haproxy', '/usr/sbin/haproxy']) {
    try {
      execFileSync(bin, ['-c', '-q', '-f', HAPROXY_CONFIG], { stdio: ['ignore', 'ignore', 'pipe'] });
      return bin;
    } catch (err) {
      if (err.code !== 'ENOENT') throw new Error(`haproxy rejects ${HAPROXY_CONFIG}:\n${err.stderr}`);
    }
  }
  throw new Error('haproxy is not installed (Debian/Ubuntu: sudo apt-get install haproxy)');
}

/** HAProxy prints nothing when it is up; it is ready once its frontend accepts connections. */
async function lbListening() {
  const deadline = Date.now() + LB_READY_TIMEOUT_MS;
  for (;;) {
    const ok = await new Promise((done) => {
      const socket = connect(LB_PORT, LB_HOST, () => {
        socket.end();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${LB_HOST}:${LB_PORT} after ${LB_READY_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const supervisor = new Supervisor();
supervisor.stopOnSignals();
const started = await runSupervised(supervisor, async () => {
  const haproxy = findHaproxy();
  await startLocalNodes(supervisor, process.argv.slice(2));
  // -db: stay in the foreground, so that the supervisor owns it and sees it exit.
  await supervisor.start('haproxy', haproxy, ['-db', '-f', HAPROXY_CONFIG], { probe: lbListening });
});
if (started) {
  process.stdout.write(
    [
      '',
      'dynaring local cluster is up behind HAProxy:',
      `  balancer  DynamoDB API http://${LB_HOST}:${LB_PORT}  (health checks GET / on every node)`,
      ...nodeSummaryLines(),
      '',
      `  AWS CLI:   aws dynamodb list-tables --endpoint-url http://${LB_HOST}:${LB_PORT}`,
      `  nodetool:  npx nodetool -h 127.0.0.1 -p ${STORAGE_PORT} status`,
      `  a node:    http://127.0.0.2:${ALTERNATOR_PORT} (stop one with kill, the balancer routes around it)`,
      '',
      'Ctrl-C stops HAProxy and all three nodes.',
      '',
    ].join('\n'),
  );
}
