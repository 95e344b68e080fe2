import type { NodeConfig } from './node-config.js';
import {
  parseBoolean,
  parseCpuSchedulingPolicy,
  parseInteger,
  parseIsolation,
  parseList,
  parseLogLevel,
  parseNonNegativeInt,
  parsePort,
  parsePositiveInt,
  parsePositiveNumber,
  parseText,
} from './config-values.js';

/** One setting, settable as a flag, a DYNARING_* environment variable and a YAML key. */
export interface OptionSpec<T> {
  /** The flag without its dashes; the YAML key and environment variable are derived from it. */
  readonly flag: string;
  /** The argument's name in --help, e.g. "<port>". */
  readonly arg: string;
  readonly description: string;
  readonly defaultValue: T;
  /** How --help and the example file show the default, when not the value itself. */
  readonly defaultText?: string;
  readonly parse: (text: string) => T;
  /** Kept out of --help: knobs for tests. */
  readonly hidden?: boolean;
}

export type OptionSpecs = { readonly [K in keyof NodeConfig]: OptionSpec<NodeConfig[K]> };

/**
 * Every setting of a node. Names follow Scylla's scylla.yaml (and Cassandra's cassandra.yaml)
 * where one exists, so that operators find what they know.
 */
export const OPTIONS: OptionSpecs = {
  listenAddress: { flag: 'listen-address', arg: '<address>', description: 'address to serve on', defaultValue: '127.0.0.1', parse: parseText },
  alternatorPort: { flag: 'alternator-port', arg: '<port>', description: 'DynamoDB API port (also serves /metrics)', defaultValue: 8000, parse: parsePort },
  dataDir: { flag: 'data-dir', arg: '<dir>', description: 'where this node keeps its data', defaultValue: './data', parse: parseText },
  writeIsolation: {
    flag: 'alternator-write-isolation',
    arg: '<mode>',
    description: 'how read-modify-write requests are isolated (always_use_lwt, only_rmw_uses_lwt, forbid_rmw, unsafe_rmw)',
    defaultValue: 'only_rmw_uses_lwt',
    parse: parseIsolation,
  },
  logLevel: { flag: 'log-level', arg: '<level>', description: 'log level (fatal, error, warn, info, debug, trace, silent)', defaultValue: 'info', parse: parseLogLevel },
  storagePort: { flag: 'storage-port', arg: '<port>', description: 'port for gossip, replica traffic and nodetool', defaultValue: 7000, parse: parsePort },
  seeds: {
    flag: 'seeds',
    arg: '<list>',
    description: 'comma-separated seed addresses (ip or ip:port); in YAML also a list',
    defaultValue: [],
    defaultText: 'this node',
    parse: parseList,
  },
  numTokens: { flag: 'num-tokens', arg: '<n>', description: 'virtual nodes (tokens) for this node', defaultValue: 16, parse: parsePositiveInt },
  dc: { flag: 'dc', arg: '<name>', description: 'datacenter of this node', defaultValue: 'datacenter1', parse: parseText },
  rack: { flag: 'rack', arg: '<name>', description: 'rack of this node', defaultValue: 'rack1', parse: parseText },
  clusterName: {
    flag: 'cluster-name',
    arg: '<name>',
    description: 'nodes only gossip with nodes of the same cluster name',
    defaultValue: 'dynaring',
    parse: parseText,
  },
  gossipIntervalMs: { flag: 'gossip-interval-ms', arg: '<ms>', description: 'gossip round interval', defaultValue: 1000, parse: parsePositiveInt },
  phiConvictThreshold: { flag: 'phi-convict-threshold', arg: '<phi>', description: 'failure detector threshold', defaultValue: 8, parse: parsePositiveNumber },
  ringDelayMs: {
    flag: 'ring-delay-ms',
    arg: '<ms>',
    description: 'wait for a ring change to spread before streaming',
    defaultValue: 30_000,
    parse: parseNonNegativeInt,
  },
  writeRequestTimeoutMs: { flag: 'write-request-timeout-in-ms', arg: '<ms>', description: 'replica write timeout', defaultValue: 2000, parse: parsePositiveInt },
  casContentionTimeoutMs: {
    flag: 'cas-contention-timeout-in-ms',
    arg: '<ms>',
    description: 'how long a conditional write retries while contending for its item (LWT)',
    defaultValue: 1000,
    parse: parsePositiveInt,
  },
  readRequestTimeoutMs: { flag: 'read-request-timeout-in-ms', arg: '<ms>', description: 'replica read timeout', defaultValue: 5000, parse: parsePositiveInt },
  clockOffsetMicros: {
    flag: 'clock-offset-micros',
    arg: '<us>',
    description: "skew this node's write timestamps (tests)",
    defaultValue: 0,
    parse: parseInteger,
    hidden: true,
  },
  hintedHandoffEnabled: {
    flag: 'hinted-handoff-enabled',
    arg: '<bool>',
    description: 'keep hints for replicas that miss writes',
    defaultValue: true,
    parse: parseBoolean,
  },
  maxHintWindowMs: {
    flag: 'max-hint-window-in-ms',
    arg: '<ms>',
    description: 'no new hints for a replica down longer than this',
    defaultValue: 10_800_000,
    parse: parseNonNegativeInt,
  },
  gcGraceSeconds: {
    flag: 'gc-grace-seconds',
    arg: '<s>',
    description: 'keep tombstones this long before purging them (table tag system:gc_grace_seconds overrides)',
    defaultValue: 864_000,
    parse: parseNonNegativeInt,
  },
  tombstoneSweepIntervalMs: {
    flag: 'tombstone-sweep-interval-ms',
    arg: '<ms>',
    description: 'how often expired tombstones are purged (tests)',
    defaultValue: 3_600_000,
    parse: parsePositiveInt,
    hidden: true,
  },
  drainTimeoutMs: {
    flag: 'drain-timeout-in-ms',
    arg: '<ms>',
    description: 'on SIGTERM, how long in-flight requests may run before their connections are closed',
    defaultValue: 10_000,
    parse: parseNonNegativeInt,
  },
  cpuSchedulingPolicy: {
    flag: 'cpu-scheduling-policy',
    arg: '<policy>',
    description: 'batch (Linux SCHED_BATCH: the node never preempts a process on wake-up, fewer context switches) or normal',
    defaultValue: 'batch',
    parse: parseCpuSchedulingPolicy,
  },
};

export const yamlKeyOf = (spec: OptionSpec<unknown>): string => spec.flag.replace(/-/g, '_');
export const envNameOf = (spec: OptionSpec<unknown>): string => `DYNARING_${spec.flag.toUpperCase().replace(/-/g, '_')}`;

/** The default as --help and the example config file show it. */
export function defaultTextOf(spec: OptionSpec<unknown>): string {
  if (spec.defaultText !== undefined) return spec.defaultText;
  return Array.isArray(spec.defaultValue) ? spec.defaultValue.join(',') : String(spec.defaultValue);
}
