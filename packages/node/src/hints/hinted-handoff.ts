import type { Logger } from 'pino';
import { systemClock, systemTimers, type ReplicaApi } from '@dynaring/core';
import { isDepartedStatus } from '@dynaring/cluster';
import type { HintSink } from '@dynaring/coordinator';
import type { HintStore } from '@dynaring/storage';
import type { AdminHints } from '../cluster/admin-service.js';
import type { Membership } from '../cluster/membership.js';
import { Downtime } from './downtime.js';
import { HintReplayer, type HintTargetLocation } from './hint-replayer.js';
import { HintWriter } from './hint-writer.js';

export interface HintedHandoffDeps {
  enabled: boolean;
  maxHintWindowMs: number;
  store: HintStore;
  membership: Membership;
  /** Whether a storage id is a table's or an index's still: hints for anything else are dropped. */
  isLiveTable: (tableId: string) => boolean;
  /** A peer's replica over gRPC. */
  replicaOf: (endpoint: string) => Pick<ReplicaApi, 'apply'>;
  log: Logger;
}

/** Hinted handoff on a node: what the coordinator hints, replay, and what nodetool sees. */
export interface HintedHandoff {
  /** For the coordinator; undefined when hinted_handoff_enabled is false. */
  readonly sink: HintSink | undefined;
  readonly admin: AdminHints;
  start(): void;
  stop(): Promise<void>;
}

const GONE = new Set(['LEFT', 'REMOVED']);

/**
 * Wires hint writing and replay to gossip: a peer convicted starts its hint window, a peer
 * seen alive gets its hints replayed, a peer that left the ring has its hints dropped.
 */
export function hintedHandoff(deps: HintedHandoffDeps): HintedHandoff {
  const { membership, log } = deps;
  const gossiper = membership.gossiper;
  const endpointOfHost = (hostId: string) => {
    const view = membership.view;
    return view.endpoints().find((e) => view.hostIdOf(e) === hostId);
  };
  const locate = (hostId: string): HintTargetLocation => {
    const endpoint = endpointOfHost(hostId);
    if (endpoint === undefined) return undefined;
    if (GONE.has(membership.view.statusOf(endpoint))) return 'left';
    return { endpoint, alive: membership.isAlive(endpoint) };
  };
  const downtime = new Downtime((e) => membership.isAlive(e), () => systemClock.nowMs());
  const replayer = new HintReplayer({
    store: deps.store,
    locate,
    replicaOf: deps.replicaOf,
    clock: systemClock,
    timers: systemTimers,
    isObsolete: (hint) => !deps.isLiveTable(hint.mutation.tableId),
    onError: (err, hostId) => log.warn({ err, hostId }, 'hint delivery failed; will retry'),
  });
  const writer = deps.enabled
    ? new HintWriter({
        store: deps.store,
        hostIdOf: (endpoint) => membership.view.hostIdOf(endpoint),
        downForMs: (endpoint) => downtime.downForMs(endpoint),
        maxHintWindowMs: deps.maxHintWindowMs,
        nowMs: () => systemClock.nowMs(),
        onError: (err, endpoint) => log.error({ err, endpoint }, 'storing a hint failed'),
      })
    : undefined;

  gossiper.on('dead', (endpoint) => downtime.markDown(endpoint));
  gossiper.on('alive', (endpoint) => {
    downtime.markUp(endpoint);
    const hostId = membership.view.hostIdOf(endpoint);
    if (hostId !== undefined) void replayer.replayNow(hostId);
  });
  gossiper.on('change', (endpoint, key, value) => {
    if (key !== 'STATUS' || !isDepartedStatus(value)) return;
    const hostId = membership.view.hostIdOf(endpoint) ?? gossiper.states().get(endpoint)?.appStates.HOST_ID?.value;
    if (hostId === undefined) return;
    log.info({ endpoint, hostId }, 'node left the ring; dropping its hints');
    replayer.forget(hostId).catch((err: unknown) => log.error({ err, hostId }, 'dropping hints failed'));
  });

  return {
    sink: writer,
    admin: {
      stats: () => deps.store.stats(),
      waitFor: (hostIds, timeoutMs) => replayer.waitFor(hostIds, timeoutMs),
    },
    start: () => replayer.start(),
    stop: () => replayer.stop(),
  };
}
