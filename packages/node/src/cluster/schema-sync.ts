import type { Logger } from 'pino';
import type { TableMeta } from '@dynaring/core';
import type { DroppedTable, SchemaSnapshot, TableCatalog } from '@dynaring/coordinator';
import type { SchemaResponse } from '@dynaring/wire';
import type { Membership } from './membership.js';

export function encodeSchema(snapshot: SchemaSnapshot): SchemaResponse {
  return { tablesJson: snapshot.tables.map((t) => JSON.stringify(t)), droppedJson: snapshot.dropped.map((d) => JSON.stringify(d)) };
}

export function decodeSchema(response: SchemaResponse): SchemaSnapshot {
  return {
    tables: response.tablesJson.map((t) => JSON.parse(t) as TableMeta),
    dropped: response.droppedJson.map((d) => JSON.parse(d) as DroppedTable),
  };
}

/**
 * Keeps every node's table catalog converged: the catalog's version is gossiped as SCHEMA;
 * a node that sees a peer with another version pulls that peer's schema and merges it. After
 * a local change, live peers are asked to pull at once rather than on their next gossip round.
 */
export class SchemaSync {
  private readonly pulling = new Set<string>();

  constructor(
    private readonly catalog: TableCatalog,
    private readonly membership: Membership,
    private readonly pull: (endpoint: string) => Promise<SchemaResponse>,
    private readonly push: (endpoint: string, schema: SchemaResponse) => Promise<void>,
    private readonly log: Logger,
  ) {}

  start(): void {
    const gossiper = this.membership.gossiper;
    gossiper.setApplicationState('SCHEMA', this.catalog.version());
    this.catalog.onChange(() => gossiper.setApplicationState('SCHEMA', this.catalog.version()));
    gossiper.on('change', (endpoint, key, value) => {
      if (key === 'SCHEMA' && endpoint !== gossiper.self) this.reconcile(endpoint, value);
    });
    const check = (endpoint: string) => {
      const version = gossiper.states().get(endpoint)?.appStates.SCHEMA?.value;
      if (version) this.reconcile(endpoint, version);
    };
    gossiper.on('alive', check);
    gossiper.on('join', check);
  }

  /** Pulls from every live peer whose schema differs; resolves when all have answered. */
  async syncWithPeers(): Promise<void> {
    const gossiper = this.membership.gossiper;
    await Promise.all(
      gossiper.liveEndpoints().map(async (endpoint) => {
        const version = gossiper.states().get(endpoint)?.appStates.SCHEMA?.value;
        if (version && version !== this.catalog.version()) await this.pullFrom(endpoint);
      }),
    );
  }

  /** Offers this node's schema to every live peer (after CreateTable, DeleteTable, UpdateTable). */
  async pushToPeers(): Promise<void> {
    const schema = encodeSchema(this.catalog.snapshot());
    await Promise.all(
      this.membership.gossiper.liveEndpoints().map((endpoint) =>
        this.push(endpoint, schema).catch((err: unknown) => this.log.debug({ err, endpoint }, 'schema push failed')),
      ),
    );
  }

  /** Merges a schema another node pushed to us. */
  async receive(schema: SchemaResponse): Promise<void> {
    await this.catalog.merge(decodeSchema(schema));
  }

  private reconcile(endpoint: string, version: string): void {
    if (version === this.catalog.version() || this.pulling.has(endpoint)) return;
    void this.pullFrom(endpoint);
  }

  private async pullFrom(endpoint: string): Promise<void> {
    if (this.pulling.has(endpoint)) return;
    this.pulling.add(endpoint);
    try {
      await this.catalog.merge(decodeSchema(await this.pull(endpoint)));
    } catch (err) {
      this.log.debug({ err, endpoint }, 'schema pull failed');
    } finally {
      this.pulling.delete(endpoint);
    }
  }
}
