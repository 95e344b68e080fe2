import type { WriteIsolation } from '@dynaring/dynamo-api';

/** A node's settings once flags, environment, config file and defaults are merged. */
export interface NodeConfig {
  listenAddress: string;
  alternatorPort: number;
  dataDir: string;
  writeIsolation: WriteIsolation;
  logLevel: string;
  /** Gossip and replica RPC port (also nodetool's). */
  storagePort: number;
  /** Endpoints ("ip:port") contacted first to join the cluster. */
  seeds: string[];
  numTokens: number;
  dc: string;
  rack: string;
  clusterName: string;
  gossipIntervalMs: number;
  phiConvictThreshold: number;
  /** How long a joining or leaving node waits for the whole cluster to see its new state. */
  ringDelayMs: number;
  writeRequestTimeoutMs: number;
  /** How long a conditional write retries under contention for its item (cas_contention_timeout_in_ms). */
  casContentionTimeoutMs: number;
  readRequestTimeoutMs: number;
  /** Added to this node's write timestamps: lets tests skew one node's clock. */
  clockOffsetMicros: number;
  /** Keep hints for replicas that miss writes (hinted_handoff_enabled). */
  hintedHandoffEnabled: boolean;
  /** No new hints for a replica down longer than this (max_hint_window_in_ms). */
  maxHintWindowMs: number;
  /** How long tombstones are kept before a sweep may purge them (gc_grace_seconds); tables may override. */
  gcGraceSeconds: number;
  /** How often tombstones past their table's gc_grace are swept. */
  tombstoneSweepIntervalMs: number;
  /** On SIGTERM, how long in-flight DynamoDB requests may take before their connections are cut. */
  drainTimeoutMs: number;
  /** The Linux scheduling policy the node's process runs under (cpu-scheduling.ts). */
  cpuSchedulingPolicy: CpuSchedulingPolicy;
}

/** batch: SCHED_BATCH, never preempting on wake-up; normal: leave the process as started. */
export type CpuSchedulingPolicy = 'batch' | 'normal';
