import { describe, expect, it } from 'vitest';
import { FailureDetector } from '@dynaring/cluster';

/** Heartbeats every `intervalMs` until `stopMs`, interpreting every interval; returns the silence before conviction. */
function timeToConvict(detector: FailureDetector, intervalMs: number, stopMs: number): number {
  for (let t = 0; t <= stopMs; t += intervalMs) {
    detector.report('x', t);
    expect(detector.interpret('x', t)).toBe(false);
  }
  for (let t = stopMs + intervalMs; t < stopMs + 1000 * intervalMs; t += intervalMs) {
    if (detector.interpret('x', t)) return t - stopMs;
  }
  throw new Error('never convicted');
}

describe('FailureDetector', () => {
  it('convicts a silent node after about 18 intervals at a 1 s gossip interval', () => {
    const silenceMs = timeToConvict(new FailureDetector({ intervalMs: 1000 }), 1000, 100_000);
    // 8 * ln(10) = 18.42 mean intervals; the 2 s seed sample nudges the mean to 1.01 s.
    expect(silenceMs).toBe(19_000);
  });

  it('convicts within about 2 s at a 100 ms gossip interval', () => {
    const silenceMs = timeToConvict(new FailureDetector({ intervalMs: 100 }), 100, 30_000);
    expect(silenceMs).toBeGreaterThanOrEqual(1800);
    expect(silenceMs).toBeLessThanOrEqual(2000);
  });

  it('computes phi as 0.434 t / mean, starting from a 2 x interval seed sample', () => {
    const detector = new FailureDetector({ intervalMs: 1000 });
    detector.report('x', 0);
    expect(detector.meanIntervalMs('x')).toBe(2000);
    expect(detector.phi('x', 2000)).toBeCloseTo(1 / Math.LN10, 9);
    expect(detector.phi('unknown', 5000)).toBe(0);
  });

  it('ignores intervals longer than the max, so a long partition does not slow detection', () => {
    const detector = new FailureDetector({ intervalMs: 1000 });
    detector.report('x', 0);
    detector.report('x', 1000);
    detector.report('x', 60_000);
    expect(detector.meanIntervalMs('x')).toBe(1500);
    expect(detector.lastArrivalMs('x')).toBe(60_000);
  });

  it('keeps a bounded window of samples', () => {
    const detector = new FailureDetector({ intervalMs: 1000, windowSize: 3 });
    for (let t = 0; t <= 5 * 500; t += 500) detector.report('x', t);
    expect(detector.meanIntervalMs('x')).toBe(500);
  });

  it('convicts nobody right after the detector itself was paused', () => {
    const detector = new FailureDetector({ intervalMs: 1000 });
    for (let t = 0; t <= 10_000; t += 1000) {
      detector.report('x', t);
      detector.interpret('x', t);
    }
    // We were frozen for 30 s: everyone looks silent, but that is our fault.
    expect(detector.interpret('x', 40_000)).toBe(false);
    expect(detector.isAlive('x', 44_000)).toBe(true);
    expect(detector.interpret('x', 44_000)).toBe(false);
    expect(detector.interpret('x', 45_000)).toBe(true);
    expect(detector.isAlive('x', 45_000)).toBe(false);
  });

  it('forgets a removed endpoint', () => {
    const detector = new FailureDetector();
    detector.report('x', 0);
    detector.remove('x');
    expect(detector.endpoints()).toEqual([]);
    expect(detector.interpret('x', 100_000)).toBe(false);
  });
});
