// The nodetool command line: parses argv with commander, calls one Admin RPC, prints the answer
// as Cassandra's nodetool would (or as JSON), and returns the process exit code.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { AdminApi, Progress, ProgressListener } from './admin-api.js';
import { connectAdmin } from './connect.js';
import { connectFailureReason, errorMessage } from './connection-error.js';
import { formatDescribeCluster } from './format/describe-cluster.js';
import { formatDescribeRing } from './format/describe-ring.js';
import { formatGetEndpoints } from './format/get-endpoints.js';
import { formatGossipInfo } from './format/gossip-info.js';
import { formatInfo } from './format/info.js';
import { formatListPendingHints, formatWaitHints } from './format/pending-hints.js';
import { formatRing } from './format/ring.js';
import { formatStatus } from './format/status.js';

export interface CliDeps {
  /** Opens the Admin API of the node at "host:port"; defaults to the gRPC client. */
  connect?: (address: string) => AdminApi | Promise<AdminApi>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

interface GlobalOptions {
  host: string;
  port: number;
  json?: boolean;
}

/** Thrown when the node cannot be reached, so that it is reported as nodetool does. */
class ConnectFailure extends Error {
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`Failed to connect to '${address}' - ${reason}.`);
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new InvalidArgumentError('Not a valid port number.');
  }
  return port;
}

function parseTimeoutMs(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Not a number of milliseconds.');
  return Number(value);
}

/** Exit code of `nodetool waithints` when the wait timed out with hints left. */
const HINTS_PENDING_EXIT_CODE = 1;

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

export async function main(argv: string[], deps: CliDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = deps.stderr ?? ((text: string) => void process.stderr.write(text));
  const connect = deps.connect ?? ((address: string) => connectAdmin(address));

  const program = new Command('nodetool');
  program
    .description('Manage a dynaring node (the commands of Cassandra nodetool, over admin.proto)')
    .exitOverride()
    .configureOutput({ writeOut: stdout, writeErr: stderr })
    // -h is the host, as in Cassandra's nodetool; help keeps only its long form.
    .helpOption('--help', 'display help for command')
    .option('-h, --host <host>', 'node hostname or ip address', '127.0.0.1')
    .option('-p, --port <port>', 'admin (gRPC) port', parsePort, 7000)
    .option('--json', 'print the response as JSON')
    .showSuggestionAfterError();

  async function withNode(run: (api: AdminApi, opts: GlobalOptions) => Promise<void>): Promise<void> {
    const opts = program.opts<GlobalOptions>();
    const address = `${opts.host}:${opts.port}`;
    let api: AdminApi;
    try {
      api = await connect(address);
    } catch (err) {
      throw new ConnectFailure(address, connectFailureReason(err) ?? errorMessage(err));
    }
    try {
      await run(api, opts);
    } catch (err) {
      const reason = connectFailureReason(err);
      throw reason === undefined ? err : new ConnectFailure(address, reason);
    } finally {
      api.close();
    }
  }

  function unary<R>(call: (api: AdminApi) => Promise<R>, human: (response: R) => string): Promise<void> {
    return withNode(async (api, opts) => {
      const response = await call(api);
      stdout(opts.json ? json(response) : human(response));
    });
  }

  // Progress is printed as it arrives; with --json each message is one line of JSON (JSON Lines)
  // so that a long operation still streams.
  function streaming(call: (api: AdminApi, onProgress: ProgressListener) => Promise<unknown>): Promise<void> {
    return withNode(async (api, opts) => {
      await call(api, (p: Progress) => {
        if (opts.json) stdout(JSON.stringify(p) + '\n');
        else stdout(p.message.endsWith('\n') ? p.message : p.message + '\n');
      });
    });
  }

  program
    .command('status')
    .description('Print cluster information (state, load, IDs, ...)')
    .argument('[table]', 'the table whose replication gives effective ownership')
    .action((table: string | undefined) =>
      unary(
        (api) => api.status(table === undefined ? {} : { table }),
        (r) => formatStatus(r, table),
      ),
    );

  program
    .command('ring')
    .description('Print information about the token ring')
    .argument('[table]', 'the table whose replication gives effective ownership')
    .action((table: string | undefined) =>
      unary(
        (api) => api.ring(table === undefined ? {} : { table }),
        (r) => formatRing(r, table),
      ),
    );

  program
    .command('info')
    .description('Print node information (uptime, load, ...)')
    .option('-T, --tokens', 'display all tokens')
    .action((opts: { tokens?: boolean }) =>
      unary(
        (api) => api.info({}),
        (r) => formatInfo(r, opts.tokens === true),
      ),
    );

  program
    .command('describering')
    .description('Shows the token ranges info of a given table')
    .argument('<table>', 'the table name')
    .action((table: string) => unary((api) => api.describeRing({ table }), formatDescribeRing));

  program
    .command('gossipinfo')
    .description('Shows the gossip information for the cluster')
    .action(() => unary((api) => api.gossipInfo({}), formatGossipInfo));

  program
    .command('getendpoints')
    .description('Print the end points that owns the key')
    .argument('<table>', 'the table name')
    .argument('<key>', 'the hash key value')
    .action((table: string, key: string) => unary((api) => api.getEndpoints({ table, key }), formatGetEndpoints));

  program
    .command('describecluster')
    .description('Print the name, snitch, partitioner and schema version of a cluster')
    .action(() => unary((api) => api.describeCluster({}), formatDescribeCluster));

  program
    .command('decommission')
    .description('Decommission the *node I am connecting to*')
    .action(() => streaming((api, onProgress) => api.decommission({}, onProgress)));

  program
    .command('cleanup')
    .description('Triggers the immediate cleanup of keys no longer belonging to a node')
    .argument('[table]', 'the table to clean up (all tables when omitted)')
    .action((table: string | undefined) =>
      streaming((api, onProgress) => api.cleanup(table === undefined ? {} : { table }, onProgress)),
    );

  program
    .command('removenode')
    .description('Remove a node whose host ID is given from the ring')
    .argument('<host-id>', 'the host ID of the dead node')
    .action((hostId: string) => streaming((api, onProgress) => api.removeNode({ hostId }, onProgress)));

  program
    .command('repair')
    .description('Repair the ranges this node replicates: compare Merkle trees between replicas and stream what differs')
    .argument('[table]', 'the table to repair (all tables when omitted)')
    .action((table: string | undefined) =>
      streaming((api, onProgress) => api.repair(table === undefined ? {} : { table }, onProgress)),
    );

  program
    .command('listpendinghints')
    .description('Print all pending hints that this node has')
    .action(() => unary((api) => api.listPendingHints({}), formatListPendingHints));

  let exitCode = 0;
  program
    .command('waithints')
    .description('Wait until the hints this node keeps (for one target, or all) are delivered')
    .argument('[target]', 'the target: host ID, ip or ip:port (all targets when omitted)')
    .option('--timeout <ms>', 'how long to wait', parseTimeoutMs, 60_000)
    .action((target: string | undefined, opts: { timeout: number }) =>
      unary(
        async (api) => {
          const response = await api.waitHints(target === undefined ? { timeoutMs: opts.timeout } : { target, timeoutMs: opts.timeout });
          if (response.remaining > 0) exitCode = HINTS_PENDING_EXIT_CODE;
          return response;
        },
        formatWaitHints,
      ),
    );

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof ConnectFailure) {
      stderr(`nodetool: ${err.message}\n`);
      return 1;
    }
    stderr(`error: ${errorMessage(err)}\n`);
    return 2;
  }
}
