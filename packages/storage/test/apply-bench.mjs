// Throughput of StorageEngine.apply and read with 64 concurrent callers, as on a busy node.
// Not a test: run `npx tsc -b packages/storage && node packages/storage/test/apply-bench.mjs
// [otherDist/index.js ...]` from the repo root; each extra path is another build of the
// package (e.g. a copy of an older dist) measured in the same process, rounds interleaved.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const TABLE = '0f8fad5b-d9cb-469f-a165-70867728950e';
const CALLERS = 64;
const ROUNDS = 5;
const builds = [new URL('../dist/index.js', import.meta.url).href, ...process.argv.slice(2).map((p) => 'file://' + resolve(p))];

const token = (i) => BigInt.asIntN(64, BigInt(i) * 0x9e3779b97f4a7c15n);
const mutation = (i, ts) => ({
  tableId: TABLE,
  token: token(i),
  key: { hash: { S: `user#${i}` } },
  cells: {
    pk: { value: { S: `user#${i}` }, timestampMicros: ts },
    name: { value: { S: 'some name of moderate length' }, timestampMicros: ts },
    n: { value: { N: String(ts) }, timestampMicros: ts },
    tags: { value: { SS: ['a', 'b', 'c'] }, timestampMicros: ts },
  },
  itemTombstoneMicros: ts - 1,
});

/**
 * Runs `total` operations over CALLERS concurrent callers; returns ops/s and the main
 * thread's busy time per operation in microseconds (event-loop utilisation).
 */
async function drive(total, op) {
  let next = 0;
  const elu = performance.eventLoopUtilization();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      for (let i = next++; i < total; i = next++) await op(i);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { opsPerSec: total / seconds, busyMicrosPerOp: (performance.eventLoopUtilization(elu).active * 1000) / total };
}

async function round(build) {
  const { StorageEngine } = await import(build);
  const dir = await mkdtemp(join(tmpdir(), 'dynaring-bench-'));
  let engine = await StorageEngine.open(dir);
  let ts = 1_000_000;
  try {
    const result = {};
    // Fresh keys: every apply misses the record cache and reads LevelDB.
    result.applyFresh = await drive(10_000, (i) => engine.apply(mutation(i, ts++)));
    // A hot 1k-key set: after the first pass every apply hits the cache.
    await drive(1_000, (i) => engine.apply(mutation(100_000 + i, ts++)));
    result.applyHot = await drive(20_000, (i) => engine.apply(mutation(100_000 + (i % 1_000), ts++)));
    result.readHot = await drive(20_000, (i) => engine.read(TABLE, token(100_000 + (i % 1_000)), { hash: { S: `user#${100_000 + (i % 1_000)}` } }));
    // Reopened: an empty record cache, so reads go to LevelDB.
    await engine.close();
    engine = await StorageEngine.open(dir);
    result.readCold = await drive(10_000, (i) => engine.read(TABLE, token(i), { hash: { S: `user#${i}` } }));
    return result;
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const results = builds.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  for (const [b, build] of builds.entries()) results[b].push(await round(build));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ops = (b, k) => median(results[b].map((x) => x[k].opsPerSec));
const busy = (b, k) => median(results[b].map((x) => x[k].busyMicrosPerOp));
for (const [b, build] of builds.entries()) {
  console.log(build);
  for (const k of Object.keys(results[b][0])) {
    const ratio = b === 0 ? '' : `  (first build: ${(ops(0, k) / ops(b, k)).toFixed(2)}x the ops/s, 1/${(busy(b, k) / busy(0, k)).toFixed(2)} the main-thread time)`;
    console.log(`  ${k.padEnd(10)} ${String(Math.round(ops(b, k))).padStart(7)} ops/s  ${busy(b, k).toFixed(1).padStart(5)} us main thread/op${ratio}`);
  }
}
