import type { Clock, Random, TimerHandle, Timers } from '@dynaring/core';
import type { Ack2Message, AckMessage, Gossiper, GossipTransport, SynMessage } from '@dynaring/cluster';

export { SeededRandom } from '../../../../test/support/seeded-random.js';

interface Scheduled {
  id: number;
  dueMs: number;
  everyMs: number | undefined;
  callback: () => void;
}

/** Simulated time: one clock and timer queue shared by every node of a test. */
export class SimScheduler implements Clock, Timers {
  private now = 1_700_000_000_000;
  private nextId = 0;
  private readonly queue = new Map<number, Scheduled>();

  nowMs(): number {
    return this.now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    return this.add(callback, delayMs, undefined);
  }

  setInterval(callback: () => void, intervalMs: number): TimerHandle {
    return this.add(callback, intervalMs, intervalMs);
  }

  /** Runs every timer due within `ms`, in time order, letting promise chains settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      let next: Scheduled | undefined;
      for (const s of this.queue.values()) if (s.dueMs <= end && (next === undefined || s.dueMs < next.dueMs)) next = s;
      if (next === undefined) break;
      this.now = next.dueMs;
      if (next.everyMs === undefined) this.queue.delete(next.id);
      else next.dueMs += next.everyMs;
      next.callback();
      await settle();
    }
    this.now = end;
    await settle();
  }

  /** Advances in steps until `condition` holds; returns the simulated time it took, or throws. */
  async until(condition: () => boolean, limitMs: number, stepMs = 10): Promise<number> {
    const start = this.now;
    while (!condition()) {
      if (this.now - start >= limitMs) throw new Error(`condition not met within ${limitMs} ms`);
      await this.advance(stepMs);
    }
    return this.now - start;
  }

  private add(callback: () => void, delayMs: number, everyMs: number | undefined): TimerHandle {
    const id = this.nextId++;
    this.queue.set(id, { id, dueMs: this.now + delayMs, everyMs, callback });
    return { cancel: () => this.queue.delete(id) };
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** An in-memory network of gossipers with kills and partitions; messages arrive as microtasks. */
export class SimNetwork {
  private readonly nodes = new Map<string, Gossiper>();
  private readonly down = new Set<string>();
  private readonly cut = new Set<string>();
  messagesSent = 0;

  register(gossiper: Gossiper): void {
    this.nodes.set(gossiper.self, gossiper);
    this.down.delete(gossiper.self);
  }

  /** The node's process is gone: nothing reaches it and it sends nothing. */
  kill(endpoint: string): void {
    this.down.add(endpoint);
    this.nodes.get(endpoint)?.stop();
  }

  partition(a: string, b: string): void {
    this.cut.add(linkKey(a, b));
  }

  heal(a: string, b: string): void {
    this.cut.delete(linkKey(a, b));
  }

  transportFor(from: string): GossipTransport {
    return {
      syn: async (to: string, message: SynMessage): Promise<AckMessage> => {
        const target = this.reach(from, to);
        await Promise.resolve();
        return structuredClone(target.handleSyn(structuredClone(message)));
      },
      ack2: async (to: string, message: Ack2Message): Promise<void> => {
        const target = this.reach(from, to);
        await Promise.resolve();
        target.handleAck2(structuredClone(message));
      },
    };
  }

  private reach(from: string, to: string): Gossiper {
    this.messagesSent++;
    const target = this.nodes.get(to);
    if (target === undefined || this.down.has(to) || this.down.has(from) || this.cut.has(linkKey(from, to))) {
      throw new Error(`${to} unreachable from ${from}`);
    }
    return target;
  }
}

function linkKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
