/** Cassandra's PHI_FACTOR: keeps the old threshold of 8 meaning what it used to. */
const PHI_FACTOR = 1 / Math.LN10;

export interface FailureDetectorOptions {
  /** The gossip interval; the first sample of every window is twice this. Default 1000. */
  intervalMs?: number;
  /** Convict when phi exceeds this (Cassandra's phi_convict_threshold). Default 8. */
  phiConvictThreshold?: number;
  /** Longer inter-arrival intervals are ignored (fd_max_interval_ms). Default 2 x intervalMs. */
  maxIntervalMs?: number;
  /** Samples kept per endpoint. Default 1000. */
  windowSize?: number;
  /** A gap this long between interprets means we were paused ourselves. Default 5000. */
  maxLocalPauseMs?: number;
}

/** Inter-arrival intervals of one endpoint's heartbeats, as a ring buffer with a running sum. */
class ArrivalWindow {
  private readonly samples: number[] = [];
  private next = 0;
  private sum = 0;
  /** Arrival time of the last heartbeat. */
  lastMs: number;

  constructor(
    nowMs: number,
    initialIntervalMs: number,
    private readonly size: number,
  ) {
    this.lastMs = nowMs;
    this.add(initialIntervalMs);
  }

  add(intervalMs: number): void {
    if (this.samples.length < this.size) {
      this.samples.push(intervalMs);
    } else {
      this.sum -= this.samples[this.next]!;
      this.samples[this.next] = intervalMs;
      this.next = (this.next + 1) % this.size;
    }
    this.sum += intervalMs;
  }

  mean(): number {
    return this.sum / this.samples.length;
  }
}

/**
 * Cassandra's phi accrual failure detector. It models heartbeat inter-arrival times as
 * exponential, so phi = 0.434 * t / mean: conviction at threshold 8 means about 18.4 mean
 * intervals of silence. "Dead" is only this node's opinion; nothing here is gossiped.
 */
export class FailureDetector {
  readonly intervalMs: number;
  readonly phiConvictThreshold: number;
  readonly maxIntervalMs: number;
  private readonly windowSize: number;
  private readonly maxLocalPauseMs: number;
  private readonly windows = new Map<string, ArrivalWindow>();
  /** When interpret last ran (any endpoint); undefined before the first run. */
  private lastInterpretMs: number | undefined;
  /** When we last noticed that we ourselves had been paused. */
  private lastPauseMs = Number.NEGATIVE_INFINITY;

  constructor(options: FailureDetectorOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.phiConvictThreshold = options.phiConvictThreshold ?? 8;
    this.maxIntervalMs = options.maxIntervalMs ?? 2 * this.intervalMs;
    this.windowSize = options.windowSize ?? 1000;
    this.maxLocalPauseMs = options.maxLocalPauseMs ?? 5000;
  }

  /** A newer heartbeat of `endpoint` arrived. */
  report(endpoint: string, nowMs: number): void {
    const window = this.windows.get(endpoint);
    if (window === undefined) {
      // Seeded large so a new endpoint is given time before it can be convicted.
      this.windows.set(endpoint, new ArrivalWindow(nowMs, 2 * this.intervalMs, this.windowSize));
      return;
    }
    const interval = nowMs - window.lastMs;
    window.lastMs = nowMs;
    // A long silence (a partition, a restart) must not teach us to wait longer next time.
    if (interval <= this.maxIntervalMs) window.add(interval);
  }

  /** Suspicion of `endpoint` now; 0 for an endpoint never heard from. */
  phi(endpoint: string, nowMs: number): number {
    const window = this.windows.get(endpoint);
    if (window === undefined) return 0;
    return (PHI_FACTOR * Math.max(0, nowMs - window.lastMs)) / window.mean();
  }

  /**
   * The periodic check (once per gossip round per endpoint): true when `endpoint` should be
   * convicted. Convicts nobody right after this node was itself paused (a GC pause, a
   * suspended VM), since everyone would look silent.
   */
  interpret(endpoint: string, nowMs: number): boolean {
    this.tick(nowMs);
    if (nowMs - this.lastPauseMs < this.maxLocalPauseMs) return false;
    return this.phi(endpoint, nowMs) > this.phiConvictThreshold;
  }

  /** Records that the detector ran; call once per round even when there is nobody to check. */
  tick(nowMs: number): void {
    if (this.lastInterpretMs !== undefined && nowMs - this.lastInterpretMs > this.maxLocalPauseMs) {
      this.lastPauseMs = nowMs;
    }
    this.lastInterpretMs = Math.max(nowMs, this.lastInterpretMs ?? nowMs);
  }

  /** Read-only opinion: not convictable now. Unknown endpoints count as alive. */
  isAlive(endpoint: string, nowMs: number): boolean {
    if (nowMs - this.lastPauseMs < this.maxLocalPauseMs) return true;
    return this.phi(endpoint, nowMs) <= this.phiConvictThreshold;
  }

  /** Time of the last heartbeat heard from `endpoint`. */
  lastArrivalMs(endpoint: string): number | undefined {
    return this.windows.get(endpoint)?.lastMs;
  }

  /** Mean inter-arrival interval of `endpoint`, in ms. */
  meanIntervalMs(endpoint: string): number | undefined {
    return this.windows.get(endpoint)?.mean();
  }

  endpoints(): string[] {
    return [...this.windows.keys()];
  }

  remove(endpoint: string): void {
    this.windows.delete(endpoint);
  }
}
