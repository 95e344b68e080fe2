import { ClusterError } from '@dynaring/core';
import type { ReplicaRef } from './placement.js';

export interface Answer<T> {
  replica: ReplicaRef;
  value: T;
}

/**
 * Asks replicas in order until `needed` have answered: `needed` calls start at once, and each
 * failure starts a call to the next replica not yet asked. Fails once too few replicas are
 * left to reach `needed`. Answers come in completion order.
 */
export function firstAnswers<T>(
  replicas: readonly ReplicaRef[],
  needed: number,
  call: (replica: ReplicaRef) => Promise<T>,
): Promise<Answer<T>[]> {
  if (replicas.length < needed) {
    return Promise.reject(unavailable(needed, replicas.length));
  }
  return new Promise((resolve, reject) => {
    const answers: Answer<T>[] = [];
    let next = 0;
    let inFlight = 0;
    let settled = false;
    let lastError: unknown;
    const launch = () => {
      const replica = replicas[next++]!;
      inFlight++;
      call(replica).then(
        (value) => {
          inFlight--;
          if (settled) return;
          answers.push({ replica, value });
          if (answers.length === needed) {
            settled = true;
            resolve(answers);
          }
        },
        (err) => {
          inFlight--;
          lastError = err;
          if (settled) return;
          if (next < replicas.length) launch();
          else if (inFlight + answers.length < needed) {
            settled = true;
            reject(asClusterError(lastError, needed));
          }
        },
      );
    };
    for (let i = 0; i < needed; i++) launch();
  });
}

/**
 * Sends to every replica and resolves once `needed` acknowledged; the others keep going in
 * the background. Fails as soon as `needed` can no longer be reached.
 */
export function acknowledgements(
  replicas: readonly ReplicaRef[],
  needed: number,
  call: (replica: ReplicaRef) => Promise<void>,
): Promise<void> {
  if (replicas.length < needed) return Promise.reject(unavailable(needed, replicas.length));
  return new Promise((resolve, reject) => {
    let acks = 0;
    let failures = 0;
    for (const replica of replicas) {
      call(replica).then(
        () => {
          if (++acks === needed) resolve();
        },
        (err) => {
          if (replicas.length - ++failures < needed) reject(asClusterError(err, needed));
        },
      );
    }
  });
}

function unavailable(needed: number, alive: number): ClusterError {
  return new ClusterError(
    'CLUSTER_UNAVAILABLE',
    `Cannot achieve consistency level: ${needed} replicas required but only ${alive} alive`,
  );
}

function asClusterError(err: unknown, needed: number): ClusterError {
  if (err instanceof ClusterError && (err.code === 'CLUSTER_TIMEOUT' || err.code === 'CLUSTER_OVERLOADED')) return err;
  return new ClusterError('CLUSTER_UNAVAILABLE', `Fewer than ${needed} replicas answered`, { cause: err });
}
