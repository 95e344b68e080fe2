import type { Timers } from '@dynaring/core';

/** What came back from the replicas of one round, so far. */
export interface Replies<R> {
  /** Answers by replica index, in arrival order. */
  answers: Array<{ index: number; value: R }>;
  /** Replicas whose call failed (an error, a refused connection). */
  failed: number;
  /** Replicas that have not answered yet: the round stopped waiting for them. */
  pending: number;
}

/**
 * Sends one call to each replica at once and resolves with the replies as soon as `enough`
 * says they decide the round, when every replica has answered, or after `timeoutMs`,
 * whichever comes first. Never rejects: a failed call is counted, as a silent one is.
 */
export function fanOut<R>(
  count: number,
  call: (index: number) => Promise<R>,
  enough: (replies: Replies<R>) => boolean,
  timers: Timers,
  timeoutMs: number,
): Promise<Replies<R>> {
  return new Promise((resolve) => {
    const replies: Replies<R> = { answers: [], failed: 0, pending: count };
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      timer.cancel();
      resolve({ answers: [...replies.answers], failed: replies.failed, pending: replies.pending });
    };
    const timer = timers.setTimeout(finish, timeoutMs);
    const settle = () => {
      replies.pending--;
      if (replies.pending === 0 || enough(replies)) finish();
    };
    if (count === 0) return finish();
    for (let index = 0; index < count; index++) {
      let sent: Promise<R>;
      try {
        sent = call(index);
      } catch (err) {
        sent = Promise.reject(err);
      }
      sent.then(
        (value) => {
          if (done) return;
          replies.answers.push({ index, value });
          settle();
        },
        () => {
          if (done) return;
          replies.failed++;
          settle();
        },
      );
    }
  });
}
