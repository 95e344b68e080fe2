import { ClusterError, canonicalNumber, type ScalarKeyValue, type TableMeta } from '@dynaring/core';
import { tokenOf, type ClusterView } from '@dynaring/cluster';
import type { TableCatalog } from '@dynaring/coordinator';
import type { AdminHandlers, GossipEndpoint, NodeInfo, PendingHints } from '@dynaring/wire';
import { endpointHost as ip } from './endpoint-host.js';
import type { Membership } from './membership.js';
import type { RepairSummary } from './repair.js';

/** describecluster's key for members that did not give a schema version, as Cassandra names it. */
const UNREACHABLE = 'UNREACHABLE';

/** The hints this node keeps as a coordinator, as the admin service reports them. */
export interface AdminHints {
  stats(): Promise<Array<{ targetHostId: string; count: number; oldestMs: number; newestMs: number }>>;
  /** Waits until the host ids (all when undefined) have no pending hint, or the timeout. */
  waitFor(hostIds: readonly string[] | undefined, timeoutMs: number): Promise<{ delivered: number; remaining: number }>;
}

export interface AdminDeps {
  membership: Membership;
  catalog: TableCatalog;
  hostId: string;
  generation: number;
  dc: string;
  rack: string;
  clusterName: string;
  /** Also the uptime metric's value. */
  uptimeSeconds: () => number;
  /** Also the storage load metric's value. */
  localLoadBytes: () => number;
  decommission: (progress: (message: string) => void) => Promise<void>;
  cleanup: (tables: TableMeta[], progress: (message: string) => void) => Promise<void>;
  removeNode: (hostId: string, progress: (message: string) => void) => Promise<void>;
  repair: (tables: TableMeta[], progress: (message: string) => void) => Promise<RepairSummary>;
  hints: AdminHints;
}


function tableFor(catalog: TableCatalog, name: string): TableMeta {
  const table = catalog.get(name);
  if (!table) throw new ClusterError('TABLE_NOT_FOUND', `Table ${name} does not exist`);
  return table;
}

/** The hash key value of a table parsed from nodetool's text argument. */
function hashKeyOf(table: TableMeta, text: string): ScalarKeyValue {
  switch (table.keySchema.hash.type) {
    case 'S':
      return { S: text };
    case 'N':
      return { N: canonicalNumber(text) };
    case 'B':
      return { B: Buffer.from(text, 'base64').toString('base64') };
  }
}

function nodeInfo(view: ClusterView, endpoint: string, self: string, selfLoad: number, owns: Map<string, number> | undefined): NodeInfo {
  const state = view.statusOf(endpoint);
  return {
    address: ip(endpoint),
    endpoint,
    hostId: view.hostIdOf(endpoint) ?? '',
    datacenter: view.dcOf(endpoint) ?? 'datacenter1',
    rack: view.rackOf(endpoint) ?? 'rack1',
    up: view.isAlive(endpoint),
    state: state === 'JOINING' || state === 'LEAVING' || state === 'LEFT' ? state : 'NORMAL',
    loadBytes: endpoint === self ? selfLoad : (view.loadOf(endpoint) ?? -1),
    tokens: view.tokensOf(endpoint).map(String),
    owns: owns ? (owns.get(endpoint) ?? 0) : -1,
    rpcAddress: view.rpcAddressOf(endpoint) ?? '',
  };
}

/** Nodes nodetool shows: every endpoint with tokens that has not left or been removed. */
export function shownEndpoints(view: ClusterView): string[] {
  return view.endpoints().filter((e) => {
    const status = view.statusOf(e);
    return view.tokensOf(e).length > 0 && status !== 'LEFT' && status !== 'REMOVED';
  });
}

/** The host ids a WaitHints target names: a host id, or the node at "ip" or "ip:port". */
function hintTargets(view: ClusterView, target: string): string[] {
  const byEndpoint = view.endpoints().filter((e) => e === target || ip(e) === target);
  if (byEndpoint.length > 0) return byEndpoint.map((e) => view.hostIdOf(e)).filter((h): h is string => h !== undefined);
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(target)) return [target.toLowerCase()];
  throw new Error(`Unknown endpoint or host ID: ${target}`);
}

/** Implements admin.proto (what nodetool asks) from gossip, the ring and the catalog. */
export function adminHandlers(deps: AdminDeps): AdminHandlers {
  const { membership, catalog } = deps;
  const ownership = (tableName: string) => {
    if (!tableName) return undefined;
    return membership.view.normalRing.ownership(tableFor(catalog, tableName).rf);
  };
  const nodes = (tableName: string) => {
    const view = membership.view;
    const owns = ownership(tableName);
    return shownEndpoints(view).map((e) => nodeInfo(view, e, membership.self, deps.localLoadBytes(), owns));
  };

  return {
    async status(request) {
      return { nodes: nodes(request.table) };
    },

    async ring(request) {
      const view = membership.view;
      const ring = view.normalRing;
      return {
        nodes: nodes(request.table),
        ring: ring.sortedTokens().map((token) => ({ token: String(token), endpoint: ring.ownerOf(token)! })),
      };
    },

    async info() {
      const view = membership.view;
      const memory = process.memoryUsage();
      return {
        hostId: deps.hostId,
        gossipActive: membership.gossiper.running,
        loadBytes: deps.localLoadBytes(),
        generation: deps.generation,
        uptimeSeconds: deps.uptimeSeconds(),
        heapUsedBytes: memory.heapUsed,
        heapTotalBytes: memory.heapTotal,
        datacenter: deps.dc,
        rack: deps.rack,
        tokens: view.tokensOf(membership.self).map(String),
        address: ip(membership.self),
        rpcAddress: view.rpcAddressOf(membership.self) ?? '',
        state: view.statusOf(membership.self),
      };
    },

    async describeRing(request) {
      const table = tableFor(catalog, request.table);
      const view = membership.view;
      const details = (e: string) => ({ host: ip(e), datacenter: view.dcOf(e) ?? 'datacenter1', rack: view.rackOf(e) ?? 'rack1' });
      return {
        schemaVersion: catalog.version(),
        replicationFactor: table.rf,
        ranges: view.normalRing.ranges().map((range) => {
          const endpoints = view.readEndpoints(range.end, table.rf);
          return {
            startToken: String(range.start),
            endToken: String(range.end),
            endpoints: endpoints.map(ip),
            rpcEndpoints: endpoints.map(ip),
            endpointDetails: endpoints.map(details),
          };
        }),
      };
    },

    async gossipInfo() {
      const endpoints: GossipEndpoint[] = [];
      for (const [endpoint, state] of membership.gossiper.states()) {
        const states: Record<string, string> = {};
        const stateVersions: Record<string, number> = {};
        for (const [name, v] of Object.entries(state.appStates)) {
          states[name] = v.value;
          stateVersions[name] = v.version;
        }
        endpoints.push({
          endpoint,
          generation: state.generation,
          heartbeat: state.heartbeatVersion,
          states,
          stateVersions,
          up: membership.isAlive(endpoint),
        });
      }
      return { endpoints: endpoints.sort((a, b) => (a.endpoint < b.endpoint ? -1 : 1)) };
    },

    async getEndpoints(request) {
      const table = tableFor(catalog, request.table);
      const token = tokenOf(hashKeyOf(table, request.key));
      return { endpoints: membership.view.readEndpoints(token, table.rf).map(ip) };
    },

    async describeCluster() {
      const view = membership.view;
      const versions: Record<string, { addresses: string[] }> = {};
      const versionOf = (endpoint: string): string | undefined => {
        if (endpoint === membership.self) return catalog.version();
        return view.isAlive(endpoint) ? view.schemaOf(endpoint) : undefined;
      };
      // As Cassandra: every member, a down one (or one whose schema is not known yet) under UNREACHABLE.
      for (const endpoint of shownEndpoints(view)) {
        (versions[versionOf(endpoint) || UNREACHABLE] ??= { addresses: [] }).addresses.push(ip(endpoint));
      }
      return {
        name: deps.clusterName,
        snitch: 'org.apache.cassandra.locator.SimpleSnitch',
        partitioner: 'org.apache.cassandra.dht.Murmur3Partitioner',
        schemaVersions: versions,
      };
    },

    async decommission(_request, emit) {
      await deps.decommission((message) => emit({ message, done: false }));
      emit({ message: 'Decommissioned', done: true });
    },

    async cleanup(request, emit) {
      const tables = request.table ? [tableFor(catalog, request.table)] : catalog.all();
      await deps.cleanup(tables, (message) => emit({ message, done: false }));
      emit({ message: 'Cleanup complete', done: true });
    },

    async removeNode(request, emit) {
      await deps.removeNode(request.hostId, (message) => emit({ message, done: false }));
      emit({ message: `Removal of ${request.hostId} complete`, done: true });
    },

    async repair(request, emit) {
      const tables = request.table ? [tableFor(catalog, request.table)] : catalog.all();
      const s = await deps.repair(tables, (message) => emit({ message, done: false }));
      emit({
        message: `Repair completed: ${s.tables} tables, ${s.ranges} ranges, ${s.differingLeaves} differing leaves, ${s.rowsStreamed} rows streamed`,
        done: true,
      });
    },

    async listPendingHints() {
      const view = membership.view;
      const endpointOf = new Map(view.endpoints().map((e) => [view.hostIdOf(e), e] as const));
      const targets = (await deps.hints.stats()).map((s): PendingHints => {
        const endpoint = endpointOf.get(s.targetHostId);
        return {
          hostId: s.targetHostId,
          endpoint: endpoint ?? '',
          datacenter: endpoint === undefined ? '' : (view.dcOf(endpoint) ?? 'datacenter1'),
          rack: endpoint === undefined ? '' : (view.rackOf(endpoint) ?? 'rack1'),
          up: endpoint !== undefined && membership.isAlive(endpoint),
          known: endpoint !== undefined,
          totalHints: s.count,
          totalFiles: 1,
          oldestMs: s.oldestMs,
          newestMs: s.newestMs,
        };
      });
      return { targets: targets.sort((a, b) => (a.hostId < b.hostId ? -1 : a.hostId > b.hostId ? 1 : 0)) };
    },

    async waitHints(request) {
      const hostIds = request.target ? hintTargets(membership.view, request.target) : undefined;
      return deps.hints.waitFor(hostIds, Math.max(0, request.timeoutMs));
    },
  };
}
