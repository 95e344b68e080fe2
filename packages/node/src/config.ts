import { Command, InvalidArgumentError, Option } from 'commander';
import type { WriteIsolation } from '@dynaring/dynamo-api';

export interface NodeConfig {
  listenAddress: string;
  alternatorPort: number;
  dataDir: string;
  writeIsolation: WriteIsolation;
  logLevel: string;
  /** Gossip and replica RPC port (also nodetool's). */
  storagePort: number;
  /** Endpoints ("ip" or "ip:port") contacted first to join the cluster. */
  seeds: string[];
  numTokens: number;
  dc: string;
  rack: string;
  clusterName: string;
  gossipIntervalMs: number;
  phiConvictThreshold: number;
  /** How long a joining or leaving node waits for the whole cluster to see its new state. */
  ringDelayMs: number;
  writeRequestTimeoutMs: number;
  readRequestTimeoutMs: number;
  /** Added to this node's write timestamps: lets tests skew one node's clock. */
  clockOffsetMicros: number;
  /** Keep hints for replicas that miss writes (hinted_handoff_enabled). */
  hintedHandoffEnabled: boolean;
  /** No new hints for a replica down longer than this (max_hint_window_in_ms). */
  maxHintWindowMs: number;
  /** How long tombstones are kept before a sweep may purge them (gc_grace_seconds); tables may override. */
  gcGraceSeconds: number;
  /** How often tombstones past their table's gc_grace are swept. */
  tombstoneSweepIntervalMs: number;
}

const ISOLATION_ALIASES: Record<string, WriteIsolation> = {
  always_use_lwt: 'always_use_lwt',
  a: 'always_use_lwt',
  only_rmw_uses_lwt: 'only_rmw_uses_lwt',
  o: 'only_rmw_uses_lwt',
  forbid_rmw: 'forbid_rmw',
  f: 'forbid_rmw',
  unsafe_rmw: 'unsafe_rmw',
  u: 'unsafe_rmw',
};

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('not a TCP port');
  return port;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('an integer');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a non-negative integer');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a positive number');
  return n;
}

function parseBoolean(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('true or false');
}

function parseIsolation(value: string): WriteIsolation {
  const mode = ISOLATION_ALIASES[value];
  if (!mode) throw new InvalidArgumentError(`one of ${Object.keys(ISOLATION_ALIASES).join(', ')}`);
  return mode;
}

/** Flags follow Scylla's names; each also reads a DYNARING_* environment variable. */
export function parseConfig(argv: string[]): NodeConfig {
  const program = new Command('dynaring')
    .description('A DynamoDB-compatible database node')
    .addOption(new Option('--listen-address <address>', 'address to serve on').default('127.0.0.1').env('DYNARING_LISTEN_ADDRESS'))
    .addOption(
      new Option('--alternator-port <port>', 'DynamoDB API port').default(8000).argParser(parsePort).env('DYNARING_ALTERNATOR_PORT'),
    )
    .addOption(new Option('--data-dir <dir>', 'where this node keeps its data').default('./data').env('DYNARING_DATA_DIR'))
    .addOption(
      new Option('--alternator-write-isolation <mode>', 'how read-modify-write requests are isolated')
        .default('only_rmw_uses_lwt')
        .argParser(parseIsolation)
        .env('DYNARING_ALTERNATOR_WRITE_ISOLATION'),
    )
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
        .default('info')
        .env('DYNARING_LOG_LEVEL'),
    )
    .addOption(
      new Option('--storage-port <port>', 'port for gossip, replica traffic and nodetool').default(7000).argParser(parsePort).env('DYNARING_STORAGE_PORT'),
    )
    .addOption(new Option('--seeds <list>', 'comma-separated seed addresses (ip or ip:port); default: this node').env('DYNARING_SEEDS'))
    .addOption(new Option('--num-tokens <n>', 'virtual nodes (tokens) for this node').default(16).argParser(positiveInt).env('DYNARING_NUM_TOKENS'))
    .addOption(new Option('--dc <name>', 'datacenter of this node').default('datacenter1').env('DYNARING_DC'))
    .addOption(new Option('--rack <name>', 'rack of this node').default('rack1').env('DYNARING_RACK'))
    .addOption(new Option('--cluster-name <name>', 'nodes only gossip with nodes of the same cluster name').default('dynaring').env('DYNARING_CLUSTER_NAME'))
    .addOption(new Option('--gossip-interval-ms <ms>', 'gossip round interval').default(1000).argParser(positiveInt).env('DYNARING_GOSSIP_INTERVAL_MS'))
    .addOption(new Option('--phi-convict-threshold <phi>', 'failure detector threshold').default(8).argParser(positiveNumber).env('DYNARING_PHI_CONVICT_THRESHOLD'))
    .addOption(new Option('--ring-delay-ms <ms>', 'wait for a ring change to spread before streaming').default(30_000).argParser(nonNegativeInt).env('DYNARING_RING_DELAY_MS'))
    .addOption(new Option('--write-request-timeout-in-ms <ms>', 'replica write timeout').default(2000).argParser(positiveInt).env('DYNARING_WRITE_REQUEST_TIMEOUT_IN_MS'))
    .addOption(new Option('--read-request-timeout-in-ms <ms>', 'replica read timeout').default(5000).argParser(positiveInt).env('DYNARING_READ_REQUEST_TIMEOUT_IN_MS'))
    .addOption(
      new Option('--clock-offset-micros <us>', 'skew this node\'s write timestamps (tests)').default(0).argParser(integer).env('DYNARING_CLOCK_OFFSET_MICROS').hideHelp(),
    )
    .addOption(
      new Option('--hinted-handoff-enabled <bool>', 'keep hints for replicas that miss writes')
        .default(true)
        .argParser(parseBoolean)
        .env('DYNARING_HINTED_HANDOFF_ENABLED'),
    )
    .addOption(
      new Option('--max-hint-window-in-ms <ms>', 'no new hints for a replica down longer than this')
        .default(10_800_000)
        .argParser(nonNegativeInt)
        .env('DYNARING_MAX_HINT_WINDOW_IN_MS'),
    )
    .addOption(
      new Option('--gc-grace-seconds <s>', 'keep tombstones this long before purging them (table tag system:gc_grace_seconds overrides)')
        .default(864_000)
        .argParser(nonNegativeInt)
        .env('DYNARING_GC_GRACE_SECONDS'),
    )
    .addOption(
      new Option('--tombstone-sweep-interval-ms <ms>', 'how often expired tombstones are purged (tests)')
        .default(3_600_000)
        .argParser(positiveInt)
        .env('DYNARING_TOMBSTONE_SWEEP_INTERVAL_MS')
        .hideHelp(),
    )
    .allowExcessArguments(false);
  program.parse(argv, { from: 'user' });
  const o = program.opts<Record<string, string | number | boolean | undefined>>();
  // Defaults are not passed through argParser; environment values are.
  const num = (v: string | number | boolean | undefined, parse: (s: string) => number) => (typeof v === 'number' ? v : parse(String(v)));
  const storagePort = num(o.storagePort, parsePort);
  const listenAddress = String(o.listenAddress);
  const seeds = (o.seeds === undefined ? listenAddress : String(o.seeds))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.includes(':') ? s : `${s}:${storagePort}`));
  return {
    listenAddress,
    alternatorPort: num(o.alternatorPort, parsePort),
    dataDir: String(o.dataDir),
    writeIsolation: parseIsolation(String(o.alternatorWriteIsolation)),
    logLevel: String(o.logLevel),
    storagePort,
    seeds,
    numTokens: num(o.numTokens, positiveInt),
    dc: String(o.dc),
    rack: String(o.rack),
    clusterName: String(o.clusterName),
    gossipIntervalMs: num(o.gossipIntervalMs, positiveInt),
    phiConvictThreshold: num(o.phiConvictThreshold, positiveNumber),
    ringDelayMs: num(o.ringDelayMs, nonNegativeInt),
    writeRequestTimeoutMs: num(o.writeRequestTimeoutInMs, positiveInt),
    readRequestTimeoutMs: num(o.readRequestTimeoutInMs, positiveInt),
    clockOffsetMicros: num(o.clockOffsetMicros, integer),
    hintedHandoffEnabled: typeof o.hintedHandoffEnabled === 'boolean' ? o.hintedHandoffEnabled : parseBoolean(String(o.hintedHandoffEnabled)),
    maxHintWindowMs: num(o.maxHintWindowInMs, nonNegativeInt),
    gcGraceSeconds: num(o.gcGraceSeconds, nonNegativeInt),
    tombstoneSweepIntervalMs: num(o.tombstoneSweepIntervalMs, positiveInt),
  };
}
