import { Gossiper, type GossiperOptions } from '@dynaring/cluster';
import { SeededRandom, SimNetwork, SimScheduler } from './sim.js';

export const A = '127.0.0.1:7000';
export const B = '127.0.0.2:7000';
export const C = '127.0.0.3:7000';

/** Several gossipers on one simulated network and clock; A is the seed. */
export class SimCluster {
  readonly scheduler = new SimScheduler();
  readonly network = new SimNetwork();
  readonly nodes = new Map<string, Gossiper>();
  private seed = 1;

  constructor(private readonly defaults: Partial<GossiperOptions> = {}) {}

  start(
    endpoint: string,
    generation = 1000,
    states: Record<string, string> = { STATUS: 'NORMAL' },
    options: Partial<GossiperOptions> = {},
  ): Gossiper {
    const gossiper = new Gossiper({
      self: endpoint,
      seeds: [A],
      generation,
      clusterName: 'test-cluster',
      transport: this.network.transportFor(endpoint),
      clock: this.scheduler,
      timers: this.scheduler,
      random: new SeededRandom(this.seed++),
      ...this.defaults,
      ...options,
    });
    this.network.register(gossiper);
    this.nodes.set(endpoint, gossiper);
    gossiper.start(states);
    return gossiper;
  }

  node(endpoint: string): Gossiper {
    return this.nodes.get(endpoint)!;
  }

  /** True when every running node sees every running node alive with the same state. */
  converged(): boolean {
    const running = [...this.nodes.values()].filter((g) => g.running);
    const selves = running.map((g) => g.self).sort();
    return running.every(
      (g) =>
        JSON.stringify(g.liveEndpoints()) === JSON.stringify(selves) &&
        running.every((other) => JSON.stringify(g.states().get(other.self)?.appStates) === JSON.stringify(other.states().get(other.self)!.appStates)),
    );
  }
}
