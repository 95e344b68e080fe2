import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ReplicaRpcKind } from '@dynaring/wire';

/** Where the gauges read their values at scrape time: the same numbers nodetool shows. */
export interface NodeMetricsSources {
  /** The data size gossiped as LOAD and shown by nodetool info and status. */
  loadBytes: () => number;
  /** Seconds since start, as nodetool info's Uptime. */
  uptimeSeconds: () => number;
  /** Nodes nodetool status shows, split into up and down. */
  gossipNodes: () => { live: number; down: number };
  hintsPending: () => Promise<number>;
  indexOutboxEntries: () => Promise<number>;
}

// From half a millisecond (a local apply) to ten seconds (past any request timeout).
const LATENCY_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A node's Prometheus metrics in a registry of its own (never the global one, so that nodes
 * run in one process, as in tests, stay apart). The request-path hooks reuse one label
 * object per operation or RPC kind: no allocation beyond prom-client's own per observation.
 */
export class NodeMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation'>;
  private readonly requestDuration: Histogram<'operation'>;
  private readonly requestErrors: Counter<'operation' | 'error'>;
  private readonly replicaRpcDuration: Histogram<'kind'>;
  private readonly operationLabels = new Map<string, { operation: string }>();
  private readonly errorLabels = new Map<string, Map<string, { operation: string; error: string }>>();
  private readonly kindLabels: Record<ReplicaRpcKind, { kind: ReplicaRpcKind }> = {
    apply: { kind: 'apply' },
    read: { kind: 'read' },
    digest: { kind: 'digest' },
    prepare: { kind: 'prepare' },
    propose: { kind: 'propose' },
    commit: { kind: 'commit' },
  };

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'dynaring_requests_total',
      help: 'DynamoDB API requests answered, by operation',
      labelNames: ['operation'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'dynaring_request_duration_seconds',
      help: 'Time from a DynamoDB API request read to its answer, by operation',
      labelNames: ['operation'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    });
    this.requestErrors = new Counter({
      name: 'dynaring_request_errors_total',
      help: 'DynamoDB API requests answered with an error, by operation and DynamoDB error name',
      labelNames: ['operation', 'error'],
      registers,
    });
    this.replicaRpcDuration = new Histogram({
      name: 'dynaring_replica_rpc_duration_seconds',
      help: 'Replica RPCs to peers as this node coordinates (batched per event-loop turn), by kind',
      labelNames: ['kind'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    });
  }

  /** Adds the gauges read at scrape time, once the node has what they read. */
  watch(sources: NodeMetricsSources): void {
    const registers = [this.registry];
    new Gauge({
      name: 'dynaring_hints_pending',
      help: 'Hints this node holds for replicas that missed writes',
      registers,
      async collect() {
        this.set(await sources.hintsPending());
      },
    });
    new Gauge({
      name: 'dynaring_gossip_live_nodes',
      help: 'Nodes of the ring this node sees up (itself included), as nodetool status UN',
      registers,
      collect() {
        this.set(sources.gossipNodes().live);
      },
    });
    new Gauge({
      name: 'dynaring_gossip_down_nodes',
      help: 'Nodes of the ring this node sees down, as nodetool status DN',
      registers,
      collect() {
        this.set(sources.gossipNodes().down);
      },
    });
    new Gauge({
      name: 'dynaring_storage_load_bytes',
      help: "Size of this node's data on disk, as nodetool's Load",
      registers,
      collect() {
        this.set(sources.loadBytes());
      },
    });
    new Gauge({
      name: 'dynaring_index_outbox_entries',
      help: 'Secondary index updates waiting in the outbox for delivery',
      registers,
      async collect() {
        this.set(await sources.indexOutboxEntries());
      },
    });
    new Gauge({
      name: 'dynaring_uptime_seconds',
      help: 'Seconds since this node started, as nodetool info Uptime',
      registers,
      collect() {
        this.set(sources.uptimeSeconds());
      },
    });
  }

  /** For the API server's onRequest. */
  readonly onRequest = (operation: string, durationMs: number, errorType: string | undefined): void => {
    let labels = this.operationLabels.get(operation);
    if (labels === undefined) {
      labels = { operation };
      this.operationLabels.set(operation, labels);
    }
    this.requests.inc(labels);
    this.requestDuration.observe(labels, durationMs / 1000);
    if (errorType !== undefined) this.requestErrors.inc(this.errorLabelsOf(operation, errorType));
  };

  /** For the replica clients' onRpc. */
  readonly onReplicaRpc = (kind: ReplicaRpcKind, durationMs: number): void => {
    this.replicaRpcDuration.observe(this.kindLabels[kind], durationMs / 1000);
  };

  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private errorLabelsOf(operation: string, error: string): { operation: string; error: string } {
    let byError = this.errorLabels.get(operation);
    if (byError === undefined) {
      byError = new Map();
      this.errorLabels.set(operation, byError);
    }
    let labels = byError.get(error);
    if (labels === undefined) {
      labels = { operation, error };
      byError.set(error, labels);
    }
    return labels;
  }
}
