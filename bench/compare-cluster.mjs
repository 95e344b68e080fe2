#!/usr/bin/env node
// Measures a three-node RF=3 cluster against a single node in one run on one machine: same
// generator, same workloads, deployments alternating per round, so that the cluster/single
// ratio means something even where absolute figures depend on the machine and its neighbours.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { nameList, nonNegativeNumber, positiveInteger, positiveNumber } from './cli-options.mjs';
import { Children, freePort } from './child-processes.mjs';
import { machineBusySeconds, processCpuSeconds } from './cpu-usage.mjs';
import { formatSummary, summarise } from './cpuprofile-summary.mjs';
import { createAgent } from './dynamo-http.mjs';
import { runLoad, SPREADS } from './load.mjs';
import { ensureTable } from './table-setup.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const NODE_BIN = path.join(REPO_ROOT, 'packages/node/bin/dynaring.js');
const NODETOOL_BIN = path.join(REPO_ROOT, 'packages/cli/bin/nodetool.js');
const CLUSTER_HOSTS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
const TABLE = 'bench';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The workloads compared, by name. */
const WORKLOADS = {
  put: { workload: 'put', consistent: false },
  get: { workload: 'get', consistent: false },
  'get-consistent': { workload: 'get', consistent: true },
  // Conditional PutItem: a lightweight transaction per request (compared with put below).
  lwt: { workload: 'put-lwt', consistent: false },
};
/** Workloads measured but not in the default list (run them with --workloads). */
const OPT_IN = new Set(['lwt']);
// The issue's target for the cluster at concurrency 32.
const GOAL_RATIO = 0.5;
const GOAL_P99_MS = 20;

const workloadList = nameList(Object.keys(WORKLOADS));

const program = new Command('compare-cluster')
  .description('Run the same workloads against one node and a three-node RF=3 cluster, and print cluster/single ratios')
  .option('-d, --duration <seconds>', 'measured window of each run', positiveNumber, 10)
  // A fresh three-node cluster needs ~10 s of load to reach its steady state on two cores
  // (1,600 -> 5,400 PutItem/s: three processes tiering up their JIT at a third of the request
  // rate each), a lone node ~2 s; a shorter warmup compares a warming cluster with a warm node.
  .option('--warmup <seconds>', 'unmeasured load before each window', nonNegativeNumber, 10)
  .option('-c, --concurrency <n>', 'requests in flight', positiveInteger, 32)
  .option('--workloads <list>', `comma-separated, of ${Object.keys(WORKLOADS).join(', ')}`, workloadList, Object.keys(WORKLOADS).filter((w) => !OPT_IN.has(w)))
  .option('--items <n>', 'key space size', positiveInteger, 10000)
  .option('--item-size <bytes>', 'length of the payload attribute v', positiveInteger, 200)
  .option(
    '--spread <list>',
    `how the cluster runs spread requests over the nodes, each measured: ${SPREADS.join(', ')} (see load.mjs)`,
    nameList(SPREADS, 'spread'),
    ['worker', 'request', 'least'],
  )
  .option('--rounds <n>', 'single and cluster alternate, once per round; the median run is reported', positiveInteger, 1)
  .option('--ready-timeout <seconds>', 'how long a node, and then the whole cluster, may take to come up', positiveNumber, 30)
  .option(
    '--cpu-prof <dir>',
    'instead of comparing: run the cluster (or --cpu-prof-deployment) with node 1 under node --cpu-prof, apply --cpu-prof-workload, summarise the profile',
  )
  .option('--cpu-prof-workload <name>', 'the workload profiled by --cpu-prof', 'put')
  .option('--cpu-prof-deployment <name>', 'cluster or single: what --cpu-prof profiles', 'cluster')
  .option('--node-flags <flags>', 'extra Node.js flags for every dynaring process (space-separated)', '')
  .option('--json [file]', 'also write the results as JSON, to stdout when no file is given')
  .parse(process.argv);
const opts = program.opts();
if (!(opts.cpuProfWorkload in WORKLOADS)) program.error(`unknown --cpu-prof-workload ${opts.cpuProfWorkload}`);
const DEPLOYMENTS = { single: [CLUSTER_HOSTS[0]], cluster: CLUSTER_HOSTS };
if (!(opts.cpuProfDeployment in DEPLOYMENTS)) program.error(`unknown --cpu-prof-deployment ${opts.cpuProfDeployment}`);

const children = new Children('dynaring-cluster-bench-', REPO_ROOT);

// ---- deployments ----

/** `nodetool -h host -p port <args> --json`, parsed. */
function nodetool(host, port, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NODETOOL_BIN, '-h', host, '-p', String(port), ...args, '--json'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`nodetool ${args.join(' ')} at ${host}: exit ${code}: ${(err || out).trim()}`));
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new Error(`nodetool ${args.join(' ')} at ${host}: not JSON: ${out.slice(0, 300)}`));
      }
    });
  });
}

/** Waits until every host's own view shows `count` nodes, all up and NORMAL (UN). */
async function waitForUpNormal(hosts, storagePort, count, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    let all = true;
    for (const host of hosts) {
      try {
        const { nodes } = await nodetool(host, storagePort, ['status']);
        const un = nodes.filter((n) => n.up && n.state === 'NORMAL').length;
        last = `${host} sees ${un} UN of ${nodes.length}: ${nodes.map((n) => `${n.address} ${n.up ? 'U' : 'D'}${n.state}`).join(', ')}`;
        if (un !== count || nodes.length !== count) all = false;
      } catch (err) {
        last = err.message;
        all = false;
      }
      if (!all) break;
    }
    if (all) return;
    if (Date.now() > deadline) throw new Error(`cluster not ${count} x UN after ${timeoutMs / 1000} s; last: ${last}`);
    await sleep(250);
  }
}

/**
 * Starts `hosts.length` nodes on the same ports of the given addresses, seeded by the first,
 * waits until each sees all of them UN, creates the table through the first and checks its
 * replication factor. `profileDir` runs the first node under --cpu-prof.
 */
async function deploy(name, hosts, { profileDir } = {}) {
  const readyTimeoutMs = opts.readyTimeout * 1000;
  const alternatorPort = await freePort(hosts);
  const storagePort = await freePort(hosts, [alternatorPort]);
  const root = fs.mkdtempSync(path.join(children.tmpRoot, `${name}-`));
  const startNode = (host, i) => {
    const dataDir = path.join(root, `node${i + 1}`);
    fs.mkdirSync(dataDir);
    const nodeFlags = [
      ...opts.nodeFlags.split(' ').filter(Boolean),
      ...(profileDir && i === 0 ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
    ];
    const args = [
      ...nodeFlags,
      NODE_BIN,
      ...['--listen-address', host, '--alternator-port', String(alternatorPort), '--storage-port', String(storagePort)],
      ...['--seeds', `${hosts[0]}:${storagePort}`, '--data-dir', dataDir],
      ...['--ring-delay-ms', '1000', '--gossip-interval-ms', '200', '--log-level', 'warn'],
    ];
    return children.start(`${name} node ${i + 1} (${host})`, process.execPath, args, { readyTimeoutMs });
  };
  const nodes = [];
  const deployment = { name, hosts, nodes, root, storagePort, endpoints: hosts.map((h) => `http://${h}:${alternatorPort}`) };
  try {
    // The seed first: the others join through it.
    nodes.push(await startNode(hosts[0], 0));
    nodes.push(...(await Promise.all(hosts.slice(1).map((h, i) => startNode(h, i + 1)))));
    await waitForUpNormal(hosts, storagePort, hosts.length, readyTimeoutMs);

    const targets = deployment.endpoints.map((endpoint) => ({ endpoint, agent: createAgent(1) }));
    try {
      await ensureTable(targets, TABLE); // created through node 1, then ACTIVE on every node
    } finally {
      for (const t of targets) t.agent.destroy();
    }
    const ring = await nodetool(hosts[0], storagePort, ['describering', TABLE]);
    const widths = new Set(ring.ranges.map((r) => r.endpoints.length));
    deployment.replicationFactor = ring.replicationFactor;
    deployment.endpointsPerRange = [...widths];
    if (ring.replicationFactor !== hosts.length || widths.size !== 1 || !widths.has(hosts.length))
      throw new Error(
        `${name}: table ${TABLE} has replicationFactor ${ring.replicationFactor} and ${[...widths].join('/')} ` +
          `endpoints per range; expected ${hosts.length}`,
      );
    return deployment;
  } catch (err) {
    await undeploy(deployment);
    throw err;
  }
}

async function undeploy(deployment, graceMs) {
  await Promise.all(deployment.nodes.map((n) => children.stop(n.child, graceMs)));
  fs.rmSync(deployment.root, { recursive: true, force: true });
}

// ---- measuring ----

/** Server, generator and machine CPU over the measured window, in cores. */
function cpuSampler(deployment) {
  const snapshot = () => ({
    at: performance.now(),
    nodes: deployment.nodes.map((n) => processCpuSeconds(n.child.pid)),
    client: process.cpuUsage(),
    machine: machineBusySeconds(),
  });
  let first = null;
  let cores = null;
  return {
    onWindow(phase) {
      if (phase === 'start') first = snapshot();
      else if (first) {
        const last = snapshot();
        const seconds = (last.at - first.at) / 1000;
        const per = (a, b) => (a === null || b === null ? null : Math.round(((b - a) / seconds) * 100) / 100);
        const nodes = first.nodes.map((a, i) => per(a, last.nodes[i]));
        const d = process.cpuUsage(first.client);
        const client = Math.round(((d.user + d.system) / 1e6 / seconds) * 100) / 100;
        const server = nodes.includes(null) ? null : Math.round(nodes.reduce((a, b) => a + b, 0) * 100) / 100;
        const machine = per(first.machine, last.machine);
        const other = machine === null || server === null ? null : Math.round(Math.max(0, machine - server - client) * 100) / 100;
        cores = { server, nodes, client, machine, other };
      }
    },
    get cores() {
      return cores;
    },
  };
}

/**
 * The runs of one deployment: every workload, once per spread when it has several nodes,
 * the spreads' order reversed every other round (a later run finds a warmer cluster).
 */
function runsOf(deployment, round) {
  const spreads = deployment.endpoints.length > 1 ? (round % 2 === 0 ? opts.spread : [...opts.spread].reverse()) : [null];
  return opts.workloads.flatMap((name) => spreads.map((spread) => ({ name, spread, key: runKey(name, spread) })));
}

const runKey = (name, spread) => (spread ? `${name} (${spread})` : name);

async function runWorkloads(deployment, round, preloaded) {
  const results = {};
  for (const { name, spread, key } of runsOf(deployment, round)) {
    const { workload, consistent } = WORKLOADS[name];
    process.stderr.write(`[round ${round + 1}/${opts.rounds}] ${key} against ${deployment.name}... `);
    const sampler = cpuSampler(deployment);
    const result = await runLoad({
      endpoint: deployment.endpoints,
      ...(spread ? { spread } : {}),
      workload,
      consistent,
      concurrency: opts.concurrency,
      duration: opts.duration,
      warmup: opts.warmup,
      items: opts.items,
      itemSize: opts.itemSize,
      table: TABLE,
      // One preload per deployment: the key space stays written for the next read workload.
      preload: workload === 'get' && !preloaded.done,
      onWindow: sampler.onWindow,
    });
    if (workload === 'get') preloaded.done = true;
    result.cpuCores = sampler.cores;
    const cpu =
      result.cpuCores?.server != null
        ? `, server ${result.cpuCores.server} cores (${result.cpuCores.nodes.join(' + ')}), generator ${result.cpuCores.client}`
        : '';
    process.stderr.write(
      `${result.opsPerSec.toFixed(0)} ops/s, p99 ${result.latencyMs.p99.toFixed(1)} ms, ${result.errors} errors${cpu}` +
        (result.cpuCores?.other ? `, others ${result.cpuCores.other} cores` : '') +
        '\n',
    );
    for (const e of result.errorSamples) process.stderr.write(`    ${e}\n`);
    results[key] = result;
  }
  return results;
}

function median(results) {
  const sorted = [...results].sort((a, b) => a.opsPerSec - b.opsPerSec);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function compare() {
  const runs = { single: [], cluster: [] };
  const checks = {};
  for (let round = 0; round < opts.rounds; round++) {
    // Alternate who goes first: the second deployment of a round inherits a warmer (or more
    // throttled) machine, and neither should always get that.
    const order = round % 2 === 0 ? ['single', 'cluster'] : ['cluster', 'single'];
    for (const name of order) {
      const deployment = await deploy(name, DEPLOYMENTS[name]);
      process.stderr.write(
        `${name} up: ${deployment.endpoints.join(', ')}; table ${TABLE} replicationFactor ${deployment.replicationFactor}\n`,
      );
      checks[name] = { replicationFactor: deployment.replicationFactor, endpointsPerRange: deployment.endpointsPerRange };
      try {
        runs[name].push(await runWorkloads(deployment, round, { done: false }));
      } finally {
        await undeploy(deployment);
      }
    }
  }
  const rows = opts.workloads.flatMap((workload) =>
    opts.spread.map((spread) => {
      const single = median(runs.single.map((r) => r[workload]));
      const cluster = median(runs.cluster.map((r) => r[runKey(workload, spread)]));
      const ratio = single.opsPerSec > 0 ? Math.round((cluster.opsPerSec / single.opsPerSec) * 100) / 100 : null;
      const goalMet = ratio !== null && ratio >= GOAL_RATIO && cluster.latencyMs.p99 < GOAL_P99_MS && cluster.errors === 0;
      return { workload, spread, single, cluster, ratio, goalMet };
    }),
  );
  return { rows, checks };
}

/** LWT (conditional put) against plain put throughput, per deployment, when both were run. */
function lwtRatios(rows) {
  const spread = opts.spread[0];
  const put = rows.find((r) => r.workload === 'put' && r.spread === spread);
  const lwt = rows.find((r) => r.workload === 'lwt' && r.spread === spread);
  if (!put || !lwt) return null;
  const ratio = (a, b) => (b.opsPerSec > 0 ? (a.opsPerSec / b.opsPerSec).toFixed(2) : 'n/a');
  return `lwt / put throughput: single ${ratio(lwt.single, put.single)}, cluster ${ratio(lwt.cluster, put.cluster)}`;
}

function table(rows) {
  const lat = (r) => `${r.latencyMs.p50.toFixed(2)} / ${r.latencyMs.p99.toFixed(2)}`;
  const ops = (r) => r.opsPerSec.toFixed(0) + (r.errors ? ` (${r.errors} err)` : '');
  const cpu = (r) => (r.cpuCores?.server != null ? r.cpuCores.server.toFixed(2) : '-');
  const header = [
    'workload',
    'cluster spread',
    'single ops/s',
    'cluster ops/s',
    'cluster/single',
    'single p50/p99 ms',
    'cluster p50/p99 ms',
    'server cores s/c',
    'goal',
  ];
  const body = rows.map((r) => [
    r.workload,
    r.spread,
    ops(r.single),
    ops(r.cluster),
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
    lat(r.single),
    lat(r.cluster),
    `${cpu(r.single)} / ${cpu(r.cluster)}`,
    r.goalMet ? 'met' : 'not met',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function machineLine() {
  const cpus = os.cpus();
  return `${cpus.length} x ${cpus[0]?.model ?? 'unknown cpu'}, node ${process.version}`;
}

function writeJson(report) {
  const text = JSON.stringify(report, null, 2) + '\n';
  if (opts.json === true) process.stdout.write(text);
  else {
    fs.writeFileSync(opts.json, text);
    process.stderr.write(`results written to ${opts.json}\n`);
  }
}

async function profile() {
  const dir = path.resolve(opts.cpuProf);
  fs.mkdirSync(dir, { recursive: true });
  const before = new Set(fs.readdirSync(dir));
  const name = opts.cpuProfDeployment;
  const deployment = await deploy(name, DEPLOYMENTS[name], { profileDir: dir });
  let results;
  try {
    results = await runWorkloads(deployment, 0, { done: false });
  } finally {
    // A generous grace: node 1 writes its profile while exiting.
    await undeploy(deployment, 30_000);
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (files.length !== 1) throw new Error(`expected one new .cpuprofile in ${dir}, found ${files.length}`);
  const file = path.join(dir, files[0]);
  const summary = summarise(JSON.parse(fs.readFileSync(file, 'utf8')));
  const r = Object.values(results)[0];
  console.log(
    `\n${machineLine()}; ${name === 'cluster' ? 'cluster of 3' : 'single node'}, ${opts.cpuProfWorkload} at concurrency ${opts.concurrency}` +
      (name === 'cluster' ? ' spread over all nodes, ' : ', ') +
      `${opts.duration} s after ${opts.warmup} s warmup: ${r.opsPerSec.toFixed(0)} ops/s, ` +
      `p50/p99 ${r.latencyMs.p50.toFixed(2)} / ${r.latencyMs.p99.toFixed(2)} ms, ${r.errors} errors`,
  );
  console.log(`node 1 profile (whole process lifetime, startup included): ${file}\n`);
  console.log(formatSummary(summary));
  if (opts.json) writeJson({ date: new Date().toISOString(), deployment: name, profile: file, result: r, summary });
}

async function main() {
  for (const bin of [NODE_BIN, NODETOOL_BIN])
    if (!fs.existsSync(bin)) throw new Error(`${path.relative(REPO_ROOT, bin)} not found (run npm run build)`);
  if (opts.cpuProf) {
    opts.workloads = [opts.cpuProfWorkload];
    opts.spread = opts.spread.slice(0, 1);
    opts.rounds = 1;
    return profile();
  }
  const { rows, checks } = await compare();
  console.log(
    `\n${machineLine()}; concurrency ${opts.concurrency}, ${opts.duration} s per run after ${opts.warmup} s warmup, ` +
      `${opts.items} items of ${opts.itemSize} bytes` +
      (opts.rounds > 1 ? `, median of ${opts.rounds} rounds` : '') +
      `; cluster: 3 nodes, RF ${checks.cluster.replicationFactor}, load spread over all 3` +
      ` (worker: each worker bound to one node; request: round-robin per request; least: fewest in flight)`,
  );
  console.log(table(rows));
  console.log(`goal: cluster >= ${GOAL_RATIO} x single, cluster p99 < ${GOAL_P99_MS} ms, no errors`);
  const lwtLine = lwtRatios(rows);
  if (lwtLine) console.log(lwtLine);
  for (const r of rows)
    for (const [name, res] of [['single', r.single], ['cluster', r.cluster]])
      if (res.errorSamples.length) {
        console.log(`\nfirst errors, ${r.workload} against ${name}${name === 'cluster' ? ` (${r.spread})` : ''}:`);
        for (const e of res.errorSamples) console.log(`  ${e}`);
      }
  if (opts.json)
    writeJson({
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}` },
      options: {
        duration: opts.duration,
        warmup: opts.warmup,
        concurrency: opts.concurrency,
        items: opts.items,
        itemSize: opts.itemSize,
        rounds: opts.rounds,
        workloads: opts.workloads,
        spread: opts.spread,
      },
      goal: { ratio: GOAL_RATIO, p99Ms: GOAL_P99_MS },
      checks,
      results: rows,
    });
}

main().then(
  async () => {
    await children.stopAll();
  },
  async (err) => {
    process.stderr.write(`compare-cluster: ${err.message}\n`);
    await children.stopAll();
    process.exit(1);
  },
);
