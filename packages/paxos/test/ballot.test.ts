import { describe, expect, it } from 'vitest';
import { BallotGenerator, compareBallots, isNewer, newestBallot, type Ballot } from '../src/index.js';

const clockAt = (micros: number[]) => {
  let i = 0;
  return { nowMicros: () => micros[Math.min(i++, micros.length - 1)]! };
};

describe('ballots', () => {
  it('order by timestamp first, then by node id', () => {
    const ballots: Ballot[] = [
      { timestampMicros: 20, nodeId: 'a' },
      { timestampMicros: 10, nodeId: 'b' },
      { timestampMicros: 10, nodeId: 'a' },
      { timestampMicros: 20, nodeId: 'c' },
    ];
    expect([...ballots].sort(compareBallots)).toEqual([
      { timestampMicros: 10, nodeId: 'a' },
      { timestampMicros: 10, nodeId: 'b' },
      { timestampMicros: 20, nodeId: 'a' },
      { timestampMicros: 20, nodeId: 'c' },
    ]);
    expect(compareBallots({ timestampMicros: 5, nodeId: 'x' }, { timestampMicros: 5, nodeId: 'x' })).toBe(0);
  });

  it('treat no ballot as older than any', () => {
    expect(isNewer({ timestampMicros: 0, nodeId: 'a' }, null)).toBe(true);
    expect(newestBallot(null, { timestampMicros: 1, nodeId: 'a' })).toEqual({ timestampMicros: 1, nodeId: 'a' });
  });

  it('are strictly increasing on one node when the clock stalls or steps back', () => {
    const gen = new BallotGenerator(clockAt([100, 100, 90, 101]), 'n1');
    const made = [gen.next(), gen.next(), gen.next(), gen.next()];
    expect(made.map((b) => b.timestampMicros)).toEqual([100, 101, 102, 103]);
  });

  it('jump above the newest ballot or timestamp seen from other nodes', () => {
    const gen = new BallotGenerator(clockAt([100]), 'n1');
    gen.observe({ timestampMicros: 5_000, nodeId: 'n2' });
    expect(gen.next()).toEqual({ timestampMicros: 5_001, nodeId: 'n1' });
    gen.observeMicros(9_000);
    expect(gen.next().timestampMicros).toBe(9_001);
    gen.observe({ timestampMicros: 10, nodeId: 'n3' });
    expect(gen.next().timestampMicros).toBe(9_002);
  });

  it('of two nodes reading the same microsecond differ and are ordered', () => {
    const a = new BallotGenerator(clockAt([42]), 'node-a').next();
    const b = new BallotGenerator(clockAt([42]), 'node-b').next();
    expect(compareBallots(a, b)).toBeLessThan(0);
    expect(compareBallots(b, a)).toBeGreaterThan(0);
  });
});
