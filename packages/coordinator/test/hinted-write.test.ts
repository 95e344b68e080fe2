import { describe, expect, it } from 'vitest';
import { TimestampSource, type Mutation } from '@dynaring/core';
import { Coordinator, type HintSink, type Placement, type ReplicaRef } from '@dynaring/coordinator';
import { StubReplica, tableMeta } from './support/fixtures.js';

/** A replica whose applies succeed, fail, or wait until released. */
class ScriptedReplica extends StubReplica {
  applied: Mutation[] = [];
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  private readonly hanging: Array<(ok: boolean) => void> = [];
  async apply(m: Mutation): Promise<void> {
    if (this.mode === 'fail') throw new Error('refused');
    if (this.mode === 'hang') {
      const ok = await new Promise<boolean>((resolve) => this.hanging.push(resolve));
      if (!ok) throw new Error('timed out');
    }
    this.applied.push(m);
  }
  /** Ends the hanging applies with a failure (a timeout). */
  timeOut(): void {
    for (const resolve of this.hanging.splice(0)) resolve(false);
  }
  async read() {
    return null;
  }
  async digest() {
    return 'absent';
  }
}

const table = tableMeta();

function setup(alive: boolean[] = [true, true, true], pendingAlive?: boolean) {
  const replicas = alive.map(() => new ScriptedReplica());
  const refs: ReplicaRef[] = replicas.map((api, i) => ({ endpoint: `n${i}:7000`, api, local: i === 0, alive: alive[i]! }));
  const pendingReplica = new ScriptedReplica();
  const pending: ReplicaRef[] = pendingAlive === undefined ? [] : [{ endpoint: 'p:7000', api: pendingReplica, local: false, alive: pendingAlive }];
  const placement: Placement = {
    readReplicas: () => refs,
    writeReplicas: () => ({ natural: refs, pending }),
    scanRanges: () => [],
    allReplicas: () => refs,
    liveNodeCount: () => alive.filter(Boolean).length,
  };
  const hints: Array<{ target: string; mutation: Mutation }> = [];
  const sink: HintSink = { store: (target, mutation) => hints.push({ target, mutation }) };
  const coordinator = new Coordinator({ placement, timestamps: new TimestampSource({ nowMs: () => 1000 }), hints: sink });
  return { replicas, pendingReplica, coordinator, hints };
}

const write = (c: Coordinator, k = 'a') => c.write(table, { hash: { S: k } }, { kind: 'put', item: { k: { S: k } } });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('hinted writes', () => {
  it('stores no hint when every replica acknowledges', async () => {
    const { coordinator, hints } = setup();
    await write(coordinator);
    await flush();
    expect(hints).toEqual([]);
  });

  it('hints a replica known down, with the mutation the others applied', async () => {
    const { coordinator, hints, replicas } = setup([true, true, false]);
    await write(coordinator);
    expect(replicas[2]!.applied).toEqual([]);
    expect(hints.map((h) => h.target)).toEqual(['n2:7000']);
    expect(hints[0]!.mutation).toBe(replicas[1]!.applied[0]);
  });

  it('hints a replica that failed after the write met QUORUM, once it fails', async () => {
    const { coordinator, hints, replicas } = setup();
    replicas[2]!.mode = 'hang';
    await write(coordinator);
    expect(hints).toEqual([]);
    replicas[2]!.timeOut();
    await flush();
    expect(hints.map((h) => h.target)).toEqual(['n2:7000']);
  });

  it('hints a replica that failed before the write met QUORUM', async () => {
    const { coordinator, hints, replicas } = setup();
    replicas[1]!.mode = 'fail';
    await write(coordinator);
    expect(hints.map((h) => h.target)).toEqual(['n1:7000']);
  });

  it('hints a pending replica that is down', async () => {
    const { coordinator, hints } = setup([true, true, true], false);
    // Natural 3 + 1 pending needs 3 acks; the pending one is down, so it is hinted.
    await write(coordinator);
    expect(hints.map((h) => h.target)).toEqual(['p:7000']);
  });

  it('stores no hint when the write fails its consistency level', async () => {
    const { coordinator, hints, replicas } = setup([true, true, false]);
    replicas[1]!.mode = 'fail';
    await expect(write(coordinator)).rejects.toMatchObject({ code: 'CLUSTER_UNAVAILABLE' });
    await flush();
    expect(hints).toEqual([]);
  });

  it('never hints the local replica', async () => {
    const { coordinator, hints, replicas } = setup();
    replicas[0]!.mode = 'fail';
    await write(coordinator);
    await flush();
    expect(hints).toEqual([]);
  });
});
