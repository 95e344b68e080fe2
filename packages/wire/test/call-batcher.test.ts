import { describe, expect, it } from 'vitest';
import { CallBatcher } from '../src/call-batcher.js';

describe('CallBatcher', () => {
  it('sends the calls of one event-loop turn as one batch and settles each entry', async () => {
    const batches: number[][] = [];
    const batcher = new CallBatcher<number, number>(async (requests) => {
      batches.push(requests);
      return requests.map((r) => (r % 2 === 0 ? { ok: true, value: r * 10 } : { ok: false, error: new Error(`odd ${r}`) }));
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => batcher.call(n)));
    expect(batches).toEqual([[1, 2, 3, 4]]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['odd 1', 20, 'odd 3', 40]);
  });

  it('splits at the batch size and fails every entry of a batch whose call failed', async () => {
    const sizes: number[] = [];
    const batcher = new CallBatcher<number, number>(async (requests) => {
      sizes.push(requests.length);
      throw new Error('peer down');
    }, 3);
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => batcher.call(n)));
    expect(sizes).toEqual([3, 2]);
    expect(results.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'peer down')).toBe(true);
  });
});
