/** A scheduled callback that can be cancelled. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Timers, injected so cluster logic can run under a simulated clock in tests. Only the node
 * package builds the real ones (`systemTimers`).
 */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  setInterval(callback: () => void, intervalMs: number): TimerHandle;
}

export const systemTimers: Timers = {
  setTimeout(callback, delayMs) {
    const t = setTimeout(callback, delayMs);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
  setInterval(callback, intervalMs) {
    const t = setInterval(callback, intervalMs);
    t.unref?.();
    return { cancel: () => clearInterval(t) };
  },
};

/** Randomness, injected for deterministic tests: `next()` is uniform in [0, 1). */
export interface Random {
  next(): number;
}

export const systemRandom: Random = { next: () => Math.random() };
