import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from './history-builder.js';
import { checkMonotonicReads } from './monotonic-reads.js';

const kinds = (h: HistoryBuilder) => checkMonotonicReads(h.ops).map((a) => a.kind);

describe('checkMonotonicReads', () => {
  it('passes for reads that follow the writes forward', () => {
    const h = new HistoryBuilder()
      .read('c2', 'k', null, [0, 5])
      .write('c0', 'k', 'a1', [10, 20])
      .read('c2', 'k', 'a1', [30, 35])
      .write('c0', 'k', 'a2', [40, 50])
      .read('c2', 'k', 'a2', [60, 65])
      .delete('c0', 'k', [70, 80])
      .read('c2', 'k', null, [90, 95]);
    expect(kinds(h)).toEqual([]);
  });

  it('passes when a read overlaps a write and sees either version', () => {
    const h = new HistoryBuilder()
      .write('c0', 'k', 'a1', [0, 10])
      .write('c0', 'k', 'a2', [20, 60])
      .read('c1', 'k', 'a1', [30, 40])
      .read('c1', 'k', 'a2', [45, 50])
      .read('c1', 'k', 'a2', [70, 80]);
    expect(kinds(h)).toEqual([]);
  });

  it('passes when overlapping reads disagree', () => {
    const h = new HistoryBuilder()
      .write('c0', 'k', 'a1', [0, 10])
      .write('c0', 'k', 'a2', [20, 'never'])
      .read('c1', 'k', 'a2', [30, 50])
      .read('c2', 'k', 'a1', [40, 60]);
    expect(kinds(h)).toEqual([]);
  });

  it('passes when a write of unknown outcome surfaces after a later acknowledged write', () => {
    const h = new HistoryBuilder()
      .write('c0', 'k', 'a1', [0, 10])
      .write('c0', 'k', 'x', [20, 25], 'info')
      .write('c0', 'k', 'a3', [30, 40])
      .read('c1', 'k', 'x', [50, 60])
      .read('c1', 'k', 'a3', [70, 80]);
    expect(kinds(h)).toEqual([]);
  });

  it('fails when a read misses a write acknowledged before it was invoked', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 10]).write('c0', 'k', 'a2', [20, 30]).read('c1', 'k', 'a1', [40, 50]);
    expect(kinds(h)).toEqual(['stale-read']);
  });

  it('fails when a read misses an acknowledged delete', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 10]).delete('c0', 'k', [20, 30]).read('c1', 'k', 'a1', [40, 50]);
    expect(kinds(h)).toEqual(['stale-read']);
  });

  it('fails when a read returns an older version than an earlier completed read', () => {
    const h = new HistoryBuilder()
      .write('c0', 'k', 'a1', [0, 10])
      .write('c0', 'k', 'a2', [20, 'never'])
      .read('c1', 'k', 'a2', [30, 40])
      .read('c2', 'k', 'a1', [50, 60]);
    const anomalies = checkMonotonicReads(h.ops);
    expect(anomalies.map((a) => a.kind)).toEqual(['read-went-backwards']);
    expect(anomalies[0]!.operations.map((o) => o.value)).toEqual(['a2', 'a1']);
  });

  it('fails when an item comes back after an earlier read saw it deleted', () => {
    const h = new HistoryBuilder()
      .write('c0', 'k', 'a1', [0, 10])
      .delete('c0', 'k', [20, 'never'])
      .read('c1', 'k', null, [30, 40])
      .read('c2', 'k', 'a1', [50, 60]);
    expect(kinds(h)).toEqual(['read-went-backwards']);
  });

  it('fails on a value nobody wrote, or wrote only after the read completed', () => {
    const h = new HistoryBuilder().read('c1', 'k', 'ghost', [0, 5]).read('c1', 'k', 'early', [10, 15]).write('c0', 'k', 'early', [20, 30]);
    expect(kinds(h)).toEqual(['unexpected-value', 'unexpected-value']);
  });
});
