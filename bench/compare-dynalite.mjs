#!/usr/bin/env node
// Measures our node and dynalite in one run on one machine, with the same generator, the same
// workloads and alternating order, so that the ratio between them means something even where
// the absolute figures depend on the machine and on what else it was doing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { nameList, positiveInteger, positiveNumber } from './cli-options.mjs';
import { Children, freePort } from './child-processes.mjs';
import { runLoad, WORKLOADS } from './load.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const OURS_BIN = path.join(REPO_ROOT, 'packages/node/bin/dynaring.js');
const HOST = '127.0.0.1';

const workloadList = nameList(WORKLOADS);

const program = new Command('compare-dynalite')
  .description('Run the same workloads against dynalite and our node, and print ours/dynalite ratios')
  .option('-d, --duration <seconds>', 'measured window of each run', positiveNumber, 10)
  .option('--warmup <seconds>', 'unmeasured load before each window', positiveNumber, 2)
  .option('-c, --concurrency <n>', 'requests in flight', positiveInteger, 32)
  .option('--workloads <list>', `comma-separated, of ${WORKLOADS.join(', ')}`, workloadList, ['put', 'get'])
  .option('--items <n>', 'key space size', positiveInteger, 10000)
  .option('--item-size <bytes>', 'length of the payload attribute v', positiveInteger, 200)
  .option('--consistent', 'ConsistentRead for GetItem and Query', false)
  .option('--rounds <n>', 'repeat every pair of runs; the median run is reported', positiveInteger, 1)
  .option(
    '--ours-cmd <command>',
    'shell command starting our node; {port}, {dataDir} and {host} are substituted; it must print "ready"',
  )
  .option('--ready-timeout <seconds>', 'how long a server may take to print "ready"', positiveNumber, 20)
  .option('--json [file]', 'also write the results as JSON, to stdout when no file is given')
  .parse(process.argv);
const opts = program.opts();

// Children are killed and temp dirs removed however we exit.
const children = new Children('dynaring-bench-', REPO_ROOT);
const tmpRoot = children.tmpRoot;

async function startDynalite(readyTimeoutMs) {
  const port = await freePort();
  const dataDir = path.join(tmpRoot, 'dynalite');
  const server = await children.start(
    'dynalite',
    process.execPath,
    [path.join(BENCH_DIR, 'dynalite-server.mjs'), '--port', String(port), '--host', HOST, '--path', dataDir],
    { readyTimeoutMs },
  );
  server.endpoint = `http://${HOST}:${port}`;
  return server;
}

async function startOurs(readyTimeoutMs) {
  const port = await freePort();
  const dataDir = path.join(tmpRoot, 'ours');
  fs.mkdirSync(dataDir);
  let server;
  if (opts.oursCmd) {
    const command = opts.oursCmd
      .replaceAll('{port}', String(port))
      .replaceAll('{dataDir}', dataDir)
      .replaceAll('{host}', HOST);
    server = await children.start('ours', command, [], { shell: true, readyTimeoutMs });
  } else {
    if (!fs.existsSync(OURS_BIN)) throw new Error(`ours not found at ${path.relative(REPO_ROOT, OURS_BIN)} (build it, or pass --ours-cmd)`);
    // A storage port of its own: the default (7000) may belong to another node on this machine.
    const storagePort = await freePort([HOST], [port]);
    const args = [
      OURS_BIN,
      ...['--alternator-port', String(port), '--data-dir', dataDir, '--listen-address', HOST],
      ...['--storage-port', String(storagePort), '--seeds', `${HOST}:${storagePort}`],
    ];
    server = await children.start('ours', process.execPath, args, { readyTimeoutMs });
  }
  server.endpoint = `http://${HOST}:${port}`;
  return server;
}

// ---- measuring ----

function median(results) {
  const sorted = [...results].sort((a, b) => a.opsPerSec - b.opsPerSec);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function measure(servers) {
  const runs = new Map(); // `${workload}/${server}` -> results
  for (let round = 0; round < opts.rounds; round++) {
    for (const [w, workload] of opts.workloads.entries()) {
      // Alternate who goes first: the second run of a pair inherits a warmer page cache and
      // a hotter (or throttled) CPU, and neither server should always get that.
      const order = (round + w) % 2 === 0 ? servers : [...servers].reverse();
      for (const server of order) {
        process.stderr.write(`[round ${round + 1}/${opts.rounds}] ${workload} against ${server.name}... `);
        const result = await runLoad({
          endpoint: server.endpoint,
          workload,
          concurrency: opts.concurrency,
          duration: opts.duration,
          warmup: opts.warmup,
          items: opts.items,
          itemSize: opts.itemSize,
          consistent: opts.consistent,
          table: 'bench',
        });
        process.stderr.write(`${result.opsPerSec.toFixed(0)} ops/s, ${result.errors} errors\n`);
        for (const e of result.errorSamples) process.stderr.write(`    ${e}\n`);
        const key = `${workload}/${server.name}`;
        runs.set(key, [...(runs.get(key) ?? []), result]);
      }
    }
  }
  return opts.workloads.map((workload) => {
    const pick = (name) => (runs.has(`${workload}/${name}`) ? median(runs.get(`${workload}/${name}`)) : null);
    const dynalite = pick('dynalite');
    const ours = pick('ours');
    const ratio = ours && dynalite && dynalite.opsPerSec > 0 ? Math.round((ours.opsPerSec / dynalite.opsPerSec) * 100) / 100 : null;
    return { workload, dynalite, ours, ratio };
  });
}

function table(rows) {
  const lat = (r) => (r ? `${r.latencyMs.p50.toFixed(2)} / ${r.latencyMs.p99.toFixed(2)}` : '-');
  const ops = (r) => (r ? r.opsPerSec.toFixed(0) + (r.errors ? ` (${r.errors} err)` : '') : '-');
  const header = ['workload', 'dynalite ops/s', 'ours ops/s', 'ours/dynalite', 'dynalite p50/p99 ms', 'ours p50/p99 ms'];
  const body = rows.map((r) => [
    r.workload,
    ops(r.dynalite),
    ops(r.ours),
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
    lat(r.dynalite),
    lat(r.ours),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main() {
  const readyTimeoutMs = opts.readyTimeout * 1000;
  const dynalite = await startDynalite(readyTimeoutMs);
  process.stderr.write(`dynalite ready at ${dynalite.endpoint}\n`);
  let ours = null;
  let oursSkipped = null;
  try {
    ours = await startOurs(readyTimeoutMs);
    process.stderr.write(`ours ready at ${ours.endpoint}\n`);
  } catch (err) {
    oursSkipped = err.message;
    process.stderr.write(`skipping ours: ${err.message}\n`);
  }

  const servers = ours ? [dynalite, ours] : [dynalite];
  const rows = await measure(servers);
  await Promise.all(servers.map((s) => children.stop(s.child)));

  const cpus = os.cpus();
  const machine = `${cpus.length} x ${cpus[0]?.model ?? 'unknown cpu'}, node ${process.version}`;
  console.log(
    `\n${machine}; concurrency ${opts.concurrency}, ${opts.duration} s per run after ${opts.warmup} s warmup, ` +
      `${opts.items} items of ${opts.itemSize} bytes${opts.consistent ? ', consistent reads' : ''}` +
      (opts.rounds > 1 ? `, median of ${opts.rounds} rounds` : ''),
  );
  console.log(table(rows));
  if (oursSkipped) console.log(`\nours was skipped: ${oursSkipped.split('\n')[0]}`);

  if (opts.json) {
    const report = {
      date: new Date().toISOString(),
      machine: { cpus: cpus.length, model: cpus[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}` },
      options: {
        duration: opts.duration,
        warmup: opts.warmup,
        concurrency: opts.concurrency,
        items: opts.items,
        itemSize: opts.itemSize,
        consistent: opts.consistent,
        rounds: opts.rounds,
        oursCmd: opts.oursCmd ?? null,
      },
      oursSkipped,
      results: rows,
    };
    const text = JSON.stringify(report, null, 2) + '\n';
    if (opts.json === true) process.stdout.write(text);
    else {
      fs.writeFileSync(opts.json, text);
      process.stderr.write(`results written to ${opts.json}\n`);
    }
  }
}

main().catch(async (err) => {
  process.stderr.write(`compare-dynalite: ${err.message}\n`);
  await children.stopAll();
  process.exit(1);
});
