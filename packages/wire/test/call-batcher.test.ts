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
    }, { maxBatch: 3 });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => batcher.call(n)));
    expect(sizes).toEqual([3, 2]);
    expect(results.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'peer down')).toBe(true);
  });
});

describe('CallBatcher holding calls while a batch is in flight', () => {
  /** A send whose answers the test releases one batch at a time. */
  function controlledSend() {
    const batches: number[][] = [];
    const answers: Array<() => void> = [];
    const send = (requests: number[]) =>
      new Promise<{ ok: true; value: number }[]>((resolve) => {
        batches.push(requests);
        answers.push(() => resolve(requests.map((r) => ({ ok: true as const, value: r }))));
      });
    return { batches, answers, send };
  }
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('sends the calls made meanwhile as one batch when the answer comes', async () => {
    const { batches, answers, send } = controlledSend();
    const batcher = new CallBatcher<number, number>(send, { holdWhileInFlightMs: 1000 });
    const first = batcher.call(1);
    await turn();
    const later = [2, 3, 4].map(async (n) => {
      await new Promise((resolve) => setTimeout(resolve, n));
      return batcher.call(n);
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(batches).toEqual([[1]]);
    answers[0]!();
    expect(await first).toBe(1);
    await turn();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    answers[1]!();
    expect(await Promise.all(later)).toEqual([2, 3, 4]);
  });

  it('releases the held calls after the hold when the batch in flight stays unanswered', async () => {
    const { batches, send } = controlledSend();
    const batcher = new CallBatcher<number, number>(send, { holdWhileInFlightMs: 20 });
    void batcher.call(1);
    await turn();
    void batcher.call(2);
    await turn();
    expect(batches).toEqual([[1]]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(batches).toEqual([[1], [2]]);
  });
});

describe('CallBatcher spacing batches by round trips', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** A send answering every batch after `answerMs`, recording when each batch left. */
  function timedSend(answerMs: number) {
    const sent: Array<{ at: number; requests: number[] }> = [];
    const send = async (requests: number[]) => {
      sent.push({ at: performance.now(), requests });
      await sleep(answerMs);
      return requests.map((r) => ({ ok: true as const, value: r }));
    };
    return { sent, send };
  }

  it('under load, a batch leaves `spacing` round trips after the previous one and gathers the calls made meanwhile', async () => {
    const { sent, send } = timedSend(20);
    const batcher = new CallBatcher<number, number>(send, { holdWhileInFlightMs: 1000, spacing: 2 });
    await batcher.call(1); // one round trip of ~20 ms measured
    const second = batcher.call(2);
    await sleep(8);
    const third = batcher.call(3);
    expect(await Promise.all([second, third])).toEqual([2, 3]);
    expect(sent.map((s) => s.requests)).toEqual([[1], [2, 3]]);
    expect(sent[1]!.at - sent[0]!.at).toBeGreaterThanOrEqual(2 * 20 - 2);
  });

  it('without spacing the next batch leaves as soon as the previous one is answered', async () => {
    const { sent, send } = timedSend(20);
    const batcher = new CallBatcher<number, number>(send, { holdWhileInFlightMs: 1000 });
    await batcher.call(1);
    const second = batcher.call(2);
    await sleep(8);
    const third = batcher.call(3);
    await Promise.all([second, third]);
    expect(sent.map((s) => s.requests)).toEqual([[1], [2], [3]]);
  });

  it('at low load, a call made longer than the spacing after the last batch leaves at once', async () => {
    const { sent, send } = timedSend(10);
    const batcher = new CallBatcher<number, number>(send, { holdWhileInFlightMs: 1000, spacing: 2 });
    await batcher.call(1);
    await sleep(40);
    const calledAt = performance.now();
    await batcher.call(2);
    expect(sent[1]!.at - calledAt).toBeLessThan(10);
  });

  it('spaces batches by at most the hold', async () => {
    const { sent, send } = timedSend(10);
    // 10 round trips of ~10 ms would be 100 ms; the hold caps the spacing at 25.
    const batcher = new CallBatcher<number, number>(send, { holdWhileInFlightMs: 25, spacing: 10 });
    await batcher.call(1);
    await batcher.call(2);
    const gap = sent[1]!.at - sent[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(23);
    expect(gap).toBeLessThan(60);
  });
});
