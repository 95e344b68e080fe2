import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { StorageEngine } from '@dynaring/storage';
import { ReplicaService, replicaAcceptor } from '@dynaring/replica';
import { Coordinator, TableCatalog, type AcceptorApi, type ReplicaRef } from '@dynaring/coordinator';
import { createApiServer, resumeBackfills, type ApiContext } from '@dynaring/dynamo-api';
import { TimestampSource, systemClock, systemRandom, systemTimers, type TimerHandle } from '@dynaring/core';
import { GossipStatusValue, Gossiper, STATUS_EXPIRY_MS, formatTokens, isDepartedStatus, loadValue, randomTokens, tokenOf, type ClusterView } from '@dynaring/cluster';
import {
  ChannelPool,
  addAdminService,
  addGossipService,
  addReplicaService,
  createGrpcServer,
  startGrpcServer,
  stopGrpcServer,
  type GrpcServer,
} from '@dynaring/wire';
import type { NodeConfig } from './config.js';
import { adminHandlers, shownEndpoints } from './cluster/admin-service.js';
import { cleanupTables } from './cluster/cleanup.js';
import { loadIdentity, markBootstrapped, saveTokens, type NodeIdentity } from './cluster/identity.js';
import { localNodes } from './cluster/local-nodes.js';
import { Membership } from './cluster/membership.js';
import { moveRanges } from './cluster/range-movement.js';
import { removeDeadNode } from './cluster/remove-node.js';
import { repairTables } from './cluster/repair.js';
import { RingPlacement } from './cluster/ring-placement.js';
import { SchemaSync, encodeSchema } from './cluster/schema-sync.js';
import { hintedHandoff, type HintedHandoff } from './hints/hinted-handoff.js';
import { IndexCatalog } from './indexes/index-catalog.js';
import { IndexOutboxDeliverer } from './indexes/index-outbox-deliverer.js';
import { NodeMetrics } from './metrics/node-metrics.js';
import { withIndexTables } from './indexes/index-tables.js';
import { TombstoneSweeps } from './tombstone-sweeps.js';
import { clusterTableStats } from './stats/cluster-table-stats.js';
import { TableStatsKeeper } from './stats/table-stats-keeper.js';

const RELEASE_VERSION = '0.1.0';
/** How often this node publishes its data size (LOAD) through gossip. */
const LOAD_INTERVAL_MS = 5_000;
/** How long a joining node waits to hear from the cluster through its seeds. */
const JOIN_CONTACT_TIMEOUT_MS = 60_000;
/** The longest a restarting node waits for gossip to show it a live peer. */
const RESTART_SETTLE_MAX_MS = 10_000;
/** How often changed table counters are saved: what a crash may lose until they are recounted. */
const TABLE_STATS_PERSIST_MS = 5_000;
/** The rest between pages of a background recount of table counters. */
const TABLE_STATS_RECOUNT_PAGE_DELAY_MS = 10;

const sleep = (ms: number) => new Promise<void>((resolve) => systemTimers.setTimeout(resolve, ms));

/**
 * A running node: storage, replica, coordinator, gossip and the DynamoDB API wired together.
 * A node alone (seeds = itself) is a cluster of one.
 */
export class DynaringNode {
  private httpServer?: ReturnType<typeof createApiServer>;
  /** nodetool info's uptime and the uptime metric count from here. */
  private readonly startedAtMs = systemClock.nowMs();
  private loadTimer?: TimerHandle;
  private loadBytes = 0;
  private stopping = false;
  /** Set once this node left the ring: its shutdown must not be announced over LEFT. */
  private left = false;
  private handoff!: HintedHandoff;
  private sweeps?: TombstoneSweeps;
  private outboxDeliverer?: IndexOutboxDeliverer;
  private tableStats?: TableStatsKeeper;
  address = '';

  private constructor(
    private readonly config: NodeConfig,
    private readonly log: Logger,
    private readonly storage: StorageEngine,
    private readonly identity: NodeIdentity,
    private readonly grpc: GrpcServer,
    private readonly pool: ChannelPool,
    private readonly membership: Membership,
    private readonly catalog: TableCatalog,
    private readonly indexes: IndexCatalog,
    private readonly schemaSync: SchemaSync,
    private readonly replica: ReplicaService,
    private readonly acceptor: AcceptorApi,
    private readonly metrics: NodeMetrics,
  ) {}

  static async start(config: NodeConfig, log: Logger): Promise<DynaringNode> {
    const storage = await StorageEngine.open(config.dataDir);
    const identity = await loadIdentity(storage.local, systemClock.nowMs());
    const replica = new ReplicaService(storage);
    const acceptor = replicaAcceptor(storage);
    const catalog = new TableCatalog(storage.schema, storage.local);
    await catalog.load();
    const indexes = new IndexCatalog(catalog, {
      tokenOf,
      dropData: (storageId, what) => {
        storage.dropTable(storageId).catch((err: unknown) => log.error({ err, table: what }, 'dropping table data failed'));
      },
    });
    // Before anything is applied: a base write must derive its index pointers from the first one.
    storage.setIndexResolver(indexes);
    const self = `${config.listenAddress}:${config.storagePort}`;
    const metrics = new NodeMetrics();
    const pool = new ChannelPool({
      replica: { writeDeadlineMs: config.writeRequestTimeoutMs, readDeadlineMs: config.readRequestTimeoutMs, onRpc: metrics.onReplicaRpc },
      gossip: { deadlineMs: Math.max(1000, config.gossipIntervalMs * 5) },
    });
    const gossiper = new Gossiper({
      self,
      seeds: config.seeds,
      generation: identity.generation,
      clusterName: config.clusterName,
      transport: {
        syn: (to, message) => pool.gossip(to).syn(message),
        ack2: async (to, message) => {
          await pool.gossip(to).ack2(message);
        },
      },
      clock: systemClock,
      timers: systemTimers,
      random: systemRandom,
      intervalMs: config.gossipIntervalMs,
      phiConvictThreshold: config.phiConvictThreshold,
      onListenerError: (err) => log.error({ err }, 'gossip listener failed'),
    });
    const membership = new Membership(gossiper);
    gossiper.on('change', (endpoint, key, value) => {
      if (key !== 'STATUS' || endpoint === self || !isDepartedStatus(value)) return;
      // Keep the state long enough for it to spread, then forget the node (quarantined).
      systemTimers.setTimeout(() => {
        if (gossiper.states().get(endpoint)?.appStates.STATUS?.value === value) gossiper.removeEndpoint(endpoint);
      }, Math.max(config.ringDelayMs, 10 * config.gossipIntervalMs));
    });
    const gossipLog = log.child({ component: 'gossip' });
    gossiper.on('alive', (endpoint) => {
      gossipLog.info({ endpoint }, 'node is up');
      // A channel to a peer that was down may sit in reconnect backoff; start afresh.
      pool.closePeer(endpoint);
    });
    gossiper.on('dead', (endpoint) => gossipLog.info({ endpoint }, 'node is down'));
    const schemaSync = new SchemaSync(
      catalog,
      membership,
      (endpoint) => pool.gossip(endpoint).pullSchema({}),
      async (endpoint, schema) => {
        await pool.gossip(endpoint).pushSchema(schema);
      },
      log.child({ component: 'schema' }),
    );

    const grpc = createGrpcServer();
    const node = new DynaringNode(config, log, storage, identity, grpc, pool, membership, catalog, indexes, schemaSync, replica, acceptor, metrics);
    metrics.watch({
      loadBytes: () => node.loadBytes,
      uptimeSeconds: () => node.uptimeSeconds(),
      gossipNodes: () => {
        const shown = shownEndpoints(membership.view);
        const live = shown.filter((e) => membership.view.isAlive(e)).length;
        return { live, down: shown.length - live };
      },
      hintsPending: async () => (await storage.hints.stats()).reduce((sum, target) => sum + target.count, 0),
      indexOutboxEntries: () => storage.indexOutbox.size(),
    });
    node.handoff = hintedHandoff({
      enabled: config.hintedHandoffEnabled,
      maxHintWindowMs: config.maxHintWindowMs,
      store: storage.hints,
      membership,
      isLiveTable: (tableId) => indexes.isLive(tableId),
      replicaOf: (endpoint) => pool.replica(endpoint),
      log: log.child({ component: 'hints' }),
    });
    addReplicaService(grpc, replica, acceptor);
    addGossipService(grpc, {
      syn: async (request) => gossiper.handleSyn(request),
      ack2: async (request) => {
        gossiper.handleAck2(request);
        return {};
      },
      echo: async () => ({ generation: identity.generation }),
      pullSchema: async () => encodeSchema(catalog.snapshot()),
      pushSchema: async (request) => {
        await schemaSync.receive(request);
        return {};
      },
    });
    addAdminService(grpc, node.adminHandlers());
    await startGrpcServer(grpc, config.listenAddress, config.storagePort);
    await node.join();
    await node.serveApi();
    return node;
  }

  private get self(): string {
    return this.membership.self;
  }

  private get view(): ClusterView {
    return this.membership.view;
  }

  private replicaOf = (endpoint: string) => (endpoint === this.self ? this.replica : this.pool.replica(endpoint));

  private acceptorOf = (replica: ReplicaRef): AcceptorApi => (replica.local ? this.acceptor : this.pool.replica(replica.endpoint).acceptor);

  private baseStates(): Record<string, string> {
    return {
      HOST_ID: this.identity.hostId,
      DC: this.config.dc,
      RACK: this.config.rack,
      RPC_ADDRESS: this.config.listenAddress,
      RELEASE_VERSION: RELEASE_VERSION,
      SCHEMA: this.catalog.version(),
      LOAD: loadValue(0),
    };
  }

  /**
   * Joins the ring as Cassandra does: a node that already joined (or a seed) takes its
   * tokens at once; a new node learns the ring from its seeds, announces its tokens as
   * joining, waits for the cluster to see them, streams the ranges it gains, then turns NORMAL.
   */
  private async join(): Promise<void> {
    const gossiper = this.membership.gossiper;
    const isSeed = this.config.seeds.includes(this.self);
    const { identity } = this;
    if (identity.bootstrapped || isSeed) {
      if (identity.tokens.length === 0) {
        identity.tokens = randomTokens(this.config.numTokens, systemRandom);
        await saveTokens(this.storage.local, identity.tokens);
      }
      gossiper.start({ ...this.baseStates(), TOKENS: formatTokens(identity.tokens), STATUS: GossipStatusValue.normal(identity.tokens) });
      this.membership.rebuild();
      this.schemaSync.start();
      await markBootstrapped(this.storage.local, true);
      identity.bootstrapped = true;
      // A node restarting into an existing cluster waits (bounded) to see a peer alive, as
      // Cassandra waits for gossip to settle: quorum requests need live peers, and schema
      // changes made while it was down must be learnt before it serves.
      const others = this.config.seeds.filter((s) => s !== this.self);
      if (others.length > 0 || !isSeed) {
        if (await this.waitForPeers(Math.min(RESTART_SETTLE_MAX_MS, Math.max(this.config.ringDelayMs, 20 * this.config.gossipIntervalMs)))) {
          await this.schemaSync.syncWithPeers();
        }
      }
      return;
    }
    gossiper.start(this.baseStates());
    this.membership.rebuild();
    this.schemaSync.start();
    this.log.info({ seeds: this.config.seeds }, 'joining the cluster');
    if (!(await this.waitForPeers(JOIN_CONTACT_TIMEOUT_MS))) {
      throw new Error(`Unable to contact any seed (${this.config.seeds.join(', ')}) to join the cluster`);
    }
    await this.schemaSync.syncWithPeers();
    if (identity.tokens.length === 0) {
      identity.tokens = randomTokens(this.config.numTokens, systemRandom, new Set(this.view.normalRing.sortedTokens()));
      await saveTokens(this.storage.local, identity.tokens);
    }
    gossiper.setApplicationState('TOKENS', formatTokens(identity.tokens));
    gossiper.setApplicationState('STATUS', GossipStatusValue.bootstrapping(identity.tokens));
    this.membership.rebuild();
    this.log.info({ ringDelayMs: this.config.ringDelayMs }, 'announced tokens; waiting for the ring to settle');
    await sleep(this.config.ringDelayMs);
    await this.schemaSync.syncWithPeers();
    const current = this.view.normalRing;
    const rows = await moveRanges(current, current.with(this.self, identity.tokens), {
      tables: withIndexTables(this.catalog.all()),
      replicaOf: this.replicaOf,
      isAlive: (e) => this.membership.isAlive(e),
      progress: (message) => this.log.info(message),
    });
    gossiper.setApplicationState('STATUS', GossipStatusValue.normal(identity.tokens));
    this.membership.rebuild();
    await markBootstrapped(this.storage.local, true);
    identity.bootstrapped = true;
    this.log.info({ rows }, 'joined the ring');
  }

  /**
   * Waits until gossip knows some other node that owns tokens and every such node that is not
   * known to have shut down is seen alive (gossip has settled); false if none was seen alive
   * before the timeout, true if some were (even if not all).
   */
  private async waitForPeers(timeoutMs: number): Promise<boolean> {
    const deadline = systemClock.nowMs() + timeoutMs;
    for (;;) {
      const view = this.view;
      const owners = view.endpoints().filter((e) => e !== this.self && view.tokensOf(e).length > 0);
      const expected = owners.filter((e) => ['NORMAL', 'JOINING', 'LEAVING'].includes(view.statusOf(e)));
      const alive = owners.filter((e) => this.membership.isAlive(e));
      if (alive.length > 0 && expected.every((e) => this.membership.isAlive(e))) return true;
      if (systemClock.nowMs() >= deadline) return alive.length > 0;
      await sleep(Math.min(200, this.config.gossipIntervalMs));
    }
  }

  private async serveApi(): Promise<void> {
    const { config } = this;
    const placement = new RingPlacement(this.membership, this.replica, (e) => this.pool.replica(e));
    const coordinator = new Coordinator({
      placement,
      timestamps: new TimestampSource(systemClock, config.clockOffsetMicros),
      hints: this.handoff.sink,
      cas: {
        acceptorOf: this.acceptorOf,
        nodeId: this.identity.hostId,
        roundTimeoutMs: config.writeRequestTimeoutMs,
        casContentionTimeoutMs: config.casContentionTimeoutMs,
      },
    });
    this.handoff.start();
    this.outboxDeliverer = new IndexOutboxDeliverer({
      outbox: this.storage.indexOutbox,
      indexById: (indexId) => this.indexes.indexById(indexId),
      coordinator,
      timers: systemTimers,
      log: this.log.child({ component: 'index-outbox' }),
    });
    this.outboxDeliverer.start();
    let advertised = `${config.listenAddress}:${config.alternatorPort}`;
    const context: ApiContext = {
      coordinator,
      catalog: this.catalog,
      placement,
      clock: systemClock,
      writeIsolation: config.writeIsolation,
      region: 'us-east-1',
      accountId: '000000000000',
      newTableId: randomUUID,
      advertisedAddress: () => advertised,
      schemaChanged: () => this.schemaSync.pushToPeers(),
      timers: systemTimers,
      onBackgroundError: (err, what) => this.log.warn({ err, what }, 'background work failed; retrying'),
      tableStats: async (table) => clusterTableStats(table, (id) => this.storage.tableStats(id), this.view.normalRing.endpoints().length),
    };
    const server = createApiServer({
      context,
      localNodes: (scope) => localNodes(this.view, this.config.dc, scope),
      onError: (err, operation) => this.log.error({ err, operation }, 'request failed'),
      onRequest: this.metrics.onRequest,
      metrics: () => this.metrics.scrape(),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.alternatorPort, config.listenAddress, () => {
        server.off('error', reject);
        resolve();
      });
    });
    advertised = `${config.listenAddress}:${(server.address() as AddressInfo).port}`;
    this.address = advertised;
    this.httpServer = server;
    await this.refreshLoad();
    this.loadTimer = systemTimers.setInterval(() => void this.refreshLoad(), LOAD_INTERVAL_MS);
    this.sweeps = new TombstoneSweeps({
      storage: this.storage,
      tables: () => withIndexTables(this.catalog.all()),
      nowMicros: () => systemClock.nowMs() * 1000 + config.clockOffsetMicros,
      timers: systemTimers,
      intervalMs: config.tombstoneSweepIntervalMs,
      defaultGcGraceSeconds: config.gcGraceSeconds,
      log: this.log.child({ component: 'tombstones' }),
    });
    this.sweeps.start();
    this.tableStats = new TableStatsKeeper({
      storage: this.storage,
      tables: () => withIndexTables(this.catalog.all()),
      timers: systemTimers,
      persistIntervalMs: TABLE_STATS_PERSIST_MS,
      pageDelayMs: TABLE_STATS_RECOUNT_PAGE_DELAY_MS,
      log: this.log.child({ component: 'table-stats' }),
    });
    this.tableStats.start();
    resumeBackfills(context);
    this.log.info(
      { tables: this.catalog.names().length, dataDir: config.dataDir, endpoint: this.self, writesOnEventLoop: this.storage.writesOnEventLoop },
      'node started',
    );
  }

  private uptimeSeconds(): number {
    return Math.floor((systemClock.nowMs() - this.startedAtMs) / 1000);
  }

  private async refreshLoad(): Promise<void> {
    try {
      this.loadBytes = await this.storage.approximateSizeBytes();
      this.membership.gossiper.setApplicationState('LOAD', loadValue(this.loadBytes));
    } catch (err) {
      this.log.debug({ err }, 'load refresh failed');
    }
  }

  private adminHandlers() {
    return adminHandlers({
      membership: this.membership,
      catalog: this.catalog,
      hostId: this.identity.hostId,
      generation: this.identity.generation,
      dc: this.config.dc,
      rack: this.config.rack,
      clusterName: this.config.clusterName,
      uptimeSeconds: () => this.uptimeSeconds(),
      localLoadBytes: () => this.loadBytes,
      decommission: (progress) => this.decommission(progress),
      cleanup: async (tables, progress) => {
        const stored = withIndexTables(tables);
        await cleanupTables(stored, this.view.normalRing, this.self, (id, after, end) => this.storage.deleteTokenRange(id, after, end), progress);
        // Deleting ranges bypasses the table counters.
        this.tableStats?.recount(stored.map((t) => t.id));
      },
      removeNode: (hostId, progress) =>
        removeDeadNode({ membership: this.membership, tables: () => withIndexTables(this.catalog.all()), replicaOf: this.replicaOf }, hostId, progress),
      repair: (tables, progress) =>
        repairTables(withIndexTables(tables), {
          ring: this.view.normalRing,
          self: this.self,
          replicaOf: this.replicaOf,
          isAlive: (e) => this.membership.isAlive(e),
          progress,
        }),
      hints: this.handoff.admin,
    });
  }

  /** Streams this node's ranges to their next owners and leaves the ring, then stops. */
  private async decommission(progress: (message: string) => void): Promise<void> {
    const view = this.view;
    if (view.statusOf(this.self) !== 'NORMAL') throw new Error(`cannot decommission a node in state ${view.statusOf(this.self)}`);
    const others = view.normalRing.endpoints().filter((e) => e !== this.self);
    if (others.length === 0) throw new Error('cannot decommission the last node of the cluster');
    const gossiper = this.membership.gossiper;
    gossiper.setApplicationState('STATUS', GossipStatusValue.leaving(this.identity.tokens));
    this.membership.rebuild();
    progress(`LEAVING: waiting ${this.config.ringDelayMs} ms for the cluster to see it`);
    await sleep(this.config.ringDelayMs);
    const current = this.view.normalRing;
    await moveRanges(current, current.without(this.self), {
      tables: withIndexTables(this.catalog.all()),
      replicaOf: this.replicaOf,
      isAlive: (e) => this.membership.isAlive(e),
      progress,
    });
    gossiper.setApplicationState('STATUS', GossipStatusValue.left(this.identity.tokens, systemClock.nowMs() + STATUS_EXPIRY_MS));
    this.left = true;
    this.membership.rebuild();
    await markBootstrapped(this.storage.local, false);
    const lingerMs = Math.max(this.config.ringDelayMs, 4 * this.config.gossipIntervalMs);
    progress(`LEFT: announcing for ${lingerMs} ms, then shutting down`);
    // Keep gossiping LEFT long enough for every node to hear it, then stop, as Cassandra does.
    systemTimers.setTimeout(() => process.kill(process.pid, 'SIGTERM'), lingerMs);
  }

  /**
   * Shuts down as Cassandra's drain does: the API stops taking requests and lets those in
   * progress finish (bounded by drain_timeout_in_ms), then the shutdown is gossiped so peers
   * mark this node down at once rather than after the failure detector convicts it, then the
   * background work stops, the replica service finishes what peers sent, and storage closes.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.loadTimer?.cancel();
    if (this.httpServer) {
      const startedMs = systemClock.nowMs();
      const drained = await this.httpServer.drain(this.config.drainTimeoutMs);
      if (drained) this.log.info({ tookMs: systemClock.nowMs() - startedMs }, 'requests drained');
      else this.log.warn({ drainTimeoutMs: this.config.drainTimeoutMs }, 'requests still running after the drain timeout; their connections were closed');
    }
    const gossiper = this.membership.gossiper;
    if (gossiper.running) {
      if (this.left) gossiper.stop();
      else await gossiper.announceShutdown();
    }
    await this.outboxDeliverer?.stop();
    await this.handoff.stop();
    await this.sweeps?.stop();
    await this.tableStats?.stop();
    await stopGrpcServer(this.grpc, 1000);
    this.pool.close();
    await this.storage.close();
    this.log.info('storage closed');
  }
}
