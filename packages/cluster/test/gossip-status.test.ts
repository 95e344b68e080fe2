import { describe, expect, it } from 'vitest';
import { ClusterView, GossipStatusValue, formatTokens, isDepartedStatus, loadValue, statusKeyword } from '@dynaring/cluster';

const TOKENS = [-9187343239835811840n, 42n];

describe('STATUS values', () => {
  it('are spelled as Cassandra\'s VersionedValue spells them', () => {
    expect(GossipStatusValue.bootstrapping(TOKENS)).toBe('BOOT,-9187343239835811840');
    expect(GossipStatusValue.normal(TOKENS)).toBe('NORMAL,-9187343239835811840');
    expect(GossipStatusValue.leaving(TOKENS)).toBe('LEAVING,-9187343239835811840');
    expect(GossipStatusValue.left(TOKENS, 1_700_000_000_000)).toBe('LEFT,-9187343239835811840,1700000000000');
    expect(GossipStatusValue.shutdown()).toBe('shutdown,true');
    expect(GossipStatusValue.removed('5b6f0c1e-1d2a-4f3b-8c4d-2e9f7a6b1c01', 1_700_000_000_000)).toBe('removed,5b6f0c1e-1d2a-4f3b-8c4d-2e9f7a6b1c01,1700000000000');
    expect(() => GossipStatusValue.normal([])).toThrow();
  });

  it('are read by their keyword alone', () => {
    expect(statusKeyword(GossipStatusValue.normal(TOKENS))).toBe('NORMAL');
    expect(statusKeyword('NORMAL')).toBe('NORMAL');
    expect([GossipStatusValue.left(TOKENS, 1), GossipStatusValue.removed('h', 1), 'LEFT', 'removed'].every(isDepartedStatus)).toBe(true);
    expect([GossipStatusValue.leaving(TOKENS), GossipStatusValue.shutdown(), GossipStatusValue.normal(TOKENS)].some(isDepartedStatus)).toBe(false);
    const states = new Map(
      [GossipStatusValue.bootstrapping(TOKENS), GossipStatusValue.normal(TOKENS), GossipStatusValue.leaving(TOKENS)].map((status, i) => [
        `127.0.0.${i + 1}:7000`,
        { generation: 1, heartbeatVersion: 9, appStates: { STATUS: { value: status, version: 1 }, TOKENS: { value: formatTokens([BigInt(i)]), version: 2 } } },
      ]),
    );
    const view = ClusterView.build(states, [...states.keys()]);
    expect([...states.keys()].map((e) => view.statusOf(e))).toEqual(['JOINING', 'NORMAL', 'LEAVING']);
  });
});

describe('LOAD values', () => {
  it('are spelled as Java\'s Double.toString, as Cassandra gossips them, and read back exactly', () => {
    const cases: Array<[number, string]> = [
      [0, '0.0'],
      [268871, '268871.0'],
      [9_999_999, '9999999.0'],
      [10_000_000, '1.0E7'],
      [3_488_112_640, '3.48811264E9'],
      [1234.5, '1234.5'],
    ];
    for (const [bytes, text] of cases) {
      expect(loadValue(bytes)).toBe(text);
      expect(Number(text)).toBe(bytes);
    }
  });
});
