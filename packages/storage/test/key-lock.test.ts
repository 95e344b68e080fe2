import { describe, expect, it } from 'vitest';
import { KeyLock } from '../src/key-lock.js';

describe('KeyLock', () => {
  it('hands the lock to waiters in arrival order and forgets idle keys', async () => {
    const lock = new KeyLock();
    const order: number[] = [];
    const task = async (n: number) => {
      if (!lock.tryAcquire('k')) await lock.wait('k');
      order.push(n);
      await new Promise((resolve) => setTimeout(resolve, 3 - n));
      order.push(n);
      lock.release('k');
    };
    await Promise.all([task(0), task(1), task(2)]);
    expect(order).toEqual([0, 0, 1, 1, 2, 2]);
    expect(lock.size).toBe(0);
  });

  it('does not make different keys wait for each other', () => {
    const lock = new KeyLock();
    expect(lock.tryAcquire('a')).toBe(true);
    expect(lock.tryAcquire('b')).toBe(true);
    expect(lock.tryAcquire('a')).toBe(false);
  });
});
