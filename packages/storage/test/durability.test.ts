import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { liveItem } from '@dynaring/core';
import { StorageEngine } from '../src/index.js';
import { HAS_SYNC_BUILD } from './sync-build.js';

const TABLE = '0f8fad5b-d9cb-469f-a165-70867728950e';
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const WRITER = fileURLToPath(new URL('./fixtures/kill-writer.mjs', import.meta.url));

beforeAll(() => {
  // The child runs the compiled package: vitest's TypeScript transform lives only in this process.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-b', 'packages/storage'], { cwd: REPO, stdio: 'pipe' });
  } catch (err) {
    // Type errors elsewhere (files being edited) still leave an emitted build; only its absence is fatal.
    if (!existsSync(DIST)) throw err;
  }
}, 120_000);

/** Runs the writer until it has acknowledged `acks` writes, then SIGKILLs it; returns the acknowledged numbers. */
function writeThenKill(dir: string, acks: number): Promise<{ acked: number[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dir, TABLE], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line !== 'ready') acked.push(Number(line));
      if (acked.length >= acks && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code}: ${stderr}`));
      else resolve({ acked, signal });
    });
  });
}

describe('durability', () => {
  it('keeps every acknowledged write after kill -9 of the writing process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dynaring-kill-'));
    try {
      const { acked, signal } = await writeThenKill(dir, 3000);
      expect(signal).toBe('SIGKILL');
      expect(acked.length).toBeGreaterThanOrEqual(3000);

      const engine = await StorageEngine.open(dir);
      try {
        // The writer's engine wrote its groups as this one does: on the event loop where it can.
        expect(engine.writesOnEventLoop).toBe(HAS_SYNC_BUILD);
        const missing: number[] = [];
        for (const i of acked) {
          const token = BigInt.asIntN(64, BigInt(i) * 0x9e3779b97f4a7c15n);
          const item = liveItem(await engine.read(TABLE, token, { hash: { S: `k${i}` } }));
          if (item?.['v'] === undefined || (item['v'] as { N: string }).N !== String(i)) missing.push(i);
        }
        expect(missing).toEqual([]);

        const shared = liveItem(await engine.read(TABLE, 0n, { hash: { S: 'shared' } })) ?? {};
        // Each shared cell holds the newest write to it, which is at least the newest acknowledged one.
        const older = acked.filter((i) => Number((shared[`c${i % 64}`] as { N: string } | undefined)?.N ?? -1) < i);
        expect(older).toEqual([]);
      } finally {
        await engine.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
