/** Wall-clock time, injected so tests and simulations can control it. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/**
 * Write timestamps in microseconds, strictly increasing on this node even when the wall
 * clock stalls or steps back, so two writes through one coordinator never tie.
 * `offsetMicros` lets tests skew a node's clock.
 */
export class TimestampSource {
  private lastMicros = 0;
  constructor(
    private readonly clock: Clock,
    public offsetMicros = 0,
  ) {}

  nowMicros(): number {
    const wall = this.clock.nowMs() * 1000 + this.offsetMicros;
    this.lastMicros = wall > this.lastMicros ? wall : this.lastMicros + 1;
    return this.lastMicros;
  }
}
