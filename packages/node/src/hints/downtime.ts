/**
 * How long each peer has been down, for max_hint_window_in_ms: counted from the moment the
 * failure detector convicted it, or from when this node first noticed it down (a peer that
 * was already down when this node started). A peer seen alive again starts afresh.
 */
export class Downtime {
  private readonly downSinceMs = new Map<string, number>();

  constructor(
    private readonly isAlive: (endpoint: string) => boolean,
    private readonly nowMs: () => number,
  ) {}

  markDown(endpoint: string): void {
    if (!this.downSinceMs.has(endpoint)) this.downSinceMs.set(endpoint, this.nowMs());
  }

  markUp(endpoint: string): void {
    this.downSinceMs.delete(endpoint);
  }

  /** 0 for a live peer. */
  downForMs(endpoint: string): number {
    if (this.isAlive(endpoint)) return 0;
    this.markDown(endpoint);
    return this.nowMs() - this.downSinceMs.get(endpoint)!;
  }
}
