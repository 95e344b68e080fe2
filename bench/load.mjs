#!/usr/bin/env node
// Closed-loop load generator for any DynamoDB endpoint: `concurrency` workers each keep exactly
// one request in flight, so throughput is what the server sustains at that concurrency and
// latency is the full round trip seen by a client.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { LatencyHistogram } from './histogram.mjs';
import { createAgent, requestHeaders } from './dynamo-http.mjs';
import { ConnectionPool, requestBytes, requestHead } from './http1-connection.mjs';
import { RequestBodies } from './request-bodies.mjs';
import { ensureTable, preload as preloadTable } from './table-setup.mjs';

// put-lwt: PutItem with a condition that always holds, so every request is a lightweight
// transaction (Paxos on the item's replicas) that succeeds: LWT cost without contention failures.
export const WORKLOADS = ['put', 'get', 'query', 'mixed', 'put-lwt'];
const OPS = ['put', 'get', 'query', 'put-lwt'];
const TARGETS = ['PutItem', 'GetItem', 'Query', 'PutItem'];
const PUT = 0;
const GET = 1;
const QUERY = 2;
const PUT_LWT = 3;
const WRITES = new Set(['put', 'put-lwt']);
/**
 * How requests are spread over several endpoints. `request`: round-robin, request by request,
 * as an HTTP load balancer with `balance roundrobin` does (a worker's next request goes to the
 * next node). `worker`: worker w always talks to endpoint w mod n, as n groups of clients each
 * configured with one node's address (or a TCP load balancer): every node sees a steady share
 * of the workers on the same few connections, as a single node sees all of them. `least`:
 * each request goes to the endpoint with the fewest requests in flight (ties round-robin), as
 * an HTTP load balancer with `balance leastconn` does (deploy/haproxy.cfg).
 */
export const SPREADS = ['request', 'worker', 'least'];
/** How the progress line describes each spread. */
const SPREAD_WORDS = { request: 'round-robin over', worker: 'workers split over', least: 'each request to the least busy of' };
const MAX_ERROR_SAMPLES = 5;

export const DEFAULTS = Object.freeze({
  endpoint: 'http://127.0.0.1:8000',
  concurrency: 32,
  duration: 10,
  requests: 0,
  warmup: 2,
  workload: 'put',
  readRatio: 0.5,
  items: 10000,
  itemSize: 200,
  rowsPerPartition: 1,
  table: 'bench',
  consistent: false,
  preload: true,
  spread: 'request',
});

/**
 * For `spread`, the endpoint index of worker `w`'s next request. `inFlight[e]` is the number
 * of requests in flight at endpoint e, kept by the caller (`least` reads it).
 */
export function endpointPicker(spread, endpointCount, inFlight = new Array(endpointCount).fill(0)) {
  if (spread === 'worker') return (w) => w % endpointCount;
  let next = 0;
  if (spread === 'least')
    return () => {
      let best = next;
      for (let k = 1; k < endpointCount; k++) {
        const e = (next + k) % endpointCount;
        if (inFlight[e] < inFlight[best]) best = e;
      }
      next = best + 1 === endpointCount ? 0 : best + 1;
      return best;
    };
  return () => {
    const e = next;
    next = e + 1 === endpointCount ? 0 : e + 1;
    return e;
  };
}

/** `"http://a:1, http://b:2"` or `['http://a:1', ...]` -> `['http://a:1', 'http://b:2']`. */
export function parseEndpoints(endpoint) {
  const list = (Array.isArray(endpoint) ? endpoint : String(endpoint).split(','))
    .map((e) => e.trim())
    .filter(Boolean);
  if (list.length === 0) throw new Error('give at least one endpoint');
  for (const e of list) new URL(e); // throws on a malformed endpoint before any traffic
  return list;
}

/**
 * Runs one workload and resolves with its measurements. `endpoint` may list several
 * endpoints (comma-separated string or array): requests are then spread over them as
 * `spread` says (round-robin by default).
 * @param {Partial<typeof DEFAULTS> & {endpoint?: string | string[],
 *   log?: (line: string) => void, onWindow?: (phase: 'start' | 'end') => void}} options
 */
export async function runLoad(options = {}) {
  const o = { ...DEFAULTS, ...options };
  const endpoints = parseEndpoints(o.endpoint);
  o.endpoint = endpoints.join(',');
  validate(o);
  const log = o.log ?? (() => {});
  // node:http pools for setup and preload only; the measured loop has its own lean connections.
  const targets = endpoints.map((endpoint) => ({ endpoint, agent: createAgent(o.concurrency) }));
  try {
    const ops = o.workload === 'mixed' ? ['put', 'get'] : [o.workload];
    const bodies = new RequestBodies(o);
    bodies.prebuild(ops);

    await ensureTable(targets, o.table);
    const reads = !WRITES.has(o.workload) && !(o.workload === 'mixed' && o.readRatio === 0);
    let preloadSeconds = 0;
    if (reads && o.preload) {
      log(`preloading ${o.items} items of ${o.itemSize} bytes into ${o.table}...`);
      const t0 = performance.now();
      await preloadTable(targets, bodies, o.concurrency);
      preloadSeconds = (performance.now() - t0) / 1000;
      log(`preloaded in ${preloadSeconds.toFixed(1)} s`);
    }

    log(
      `${o.workload}: ${o.concurrency} workers, ${o.warmup} s warmup, ` +
        (o.requests > 0 ? `${o.requests} requests` : `${o.duration} s`) +
        (targets.length > 1 ? `, ${SPREAD_WORDS[o.spread]} ${targets.length} endpoints` : ''),
    );
    const measured = await closedLoop(o, targets, bodies);
    return { ...summary(o, measured), preloadSeconds: Math.round(preloadSeconds * 100) / 100 };
  } finally {
    for (const t of targets) t.agent.destroy();
  }
}

function validate(o) {
  if (!WORKLOADS.includes(o.workload)) throw new Error(`unknown workload ${o.workload}; one of ${WORKLOADS.join(', ')}`);
  for (const k of ['concurrency', 'items', 'rowsPerPartition'])
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new Error(`${k} must be a positive integer`);
  if (!Number.isInteger(o.itemSize) || o.itemSize < 0) throw new Error('itemSize must be a non-negative integer');
  if (!(o.duration > 0) && !(o.requests > 0)) throw new Error('give a positive duration or request count');
  if (!(o.warmup >= 0)) throw new Error('warmup must be >= 0');
  if (!(o.readRatio >= 0 && o.readRatio <= 1)) throw new Error('readRatio must be within [0, 1]');
  if (!SPREADS.includes(o.spread)) throw new Error(`unknown spread ${o.spread}; one of ${SPREADS.join(', ')}`);
}

/** The measured part: warmup, then the window whose requests both start and end inside it. */
function closedLoop(o, targets, bodies) {
  const urls = targets.map(({ endpoint }) => new URL(endpoint));
  // heads[endpoint][op], built once: the hot path only indexes.
  const heads = urls.map((url) => TARGETS.map((t) => requestHead(url.hostname, url.port || 80, requestHeaders(t))));
  const endpointCount = targets.length;
  const pools = urls.map((url) => new ConnectionPool(url.hostname, Number(url.port || 80)));
  const closeAll = () => {
    for (const pool of pools) pool.destroy();
  };
  const multi = endpointCount > 1;
  const perEndpoint = targets.map(({ endpoint }) => ({ endpoint, ops: 0, errors: 0 }));
  const inFlightAt = new Array(endpointCount).fill(0);
  const pick = endpointPicker(o.spread, endpointCount, inFlightAt);
  const histograms = OPS.map(() => new LatencyHistogram());
  const opCounts = OPS.map(() => 0);
  const fixedOp = { put: PUT, get: GET, query: QUERY, 'put-lwt': PUT_LWT }[o.workload] ?? PUT;
  const mixed = o.workload === 'mixed';
  const readRatio = o.readRatio;
  const items = o.items;
  // A read returning less than the payload found nothing (a miss means the preload is missing).
  const missBelow = o.itemSize >= 32 ? o.itemSize : 0;
  const byRequests = o.requests > 0;

  const state = { errors: 0, warmupErrors: 0, networkErrors: 0, misses: 0, errorSamples: [] };
  const start = performance.now();
  const cpuAtStart = process.cpuUsage();
  const warmupEnd = start + o.warmup * 1000;
  let end = byRequests ? Infinity : warmupEnd + o.duration * 1000;
  let issued = 0; // measured requests started, for --requests
  let completed = 0;
  let lastEnd = warmupEnd;
  let inFlight = 0;

  // Lets a caller sample something (e.g. server CPU) over exactly the measured window.
  const windowTimers = [];
  let windowPhase = 'before';
  const windowEdge = (phase) => {
    if (windowPhase === 'end' || windowPhase === phase) return;
    windowPhase = phase;
    o.onWindow(phase);
  };
  if (o.onWindow && !byRequests) {
    windowTimers.push(setTimeout(windowEdge, warmupEnd - start, 'start'));
    windowTimers.push(setTimeout(windowEdge, end - start, 'end'));
  }

  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      for (const t of windowTimers) clearTimeout(t);
      closeAll();
      // A busy event loop can run the last response before the window's end timer.
      if (windowPhase === 'start') windowEdge('end');
      const windowMs = byRequests ? lastEnd - warmupEnd : end - warmupEnd;
      // The generator's own CPU, in cores: near 1 means the client, not the server, is the limit.
      const cpu = process.cpuUsage(cpuAtStart);
      const clientCpu = (cpu.user + cpu.system) / 1000 / (performance.now() - start);
      resolve({ histograms, opCounts, completed, windowMs, clientCpu, perEndpoint: multi ? perEndpoint : null, ...state });
    };

    // Distinct messages only: the same error repeated 5 times hides the second kind.
    const sample = (text) => {
      if (state.errorSamples.length < MAX_ERROR_SAMPLES && !state.errorSamples.includes(text))
        state.errorSamples.push(text);
    };

    const issue = (w) => {
      const t0 = performance.now();
      const inWindow = t0 >= warmupEnd;
      if (t0 >= end || (byRequests && inWindow && issued >= o.requests)) {
        if (inFlight === 0) finish();
        return;
      }
      if (inWindow) issued++;
      const op = mixed ? (Math.random() < readRatio ? GET : PUT) : fixedOp;
      const i = (Math.random() * items) | 0;
      const body = op === PUT ? bodies.put(i) : op === GET ? bodies.get(i) : op === QUERY ? bodies.query(i) : bodies.putLwt(i);
      const e = pick(w);
      // Which endpoint failed matters once there are several.
      const where = multi ? ` @${targets[e].endpoint}` : '';
      inFlight++;
      inFlightAt[e]++;
      pools[e].send(requestBytes(heads[e][op], body), (err, status, res) => {
        inFlight--;
        inFlightAt[e]--;
        if (done) return; // abandoned by the stall guard
        if (err) {
          state.networkErrors++;
          if (inWindow) {
            state.errors++;
            perEndpoint[e].errors++;
          } else state.warmupErrors++;
          sample(`${OPS[op]}${where}: ${err.code ?? ''} ${err.message}`);
          // Back off so a dead server does not turn the loop into a busy spin.
          setTimeout(issue, 10, w);
          return;
        }
        const t1 = performance.now();
        const ok = status === 200;
        if (!inWindow) {
          if (!ok) state.warmupErrors++;
        } else if (t1 <= end) {
          if (t1 > lastEnd) lastEnd = t1;
          if (ok) {
            histograms[op].recordMs(t1 - t0);
            opCounts[op]++;
            completed++;
            perEndpoint[e].ops++;
            if ((op === GET || op === QUERY) && res.length < missBelow) state.misses++;
          } else {
            state.errors++;
            perEndpoint[e].errors++;
          }
        }
        if (!ok && state.errorSamples.length < MAX_ERROR_SAMPLES)
          sample(`HTTP ${status} ${OPS[op]}${where}: ${res.toString('utf8').slice(0, 300)}`);
        issue(w);
      });
    };

    for (let w = 0; w < o.concurrency; w++) issue(w);
    // Guard against a stalled server: a duration run ends at most 30 s after its window.
    if (!byRequests) {
      const guard = setTimeout(() => {
        if (!done) {
          sample(`${inFlight} requests still in flight 30 s after the end; abandoned`);
          finish();
        }
      }, end - start + 30_000);
      guard.unref();
    }
  });
}

function latencyOf(h) {
  const r = (x) => Math.round(x * 1000) / 1000;
  return {
    p50: r(h.percentileMs(0.5)),
    p95: r(h.percentileMs(0.95)),
    p99: r(h.percentileMs(0.99)),
    max: r(h.maxMs),
    mean: r(h.meanMs),
  };
}

function summary(o, m) {
  const all = new LatencyHistogram();
  for (const h of m.histograms) {
    for (let i = 0; i < h.counts.length; i++) all.counts[i] += h.counts[i];
    all.count += h.count;
    all.sumUs += h.sumUs;
    all.maxUs = Math.max(all.maxUs, h.maxUs);
  }
  const seconds = m.windowMs / 1000;
  const perOp = {};
  OPS.forEach((name, k) => {
    if (m.opCounts[k] > 0)
      perOp[name] = { ops: m.opCounts[k], opsPerSec: Math.round((m.opCounts[k] / seconds) * 10) / 10, latencyMs: latencyOf(m.histograms[k]) };
  });
  return {
    workload: o.workload,
    endpoint: o.endpoint,
    concurrency: o.concurrency,
    items: o.items,
    itemSize: o.itemSize,
    consistent: o.consistent,
    ...(o.workload === 'mixed' ? { readRatio: o.readRatio } : {}),
    seconds: Math.round(seconds * 1000) / 1000,
    ops: m.completed,
    opsPerSec: seconds > 0 ? Math.round((m.completed / seconds) * 10) / 10 : 0,
    errors: m.errors,
    warmupErrors: m.warmupErrors,
    networkErrors: m.networkErrors,
    misses: m.misses,
    clientCpu: Math.round(m.clientCpu * 100) / 100,
    latencyMs: latencyOf(all),
    perOp,
    ...(m.perEndpoint ? { spread: o.spread, perEndpoint: m.perEndpoint } : {}),
    errorSamples: m.errorSamples,
  };
}

/** Human-readable lines for one result. */
export function formatResult(r) {
  const f = (x) => x.toFixed(2);
  const lines = [
    `${r.workload} against ${r.endpoint}: concurrency ${r.concurrency}, ${r.items} items of ${r.itemSize} bytes` +
      (r.consistent ? ', consistent reads' : '') +
      (r.readRatio !== undefined ? `, read ratio ${r.readRatio}` : '') +
      (r.spread ? `, spread by ${r.spread}` : ''),
    `  ${r.opsPerSec.toFixed(1)} ops/s  (${r.ops} ops in ${r.seconds.toFixed(2)} s)  errors ${r.errors}` +
      (r.warmupErrors ? ` (+${r.warmupErrors} in warmup)` : '') +
      (r.misses ? `  misses ${r.misses}` : '') +
      `  client cpu ${r.clientCpu.toFixed(2)} cores`,
    `  latency ms  p50 ${f(r.latencyMs.p50)}  p95 ${f(r.latencyMs.p95)}  p99 ${f(r.latencyMs.p99)}  max ${f(r.latencyMs.max)}`,
  ];
  if (Object.keys(r.perOp).length > 1)
    for (const [name, s] of Object.entries(r.perOp))
      lines.push(`    ${name.padEnd(5)} ${s.opsPerSec.toFixed(1)} ops/s  p50 ${f(s.latencyMs.p50)}  p99 ${f(s.latencyMs.p99)}`);
  if (r.perEndpoint)
    for (const p of r.perEndpoint)
      lines.push(`    ${p.endpoint}  ${p.ops} ops` + (p.errors ? `  errors ${p.errors}` : ''));
  if (r.errorSamples.length) {
    lines.push('  first errors:');
    for (const e of r.errorSamples) lines.push(`    ${e}`);
  }
  return lines.join('\n');
}

const positiveInt = (v) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
};
const positiveNumber = (v) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a non-negative number');
  return n;
};

async function main(argv) {
  const program = new Command('load')
    .description('Closed-loop DynamoDB load generator (raw JSON 1.0 over keep-alive HTTP/1.1)')
    .option('--endpoint <urls>', 'DynamoDB endpoint; a comma-separated list spreads requests over them (--spread)', DEFAULTS.endpoint)
    .addOption(
      new Option('--spread <how>', 'with several endpoints: round-robin per request, each worker bound to one endpoint, or the endpoint with the fewest requests in flight')
        .choices(SPREADS)
        .default(DEFAULTS.spread),
    )
    .option('-c, --concurrency <n>', 'requests in flight (one per worker)', positiveInt, DEFAULTS.concurrency)
    .option('-d, --duration <seconds>', 'measured window', positiveNumber, DEFAULTS.duration)
    .option('-n, --requests <n>', 'measure this many requests instead of a duration', positiveInt, 0)
    .option('--warmup <seconds>', 'unmeasured load before the window', positiveNumber, DEFAULTS.warmup)
    .addOption(new Option('-w, --workload <name>', 'operation mix').choices(WORKLOADS).default(DEFAULTS.workload))
    .option('--read-ratio <fraction>', 'share of GetItem in the mixed workload', positiveNumber, DEFAULTS.readRatio)
    .option('--items <n>', 'key space size', positiveInt, DEFAULTS.items)
    .option('--item-size <bytes>', 'length of the payload attribute v', positiveInt, DEFAULTS.itemSize)
    .option('--rows-per-partition <n>', 'items per partition key (what one Query returns)', positiveInt, DEFAULTS.rowsPerPartition)
    .option('--table <name>', 'table to use, created if missing', DEFAULTS.table)
    .option('--consistent', 'ConsistentRead for GetItem and Query', false)
    .option('--no-preload', 'do not fill the key space before read workloads')
    .option('--json', 'print the result as JSON', false)
    .parse(argv);
  const opts = program.opts();
  const result = await runLoad({
    ...opts,
    log: opts.json ? undefined : (line) => process.stderr.write(line + '\n'),
  });
  process.stdout.write((opts.json ? JSON.stringify(result, null, 2) : formatResult(result)) + '\n');
  if (result.ops === 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv).catch((err) => {
    process.stderr.write(`load: ${err.message}\n`);
    process.exit(1);
  });
}
