import { pairOperations, type Op } from './op.js';

/** Operation counts by function and outcome, e.g. `write 812 (ok 790, fail 10, info 12)`. */
export function summarizeOperations(history: readonly Op[]): string {
  const counts = new Map<string, Map<string, number>>();
  for (const op of pairOperations(history)) {
    const byOutcome = counts.get(op.f) ?? new Map<string, number>();
    byOutcome.set(op.outcome, (byOutcome.get(op.outcome) ?? 0) + 1);
    counts.set(op.f, byOutcome);
  }
  return [...counts]
    .map(([f, byOutcome]) => {
      const total = [...byOutcome.values()].reduce((a, b) => a + b, 0);
      const parts = ['ok', 'fail', 'info'].map((o) => `${o} ${byOutcome.get(o) ?? 0}`);
      return `${f} ${total} (${parts.join(', ')})`;
    })
    .join('; ');
}
