import { describe, expect, it } from 'vitest';
import { checkRegisterHistory, type RegisterOperation } from './support/linearizability.js';

const op = (o: RegisterOperation) => o;

describe('register linearizability checker', () => {
  it('accepts a sequential history and gives its order', () => {
    const history = [
      op({ f: 'write', value: 1, invokedAt: 0, completedAt: 1, outcome: 'ok' }),
      op({ f: 'cas', expected: 1, value: 2, invokedAt: 2, completedAt: 3, outcome: 'ok' }),
      op({ f: 'read', value: 2, invokedAt: 4, completedAt: 5, outcome: 'ok' }),
    ];
    const result = checkRegisterHistory(history, 0);
    expect(result).toMatchObject({ linearizable: true, order: [0, 1, 2] });
  });

  it('lets a read concurrent with a write see either value', () => {
    const write = op({ f: 'write', value: 1, invokedAt: 0, completedAt: 10, outcome: 'ok' });
    for (const seen of [0, 1]) {
      const read = op({ f: 'read', value: seen, invokedAt: 2, completedAt: 4, outcome: 'ok' });
      expect(checkRegisterHistory([write, read], 0).linearizable).toBe(true);
    }
  });

  it('rejects a read that goes back in time after an acknowledged write', () => {
    const history = [
      op({ f: 'write', value: 1, invokedAt: 0, completedAt: 1, outcome: 'ok' }),
      op({ f: 'read', value: 1, invokedAt: 2, completedAt: 3, outcome: 'ok' }),
      op({ f: 'read', value: 0, invokedAt: 4, completedAt: 5, outcome: 'ok' }),
    ];
    expect(checkRegisterHistory(history, 0)).toMatchObject({ linearizable: false, stuckAt: 2 });
  });

  it('rejects two concurrent compare-and-sets that both applied from the same value (a lost update)', () => {
    const history = [
      op({ f: 'cas', expected: 0, value: 1, invokedAt: 0, completedAt: 10, outcome: 'ok' }),
      op({ f: 'cas', expected: 0, value: 1, invokedAt: 1, completedAt: 11, outcome: 'ok' }),
    ];
    expect(checkRegisterHistory(history, 0).linearizable).toBe(false);
  });

  it('checks a failed compare-and-set as an observation that the value differed', () => {
    const failedWhileEqual = [op({ f: 'cas', expected: 0, value: 1, invokedAt: 0, completedAt: 1, outcome: 'fail' })];
    expect(checkRegisterHistory(failedWhileEqual, 0).linearizable).toBe(false);
    expect(checkRegisterHistory(failedWhileEqual, 7).linearizable).toBe(true);
  });

  it('lets an unknown write take effect later or never, but not before it was invoked', () => {
    const unknown = op({ f: 'write', value: 9, invokedAt: 10, completedAt: 11, outcome: 'unknown' });
    const readAt = (value: number, at: number) => op({ f: 'read', value, invokedAt: at, completedAt: at + 1, outcome: 'ok' });
    expect(checkRegisterHistory([unknown, readAt(0, 20)], 0).linearizable).toBe(true);
    expect(checkRegisterHistory([unknown, readAt(9, 1000)], 0).linearizable).toBe(true);
    expect(checkRegisterHistory([unknown, readAt(9, 2)], 0).linearizable).toBe(false);
    // Once seen, it cannot be undone.
    expect(checkRegisterHistory([unknown, readAt(9, 20), readAt(0, 30)], 0).linearizable).toBe(false);
  });

  it('ignores failed writes and reads', () => {
    const history = [
      op({ f: 'write', value: 5, invokedAt: 0, completedAt: 1, outcome: 'fail' }),
      op({ f: 'read', value: 42, invokedAt: 2, completedAt: 3, outcome: 'fail' }),
      op({ f: 'read', value: 0, invokedAt: 4, completedAt: 5, outcome: 'ok' }),
    ];
    expect(checkRegisterHistory(history, 0).linearizable).toBe(true);
  });

  it('handles a few hundred concurrent operations', () => {
    // Ten processes each incrementing in turn with overlapping intervals: linearizable by construction.
    const history: RegisterOperation[] = [];
    for (let i = 0; i < 300; i++) {
      history.push(op({ f: 'cas', expected: i, value: i + 1, invokedAt: i * 10, completedAt: i * 10 + 35, outcome: 'ok' }));
      if (i % 3 === 0) history.push(op({ f: 'read', value: i + 1, invokedAt: i * 10 + 5, completedAt: i * 10 + 40, outcome: 'ok' }));
    }
    const result = checkRegisterHistory(history, 0);
    expect(result.linearizable).toBe(true);
    history.push(op({ f: 'read', value: 150, invokedAt: 5000, completedAt: 5001, outcome: 'ok' }));
    expect(checkRegisterHistory(history, 0).linearizable).toBe(false);
  });
});
