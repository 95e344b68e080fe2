/**
 * Running `ip` and `nft` for the namespace topology: bounded in time, and failing with the
 * command's own stderr, since that is what says why a namespace or rule could not be made.
 */
import { execFile, execFileSync } from 'node:child_process';

const COMMAND_TIMEOUT_MS = 10_000;

/** Runs `command args...` (stdin from `input` if given) and resolves to its stdout. */
export function run(command: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { timeout: COMMAND_TIMEOUT_MS, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** Like `run`, but a failure is ignored: for teardown, where the thing may already be gone. */
export async function runQuietly(command: string, args: readonly string[]): Promise<void> {
  await run(command, args).catch(() => {});
}

/** Synchronous and silent, for a process 'exit' hook where nothing asynchronous runs any more. */
export function runSyncQuietly(command: string, args: readonly string[]): void {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: COMMAND_TIMEOUT_MS });
  } catch {
    // already gone, or nothing more can be done while exiting
  }
}

/** Runs `command` inside network namespace `ns`. */
export const inNamespace = (ns: string, command: string, args: readonly string[], input?: string): Promise<string> =>
  run('ip', ['netns', 'exec', ns, command, ...args], input);
