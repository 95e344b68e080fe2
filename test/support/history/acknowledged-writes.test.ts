import { describe, expect, it } from 'vitest';
import { checkAcknowledgedWrites } from './acknowledged-writes.js';
import { HistoryBuilder } from './history-builder.js';

const FINAL = 1_000;
const kinds = (h: HistoryBuilder) => checkAcknowledgedWrites(h.ops, { finalFrom: FINAL }).map((a) => a.kind);

describe('checkAcknowledgedWrites', () => {
  it('passes when the final read returns the last acknowledged write', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 10]).write('c1', 'k', 'a2', [20, 30]).read('final', 'k', 'a2', [FINAL, FINAL + 5]);
    expect(kinds(h)).toEqual([]);
  });

  it('passes when an acknowledged delete explains the absence', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 10]).delete('c1', 'k', [20, 30]).read('final', 'k', null, [FINAL, FINAL + 5]);
    expect(kinds(h)).toEqual([]);
  });

  it('passes when an unknown-outcome write invoked earlier wins, since it may be stamped after the acknowledged one', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'x', [0, 'never']).write('c1', 'k', 'a1', [20, 30]).read('final', 'k', 'x', [FINAL, FINAL + 5]);
    expect(kinds(h)).toEqual([]);
  });

  it('passes when a failed write invoked after the acknowledged one landed anyway', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 10]).write('c1', 'k', 'f', [20, 30], 'fail').read('final', 'k', 'f', [FINAL, FINAL + 5]);
    expect(kinds(h)).toEqual([]);
  });

  it('passes when concurrent acknowledged writes resolve either way', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 30]).write('c1', 'k', 'a2', [10, 20]).read('final', 'k', 'a1', [FINAL, FINAL + 5]);
    expect(kinds(h)).toEqual([]);
  });

  it('passes when writes of unknown outcome are absent', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 10]).write('c1', 'k', 'x', [20, 30], 'info').read('final', 'k', 'a1', [FINAL, FINAL + 5]);
    expect(kinds(h)).toEqual([]);
  });

  it('fails when the final read returns an older acknowledged write', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 10]).write('c1', 'k', 'a2', [20, 30]).read('final', 'k', 'a1', [FINAL, FINAL + 5]);
    const anomalies = checkAcknowledgedWrites(h.ops, { finalFrom: FINAL });
    expect(anomalies.map((a) => a.kind)).toEqual(['lost-write']);
    expect(anomalies[0]!.message).toContain('write a2');
  });

  it('fails when an acknowledged write is absent and no delete explains it', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 10]).read('final', 'k', null, [FINAL, FINAL + 5]);
    expect(kinds(h)).toEqual(['lost-write']);
  });

  it('fails when a failed write that completed before the acknowledged one was invoked shadows it', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'f', [0, 10], 'fail').write('c1', 'k', 'a1', [20, 30]).read('final', 'k', 'f', [FINAL, FINAL + 5]);
    expect(kinds(h)).toEqual(['lost-write']);
  });

  it('fails when any one of the final reads through the nodes misses the write', () => {
    const h = new HistoryBuilder()
      .write('c0', 'k', 'a1', [0, 10])
      .write('c0', 'k', 'a2', [20, 30])
      .read('final-n1', 'k', 'a2', [FINAL, FINAL + 5])
      .read('final-n2', 'k', 'a1', [FINAL + 10, FINAL + 15]);
    expect(kinds(h)).toEqual(['lost-write']);
  });

  it('fails when a key with acknowledged writes is never read back', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 10]).read('c0', 'k', 'a1', [20, 30]);
    expect(kinds(h)).toEqual(['unread-key']);
  });

  it('does not order writes closer together than the clock slack', () => {
    const h = new HistoryBuilder().write('c0', 'k', 'a1', [0, 10]).write('c1', 'k', 'a2', [11, 20]).read('final', 'k', 'a1', [FINAL, FINAL + 5]);
    expect(kinds(h)).toEqual([]);
    expect(checkAcknowledgedWrites(h.ops, { finalFrom: FINAL, slackMs: 0 }).map((a) => a.kind)).toEqual(['lost-write']);
  });
});
