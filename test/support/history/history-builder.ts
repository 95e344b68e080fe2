/** Hand-made histories for checker tests: each call records one invoke and its completion. */
import type { Op, OpFunction } from './op.js';

export type Span = [invokeTime: number, completeTime: number | 'never'];
type Outcome = 'ok' | 'fail' | 'info';

export class HistoryBuilder {
  readonly ops: Op[] = [];

  write(process: string, key: string, value: string, span: Span, outcome: Outcome = 'ok'): this {
    return this.add(process, 'write', key, value, span, outcome, value);
  }

  delete(process: string, key: string, span: Span, outcome: Outcome = 'ok'): this {
    return this.add(process, 'delete', key, null, span, outcome, null);
  }

  /** An ok read of `value` (null: absent). */
  read(process: string, key: string, value: string | null, span: Span): this {
    return this.add(process, 'read', key, null, span, 'ok', value);
  }

  private add(process: string, f: OpFunction, key: string, value: string | null, [start, end]: Span, outcome: Outcome, result: string | null): this {
    this.ops.push({ process, type: 'invoke', f, key, value, time: start });
    if (end !== 'never') this.ops.push({ process, type: outcome, f, key, value: outcome === 'ok' ? result : null, time: end });
    return this;
  }
}
