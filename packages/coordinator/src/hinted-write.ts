import type { Mutation } from '@dynaring/core';
import type { ReplicaRef } from './placement.js';
import { acknowledgements } from './replica-calls.js';

/**
 * Where the coordinator leaves hints: writes a replica missed although the write met its
 * consistency level. The sink decides whether to keep one (hint window, handoff disabled,
 * unknown host) and owns its errors; the coordinator never waits for it.
 */
export interface HintSink {
  /** `targetEndpoint` is the replica's "ip:storagePort". */
  store(targetEndpoint: string, mutation: Mutation): void;
}

/**
 * Sends `mutation` to the live replicas and resolves once `needed` acknowledged, as
 * acknowledgements() does. Once it has resolved, every replica that missed the write gets a
 * hint: those known down (never sent to) and those that failed or timed out, before or after
 * the write succeeded. A write that fails its consistency level leaves no hint (the client
 * gets an error). The local replica is never hinted: a failure there is the node's own.
 */
export async function hintedAcknowledgements(
  replicas: readonly ReplicaRef[],
  needed: number,
  mutation: Mutation,
  sink: HintSink | undefined,
): Promise<void> {
  const live = replicas.filter((r) => r.alive);
  if (!sink) return acknowledgements(live, needed, (r) => r.api.apply(mutation));
  let met = false;
  const missed: ReplicaRef[] = replicas.filter((r) => !r.alive);
  const hint = (r: ReplicaRef) => {
    if (!r.local) sink.store(r.endpoint, mutation);
  };
  await acknowledgements(live, needed, (r) =>
    r.api.apply(mutation).catch((err: unknown) => {
      if (met) hint(r);
      else missed.push(r);
      throw err;
    }),
  );
  met = true;
  for (const r of missed) hint(r);
}
