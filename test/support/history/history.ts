import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Op, OpFunction } from './op.js';

/** Milliseconds on a clock that never steps back, comparable across the whole test process. */
export const monotonicNow = (): number => performance.timeOrigin + performance.now();

/** The outcome of one operation as the client saw it. */
export type Outcome = { type: 'ok'; value?: string | null } | { type: 'fail' | 'info'; error: string };

/** An in-memory history that clients append to as they go; dumped as JSONL when a test fails. */
export class History {
  private readonly lines: Op[] = [];

  get ops(): readonly Op[] {
    return this.lines;
  }

  /** Records the invoke, runs `fn`, records its completion and returns the outcome. */
  async run(process: string, f: OpFunction, key: string, value: string | null, node: number | undefined, fn: () => Promise<Outcome>): Promise<Outcome> {
    this.lines.push({ process, type: 'invoke', f, key, value, time: monotonicNow(), ...(node === undefined ? {} : { node }) });
    const outcome = await fn();
    const done: Op = { process, type: outcome.type, f, key, value: null, time: monotonicNow(), ...(node === undefined ? {} : { node }) };
    if (outcome.type === 'ok') done.value = outcome.value ?? (f === 'write' ? value : null);
    else done.error = outcome.error;
    this.lines.push(done);
    return outcome;
  }

  toJsonl(): string {
    return this.lines.map((op) => JSON.stringify(op)).join('\n') + '\n';
  }

  /** Writes the history to `path` as one JSON object per line. */
  dump(path: string): void {
    writeFileSync(path, this.toJsonl());
  }
}

/** Parses a dumped history back, to re-run checkers on it. */
export function parseJsonl(text: string): Op[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Op);
}
