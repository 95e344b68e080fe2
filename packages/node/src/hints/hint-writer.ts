import type { Mutation } from '@dynaring/core';
import type { HintSink } from '@dynaring/coordinator';
import type { HintStore } from '@dynaring/storage';

export interface HintWriterDeps {
  store: Pick<HintStore, 'append'>;
  /** The host id gossip knows for an endpoint. */
  hostIdOf: (endpoint: string) => string | undefined;
  /** How long the endpoint has been down (0 when alive). */
  downForMs: (endpoint: string) => number;
  maxHintWindowMs: number;
  nowMs: () => number;
  onError: (err: unknown, endpoint: string) => void;
}

/**
 * The node's HintSink: keeps a hint in the local hint store keyed by the target's host id
 * (an endpoint may change hands, a host id does not), unless the target has been down past
 * the hint window, after which only repair restores what it missed.
 */
export class HintWriter implements HintSink {
  /** Hints not kept because the target was down past the window, or had no host id. */
  skipped = 0;

  constructor(private readonly deps: HintWriterDeps) {}

  store(targetEndpoint: string, mutation: Mutation): void {
    const { deps } = this;
    const hostId = deps.hostIdOf(targetEndpoint);
    if (hostId === undefined || deps.downForMs(targetEndpoint) > deps.maxHintWindowMs) {
      this.skipped++;
      return;
    }
    deps.store.append(hostId, deps.nowMs(), mutation).catch((err: unknown) => deps.onError(err, targetEndpoint));
  }
}
