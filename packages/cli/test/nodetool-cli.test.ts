import { describe, expect, it } from 'vitest';
import { info, threeNodesOneDown } from './clusters.js';
import { FakeAdmin, run } from './fake-admin.js';

describe('--json', () => {
  it('prints the response object with 2-space indentation', async () => {
    const result = await run(['--json', 'status'], new FakeAdmin({ status: threeNodesOneDown }));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(JSON.stringify(threeNodesOneDown, null, 2) + '\n');
  });

  it('is accepted after the command too', async () => {
    const result = await run(['info', '--json'], new FakeAdmin({ info }));
    expect(JSON.parse(result.stdout)).toEqual(info);
  });

  it('prints each progress message of a long operation as one JSON line', async () => {
    const progress = [
      { message: 'streaming', done: false },
      { message: 'DECOMMISSIONED', done: true },
    ];
    const result = await run(['decommission', '--json'], new FakeAdmin({ progress }));
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual(progress);
  });

  it('prints repair progress as JSON lines', async () => {
    const progress = [
      { message: 'repair of users: range 1/1, 2 differing leaves, 4 rows streamed', done: false },
      { message: 'Repair completed: 1 tables, 1 ranges, 2 differing leaves, 4 rows streamed', done: true },
    ];
    const result = await run(['repair', 'users', '--json'], new FakeAdmin({ progress }));
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual(progress);
  });
});

describe('connection options', () => {
  it('connects to 127.0.0.1:7000 by default and closes the client', async () => {
    const fake = new FakeAdmin({ info });
    const result = await run(['info'], fake);
    expect(result.addresses).toEqual(['127.0.0.1:7000']);
    expect(fake.closed).toBe(true);
  });

  it('takes -h and -p before or after the command', async () => {
    expect((await run(['-h', '10.0.0.5', '-p', '7100', 'info'], new FakeAdmin({ info }))).addresses).toEqual(['10.0.0.5:7100']);
    expect((await run(['info', '--host', 'node2', '--port', '7001'], new FakeAdmin({ info }))).addresses).toEqual(['node2:7001']);
  });
});

describe('failures', () => {
  it('reports an unreachable node as nodetool does and exits 1', async () => {
    const unavailable = Object.assign(
      new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7000'),
      { code: 14, details: 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7000' },
    );
    const result = await run(['status'], new FakeAdmin({ error: unavailable }));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("nodetool: Failed to connect to '127.0.0.1:7000' - ConnectException: 'Connection refused'.\n");
  });

  it('reports a client that cannot even be created as a connect failure', async () => {
    const result = await run(['-h', 'nowhere.invalid', 'ring'], () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "nodetool: Failed to connect to 'nowhere.invalid:7000' - UnknownHostException: 'Name or service not known'.\n",
    );
  });

  it('prints an error the node returns as "error:" and exits 2', async () => {
    const notFound = Object.assign(new Error('5 NOT_FOUND: Table users does not exist'), {
      code: 5,
      details: 'Table users does not exist',
    });
    const result = await run(['describering', 'users'], new FakeAdmin({ error: notFound }));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: Table users does not exist\n');
  });

  it('exits 2 on a missing argument without connecting', async () => {
    const result = await run(['describering'], new FakeAdmin({}));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing required argument 'table'");
    expect(result.addresses).toEqual([]);
  });

  it('exits 2 on an unknown command', async () => {
    const result = await run(['statsu'], new FakeAdmin({}));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'statsu'");
  });

  it('exits 2 on an invalid port', async () => {
    const result = await run(['-p', 'seventy', 'info'], new FakeAdmin({ info }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Not a valid port number.');
  });

  it('exits 0 for --help, which leaves -h to the host', async () => {
    const result = await run(['--help'], new FakeAdmin({}));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('-h, --host <host>');
    expect(result.stdout).toContain('describering');
  });
});
