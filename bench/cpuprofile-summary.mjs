#!/usr/bin/env node
// Where a process spent its CPU, from a `node --cpu-prof` profile: self time per function, the
// same summed per area (our packages, each dependency, node internals, GC), and inclusive time
// of our own functions, as shares of the busy (non-idle) time.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';

// V8's pseudo-frames: (idle) is time waiting in the event loop, not work.
const IDLE = '(idle)';

/** `file:///.../packages/storage/dist/x.js` -> `storage`, `.../node_modules/pino/...` -> `pino`. */
export function areaOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /\/packages\/([^/]+)\/(?:dist|src|bin)\//.exec(url);
  if (pkg) return `@dynaring/${pkg[1]}`;
  const mod = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (mod) return mod[1];
  if (url.startsWith('node:')) {
    const rest = url.slice('node:'.length).replace(/^internal\//, '');
    return `node:${rest.split('/')[0].replace(/\.js$/, '')}`;
  }
  return path.basename(url);
}

/**
 * Layers of a dynaring node, by area. A sample belongs to the first frame, from the leaf up,
 * whose area is in a layer: a socket write under grpc-js is replication, the same write under
 * the HTTP server is the DynamoDB front end.
 */
const LAYERS = [
  ['storage (LevelDB, record codec)', /^(classic-level|abstract-level|level|@dynaring\/storage)/],
  ['replication RPC (gRPC, http2, protobuf, wire)', /^(@grpc\/|protobufjs|long$|@dynaring\/wire|node:http2)/],
  ['DynamoDB front (HTTP server, API, validation)', /^(node:_http_|@dynaring\/dynamo-api)/],
  ['coordination (coordinator, ring, replica, core)', /^@dynaring\/(coordinator|cluster|replica|core|node)|^murmurhash/],
  ['logging', /^(pino|sonic-boom|thread-stream)/],
  ['garbage collector', /^\(garbage collector\)$/],
];
const UNATTRIBUTED = 'other (runtime, event loop, startup)';

function shortUrl(url) {
  const at = url.search(/\/(packages|node_modules)\//);
  return at >= 0 ? url.slice(at + 1) : url.replace(/^file:\/\//, '');
}

/**
 * Sums a profile: self time per function and per area, inclusive time per function (each
 * function counted once per sample, however deep it recurses).
 * @param {{nodes: any[], samples: number[], timeDeltas: number[], startTime: number, endTime: number}} profile
 */
export function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n) => {
    const f = n.callFrame;
    const name = f.functionName || '(anonymous)';
    return f.url ? `${name}  ${shortUrl(f.url)}:${f.lineNumber + 1}` : name;
  };
  const selfUs = new Map(); // node id -> µs
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the gap before sample i; the time belongs to the sample that follows it.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, dt));
  });

  const self = new Map();
  const areas = new Map();
  const layers = new Map();
  const layerOf = new Map(); // node id -> layer, memoised up the tree
  const findLayer = (id) => {
    if (id === undefined) return UNATTRIBUTED;
    if (layerOf.has(id)) return layerOf.get(id);
    const f = byId.get(id).callFrame;
    const area = areaOf(f.url, f.functionName);
    const hit = LAYERS.find(([, re]) => re.test(area));
    const layer = hit ? hit[0] : findLayer(parent.get(id));
    layerOf.set(id, layer);
    return layer;
  };
  const inclusive = new Map();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    const key = keyOf(n);
    totalUs += us;
    if (n.callFrame.functionName === IDLE) {
      idleUs += us;
      continue;
    }
    self.set(key, (self.get(key) ?? 0) + us);
    const area = areaOf(n.callFrame.url, n.callFrame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const layer = findLayer(id);
    layers.set(layer, (layers.get(layer) ?? 0) + us);
    const seen = new Set();
    for (let a = id; a !== undefined; a = parent.get(a)) {
      const k = keyOf(byId.get(a));
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    wallMs: (profile.endTime - profile.startTime) / 1000,
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyMs: (totalUs - idleUs) / 1000,
    self: sorted(self),
    layers: sorted(layers),
    areas: sorted(areas),
    inclusive: sorted(inclusive),
  };
}

/** Text tables of a summary, `top` rows each. */
export function formatSummary(s, top = 25) {
  const busy = s.busyMs * 1000 || 1;
  const pct = (us) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
  const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const rows = (list) => list.slice(0, top).map(([k, us]) => `  ${pct(us)} ${ms(us)}  ${k}`);
  const ours = s.inclusive.filter(([k]) => k.includes('packages/'));
  return [
    `profile: ${(s.wallMs / 1000).toFixed(1)} s wall, busy ${(s.busyMs / 1000).toFixed(1)} s, ` +
      `idle ${(s.idleMs / 1000).toFixed(1)} s (shares below are of busy time)`,
    '',
    'time by layer (a sample goes to the first frame from the leaf up that belongs to a layer):',
    ...rows(s.layers),
    '',
    'self time by area:',
    ...rows(s.areas),
    '',
    `top ${top} functions by self time:`,
    ...rows(s.self),
    '',
    `top ${top} of our functions by inclusive time (self + callees):`,
    ...rows(ours),
  ].join('\n');
}

async function main(argv) {
  const positive = (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
    return n;
  };
  const program = new Command('cpuprofile-summary')
    .description('Summarise a node --cpu-prof .cpuprofile: self time per function and per area')
    .argument('<file>', '.cpuprofile file')
    .option('--top <n>', 'rows per table', positive, 25)
    .parse(argv);
  const profile = JSON.parse(fs.readFileSync(program.args[0], 'utf8'));
  console.log(formatSummary(summarise(profile), program.opts().top));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv).catch((err) => {
    process.stderr.write(`cpuprofile-summary: ${err.message}\n`);
    process.exit(1);
  });
}
