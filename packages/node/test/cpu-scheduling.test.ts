/**
 * A node started from its binary runs every thread under SCHED_BATCH by default
 * (cpu_scheduling_policy: batch) and is left alone with `normal`: what the setting promises.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startNode, type RunningNode } from '../../../test/support/node-process.js';

const SCHED_OTHER = 0;
const SCHED_BATCH = 3;

/** The scheduling policy of each thread of a process, from /proc. */
function threadPolicies(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const sched = readFileSync(`/proc/${pid}/task/${tid}/sched`, 'utf8');
    const match = /^policy\s*:\s*(\d+)$/m.exec(sched);
    if (!match) throw new Error(`no policy line for thread ${tid}`);
    return Number(match[1]);
  });
}

describe.runIf(process.platform === 'linux')('cpu_scheduling_policy', () => {
  let node: RunningNode | undefined;
  afterEach(async () => {
    await node?.stop();
    node = undefined;
  });

  it('puts every thread of a node under SCHED_BATCH by default', async () => {
    node = await startNode();
    const policies = threadPolicies(node.pid);
    // The main thread, libuv's pool, V8's platform threads, LevelDB's compaction thread.
    expect(policies.length).toBeGreaterThan(4);
    expect(new Set(policies)).toEqual(new Set([SCHED_BATCH]));
  });

  it('leaves the process as started with normal', async () => {
    node = await startNode({ args: ['--cpu-scheduling-policy', 'normal'] });
    expect(new Set(threadPolicies(node.pid))).toEqual(new Set([SCHED_OTHER]));
  });
});
