import { describe, expect, it } from 'vitest';
import { checkDeletedItems } from './deleted-items.js';
import { HistoryBuilder } from './history-builder.js';

const FINAL = 1_000;
const kinds = (h: HistoryBuilder) => checkDeletedItems(h.ops, { finalFrom: FINAL }).map((a) => a.kind);

describe('checkDeletedItems', () => {
  it('passes when a deleted item stays absent', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 10]).delete('c1', 'k', [20, 30]).read('final', 'k', null, [FINAL, FINAL + 5]);
    expect(kinds(h)).toEqual([]);
  });

  it('passes when a write invoked after the delete brings the item back', () => {
    const h = new HistoryBuilder().delete('c1', 'k', [20, 30]).write('c0', 'k', 'a2', [40, 50], 'info').read('final', 'k', 'a2', [FINAL, FINAL + 5]);
    expect(kinds(h)).toEqual([]);
  });

  it('passes when a write of unknown outcome was still in flight during the delete', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'x', [15, 'never']).delete('c1', 'k', [20, 30]).read('final', 'k', 'x', [FINAL, FINAL + 5]);
    expect(kinds(h)).toEqual([]);
  });

  it('fails when an item written and acknowledged before the delete reappears', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 10]).delete('c1', 'k', [20, 30]).read('final', 'k', 'a1', [FINAL, FINAL + 5]);
    const anomalies = checkDeletedItems(h.ops, { finalFrom: FINAL });
    expect(anomalies.map((a) => a.kind)).toEqual(['resurrected']);
    expect(anomalies[0]!.operations.map((o) => o.f)).toEqual(['delete', 'write', 'read']);
  });

  it('fails when a failed write that finished before the delete reappears', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'f', [0, 10], 'fail').delete('c1', 'k', [20, 30]).read('final', 'k', 'f', [FINAL, FINAL + 5]);
    expect(kinds(h)).toEqual(['resurrected']);
  });

  it('ignores reads made before healing', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 10]).delete('c1', 'k', [20, 30]).read('c2', 'k', 'a1', [40, 50]);
    expect(kinds(h)).toEqual([]);
  });
});
