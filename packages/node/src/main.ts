import { pino } from 'pino';
import { parseConfig } from './config.js';
import { DynaringNode } from './node.js';

/** Grace period for in-flight requests on SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

export async function main(argv: string[]): Promise<void> {
  const config = parseConfig(argv);
  // Logs go to stderr so stdout carries only the ready line scripts wait for.
  const log = pino({ level: config.logLevel, base: { component: 'node' } }, pino.destination(2));
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
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    node.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
