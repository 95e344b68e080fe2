import { Command, InvalidArgumentError, Option } from 'commander';
import type { WriteIsolation } from '@dynaring/dynamo-api';

export interface NodeConfig {
  listenAddress: string;
  alternatorPort: number;
  dataDir: string;
  writeIsolation: WriteIsolation;
  logLevel: string;
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
    .allowExcessArguments(false);
  program.parse(argv, { from: 'user' });
  const o = program.opts<{
    listenAddress: string;
    alternatorPort: number | string;
    dataDir: string;
    alternatorWriteIsolation: string;
    logLevel: string;
  }>();
  return {
    listenAddress: o.listenAddress,
    alternatorPort: typeof o.alternatorPort === 'number' ? o.alternatorPort : parsePort(o.alternatorPort),
    dataDir: o.dataDir,
    writeIsolation: parseIsolation(o.alternatorWriteIsolation),
    logLevel: o.logLevel,
  };
}
