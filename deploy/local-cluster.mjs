#!/usr/bin/env node
// A three-node dynaring cluster on this machine, for development: node N listens on 127.0.0.N
// (DynamoDB API on port 8000, gossip, replica traffic and nodetool on port 7000) and keeps its
// data in ./data/nodeN. Runs in the foreground; Ctrl-C or SIGTERM stops all three.
// Arguments after the script name are passed to every node (e.g. `npm run cluster -- --log-level warn`).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const nodeBin = resolve(repoRoot, 'packages/node/bin/dynaring.js');
const ALTERNATOR_PORT = 8000;
const STORAGE_PORT = 7000;
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;
const extraArgs = process.argv.slice(2);

const nodes = [1, 2, 3].map((n) => ({ name: `node${n}`, address: `127.0.0.${n}`, dataDir: resolve('data', `node${n}`) }));
const children = new Map();
let stopping = false;

function prefixLines(stream, name, out) {
  createInterface({ input: stream }).on('line', (line) => out.write(`[${name}] ${line}\n`));
}

/** Starts one node and resolves when it prints its ready line. */
function startNode(node) {
  mkdirSync(node.dataDir, { recursive: true });
  const args = [
    nodeBin,
    '--listen-address', node.address,
    '--alternator-port', String(ALTERNATOR_PORT),
    '--storage-port', String(STORAGE_PORT),
    '--seeds', nodes[0].address,
    '--data-dir', node.dataDir,
    '--ring-delay-ms', '2000',
    ...extraArgs,
  ];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  children.set(node.name, child);
  prefixLines(child.stderr, node.name, process.stderr);
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${node.name} did not become ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    createInterface({ input: child.stdout }).on('line', (line) => {
      process.stdout.write(`[${node.name}] ${line}\n`);
      if (/\bready\b/.test(line)) {
        clearTimeout(timer);
        resolveReady();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(node.name);
      const how = signal ? `signal ${signal}` : `code ${code}`;
      reject(new Error(`${node.name} exited (${how}) before it was ready`));
      if (!stopping) {
        process.stderr.write(`[${node.name}] exited (${how})\n`);
        if (children.size === 0) process.exit(code || 1);
      }
    });
  });
}

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  process.stderr.write('stopping the local cluster...\n');
  const exits = [...children.values()].map((child) => new Promise((done) => {
    child.once('exit', done);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
  }));
  await Promise.all(exits);
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

async function main() {
  try {
    // One at a time, as operators bootstrap: the seed first, then each node joins the ring.
    for (const node of nodes) await startNode(node);
  } catch (err) {
    if (stopping) return;
    process.stderr.write(`${err.message}\n`);
    await stopAll(1);
    return;
  }
  if (stopping) return;
  process.stdout.write(
    [
      '',
      'dynaring local cluster is up:',
      ...nodes.map((n) => `  ${n.name}  DynamoDB API http://${n.address}:${ALTERNATOR_PORT}  storage ${n.address}:${STORAGE_PORT}  data ${n.dataDir}`),
      '',
      `  nodetool:  npx nodetool -h 127.0.0.1 -p ${STORAGE_PORT} status`,
      `  AWS CLI:   aws dynamodb list-tables --endpoint-url http://127.0.0.1:${ALTERNATOR_PORT}`,
      '',
      'Ctrl-C stops all three nodes.',
      '',
    ].join('\n'),
  );
}

await main();
