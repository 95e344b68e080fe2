import { describe, expect, it } from 'vitest';
import type { ListPendingHintsResponse } from '../src/admin-api.js';
import { formatHintTime } from '../src/format/pending-hints.js';
import { FakeAdmin, run } from './fake-admin.js';
import { expectGolden } from './golden.js';

const pending: ListPendingHintsResponse = {
  targets: [
    {
      hostId: '5b6f0c1e-1d2a-4f3b-8c4d-2e9f7a6b1c03',
      endpoint: '127.0.0.3:7000',
      datacenter: 'datacenter1',
      rack: 'rack1',
      up: false,
      known: true,
      totalHints: 1250,
      totalFiles: 1,
      oldestMs: Date.UTC(2024, 4, 1, 9, 5, 7, 8),
      newestMs: Date.UTC(2024, 4, 1, 12, 34, 56, 789),
    },
    {
      hostId: '8e2c4b7a-3f1d-4a6e-9b8c-7d5e3f2a1b02',
      endpoint: '127.0.0.2:7000',
      datacenter: 'datacenter1',
      rack: 'rack1',
      up: true,
      known: true,
      totalHints: 3,
      totalFiles: 1,
      oldestMs: Date.UTC(2024, 4, 1, 12, 0, 0, 0),
      newestMs: Date.UTC(2024, 4, 1, 12, 0, 1, 500),
    },
    {
      hostId: 'f00dcafe-0000-4000-8000-000000000009',
      endpoint: '',
      datacenter: '',
      rack: '',
      up: false,
      known: false,
      totalHints: 7,
      totalFiles: 1,
      oldestMs: Date.UTC(2024, 3, 30, 23, 59, 59, 999),
      newestMs: Date.UTC(2024, 3, 30, 23, 59, 59, 999),
    },
  ],
};

describe('nodetool listpendinghints', () => {
  it('prints Cassandra\'s table: host id, address, rack, DC, status, hints, files, newest, oldest (UTC)', async () => {
    const result = await run(['listpendinghints'], new FakeAdmin({ listPendingHints: pending }));
    expect(result.code).toBe(0);
    expectGolden(result.stdout, 'listpendinghints');
  });

  it('says so when the node has no pending hints', async () => {
    const result = await run(['listpendinghints'], new FakeAdmin({ listPendingHints: { targets: [] } }));
    expect(result.stdout).toBe('This node does not have any pending hints\n');
  });

  it('prints the response as JSON with --json', async () => {
    const result = await run(['listpendinghints', '--json'], new FakeAdmin({ listPendingHints: pending }));
    expect(JSON.parse(result.stdout)).toEqual(pending);
  });

  it('formats times as Java\'s yyyy-MM-dd HH:mm:ss,SSS in UTC', () => {
    expect(formatHintTime(Date.UTC(2024, 0, 2, 3, 4, 5, 6))).toBe('2024-01-02 03:04:05,006');
  });
});

describe('nodetool waithints', () => {
  it('waits for one target with the given timeout and reports the delivery', async () => {
    const fake = new FakeAdmin({ waitHints: { delivered: 42, remaining: 0 } });
    const result = await run(['waithints', '127.0.0.3', '--timeout', '30000'], fake);
    expect(fake.calls).toEqual([{ method: 'waitHints', req: { target: '127.0.0.3', timeoutMs: 30000 } }]);
    expect(result.code).toBe(0);
    expectGolden(result.stdout, 'waithints');
  });

  it('waits for every target for 60 s by default', async () => {
    const fake = new FakeAdmin({ waitHints: { delivered: 0, remaining: 0 } });
    await run(['waithints'], fake);
    expect(fake.calls).toEqual([{ method: 'waitHints', req: { timeoutMs: 60000 } }]);
  });

  it('exits 1 when the wait times out with hints left', async () => {
    const result = await run(['waithints', '--json'], new FakeAdmin({ waitHints: { delivered: 5, remaining: 2 } }));
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ delivered: 5, remaining: 2 });
  });

  it('rejects a timeout that is not a number of milliseconds', async () => {
    const result = await run(['waithints', '--timeout', '5s'], new FakeAdmin({}));
    expect(result.code).toBe(2);
  });
});
