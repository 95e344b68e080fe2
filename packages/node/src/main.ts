import { CommanderError } from 'commander';
import { pino } from 'pino';
import { ConfigError, parseConfig, type NodeConfig } from './config.js';
import { useCpuSchedulingPolicy } from './cpu-scheduling.js';
import { DynaringNode } from './node.js';

/** What shutdown may take beyond draining requests (gossip announcement, background work, storage) before the process exits anyway. */
const SHUTDOWN_AFTER_DRAIN_MS = 10_000;

function configOrExit(argv: string[]): NodeConfig | undefined {
  try {
    return parseConfig(argv);
  } catch (err) {
    // commander has printed its own message (or the help) already.
    if (err instanceof CommanderError) process.exitCode = err.exitCode;
    else if (err instanceof ConfigError) {
      process.stderr.write(`dynaring: ${err.message}\n`);
      process.exitCode = 1;
    } else throw err;
    return undefined;
  }
}

export async function main(argv: string[]): Promise<void> {
  const config = configOrExit(argv);
  if (!config) return;
  // Logs go to stderr so stdout carries only the ready line scripts wait for.
  const log = pino({ level: config.logLevel, base: { component: 'node' } }, pino.destination(2));
  // Before the node opens its storage, so the threads it starts inherit the policy.
  await useCpuSchedulingPolicy(config.cpuSchedulingPolicy, log);
  let node: DynaringNode;
  try {
    node = await DynaringNode.start(config, log);
  } catch (err) {
    log.fatal({ err }, 'node failed to start');
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`dynaring ready: DynamoDB API on http://${node.address}\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.info({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    log.info({ signal, drainTimeoutMs: config.drainTimeoutMs }, 'shutting down: draining requests');
    setTimeout(() => {
      log.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.drainTimeoutMs + SHUTDOWN_AFTER_DRAIN_MS).unref();
    node.stop().then(
      () => {
        log.info('shut down cleanly');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
