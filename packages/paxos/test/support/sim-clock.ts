import type { Clock, TimerHandle, Timers } from '@dynaring/core';

interface Scheduled {
  atMs: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

/**
 * Virtual time for simulations: a Clock and Timers whose callbacks run only when `run` pops
 * them, in time order (ties in scheduling order). Between two events every promise chain the
 * previous one started is allowed to settle, so async code behaves as if time stood still.
 */
export class SimClock implements Clock, Timers {
  private now = 0;
  private seq = 0;
  private readonly queue: Scheduled[] = [];

  nowMs(): number {
    return this.now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const item: Scheduled = { atMs: this.now + Math.max(0, delayMs), seq: this.seq++, run: callback, cancelled: false };
    this.insert(item);
    return { cancel: () => void (item.cancelled = true) };
  }

  setInterval(callback: () => void, intervalMs: number): TimerHandle {
    let handle: TimerHandle;
    let cancelled = false;
    const tick = () => {
      if (cancelled) return;
      handle = this.setTimeout(tick, intervalMs);
      callback();
    };
    handle = this.setTimeout(tick, intervalMs);
    return {
      cancel: () => {
        cancelled = true;
        handle.cancel();
      },
    };
  }

  /** Runs events until `done` settles; fails if nothing is left to run before that. */
  async run<T>(done: Promise<T>, maxMs = 10 * 60_000): Promise<T> {
    let settled = false;
    const result = done.finally(() => (settled = true));
    result.catch(() => undefined);
    await settle();
    while (!settled) {
      const item = this.queue.shift();
      if (!item) throw new Error(`simulation stalled at ${this.now} ms with nothing scheduled`);
      if (item.cancelled) continue;
      if (item.atMs > maxMs) throw new Error(`simulation ran past ${maxMs} ms`);
      this.now = item.atMs;
      item.run();
      await settle();
    }
    return result;
  }

  private insert(item: Scheduled): void {
    // Binary search for the first later event: stable for equal times.
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.queue[mid]!;
      if (other.atMs < item.atMs || (other.atMs === item.atMs && other.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, item);
  }
}

/** Lets every pending promise chain run: a macrotask comes after all queued microtasks. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
