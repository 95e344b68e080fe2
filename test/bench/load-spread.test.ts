import { describe, expect, it } from 'vitest';
// @ts-expect-error: the bench is plain ESM without type declarations
import { endpointPicker } from '../../bench/load.mjs';

type Picker = (worker: number) => number;

describe('load generator spread over several endpoints', () => {
  it('worker: each worker keeps one endpoint, and the workers split evenly', () => {
    const pick = endpointPicker('worker', 3) as Picker;
    const perEndpoint = [0, 0, 0];
    for (let w = 0; w < 32; w++) {
      const e = pick(w);
      expect(pick(w)).toBe(e);
      perEndpoint[e]!++;
    }
    expect(perEndpoint).toEqual([11, 11, 10]);
  });

  it('request: successive requests go round the endpoints whichever worker sends them', () => {
    const pick = endpointPicker('request', 3) as Picker;
    expect([pick(0), pick(0), pick(5), pick(0), pick(7)]).toEqual([0, 1, 2, 0, 1]);
  });

  it('least: each request goes to the endpoint with the fewest in flight, ties in turn', () => {
    const inFlight = [0, 0, 0];
    const pick = endpointPicker('least', 3, inFlight) as Picker;
    const send = () => {
      const e = pick(0);
      inFlight[e]!++;
      return e;
    };
    expect([send(), send(), send(), send()]).toEqual([0, 1, 2, 0]);
    inFlight[0] = 0; // node 0 answered both
    inFlight[2] = 3; // node 2 is slow
    expect([send(), send(), send()]).toEqual([0, 1, 0]);
  });
});
