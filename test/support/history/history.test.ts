import { describe, expect, it } from 'vitest';
import { History, parseJsonl } from './history.js';
import { pairOperations } from './op.js';
import { summarizeOperations } from './summary.js';

describe('History', () => {
  it('records an invoke and its completion, and pairs them per process', async () => {
    const h = new History();
    await h.run('c0', 'write', 'k', 'v1', 1, async () => ({ type: 'ok' }));
    await h.run('c0', 'read', 'k', null, 2, async () => ({ type: 'ok', value: 'v1' }));
    await h.run('c1', 'delete', 'k', null, 0, async () => ({ type: 'info', error: 'TimeoutError' }));
    expect(h.ops.map((o) => `${o.process} ${o.type} ${o.f} ${o.value}`)).toEqual([
      'c0 invoke write v1',
      'c0 ok write v1',
      'c0 invoke read null',
      'c0 ok read v1',
      'c1 invoke delete null',
      'c1 info delete null',
    ]);
    const ops = pairOperations(h.ops);
    expect(ops.map((o) => [o.f, o.outcome, o.value, o.node])).toEqual([
      ['write', 'ok', 'v1', 1],
      ['read', 'ok', 'v1', 2],
      ['delete', 'info', null, 0],
    ]);
    expect(ops.every((o) => o.completeTime >= o.invokeTime)).toBe(true);
    expect(ops[2]!.error).toBe('TimeoutError');
  });

  it('round-trips through JSONL', async () => {
    const h = new History();
    await h.run('c0', 'write', 'k', 'v1', 0, async () => ({ type: 'fail', error: 'ECONNREFUSED' }));
    expect(parseJsonl(h.toJsonl())).toEqual(h.ops);
  });

  it('treats an invoke that never completed as unknown, and summarizes outcomes', () => {
    const ops = parseJsonl('{"process":"c0","type":"invoke","f":"write","key":"k","value":"v","time":1}\n');
    expect(pairOperations(ops)[0]).toMatchObject({ outcome: 'info', completeTime: Infinity });
    expect(summarizeOperations(ops)).toBe('write 1 (ok 0, fail 0, info 1)');
  });
});
