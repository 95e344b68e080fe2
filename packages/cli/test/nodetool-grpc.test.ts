// End to end over real gRPC: main() with its default connect, against wire's Admin service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterError } from '@dynaring/core';
import { addAdminService, createGrpcServer, startGrpcServer, stopGrpcServer, type AdminHandlers } from '@dynaring/wire';
import { main } from '../src/main.js';
import { info, threeNodesOneDown } from './clusters.js';

async function runReal(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

describe('nodetool over gRPC', () => {
  let server: ReturnType<typeof createGrpcServer>;
  let port: number;

  beforeAll(async () => {
    server = createGrpcServer();
    const unused = () => Promise.reject(new Error('not scripted'));
    const handlers: AdminHandlers = {
      status: async () => threeNodesOneDown,
      ring: unused,
      info: async () => info,
      describeRing: async () => {
        throw new ClusterError('TABLE_NOT_FOUND', 'Table nope does not exist');
      },
      gossipInfo: unused,
      getEndpoints: async (req) => ({ endpoints: [`${req.table}/${req.key}`] }),
      describeCluster: unused,
      decommission: async (_req, emit) => {
        emit({ message: 'streaming', done: false });
        emit({ message: 'DECOMMISSIONED', done: true });
      },
      cleanup: async (req, emit) => {
        emit({ message: `cleaned '${req.table}'`, done: true });
      },
      removeNode: unused,
      repair: async (req, emit) => {
        emit({ message: `repaired '${req.table}'`, done: true });
      },
      listPendingHints: async () => ({ targets: [] }),
      waitHints: async (req) => ({ delivered: req.timeoutMs, remaining: req.target === 'stuck' ? 3 : 0 }),
    };
    addAdminService(server, handlers);
    port = await startGrpcServer(server, '127.0.0.1', 0);
  });

  afterAll(async () => {
    await stopGrpcServer(server, 100);
  });

  it('prints status from a live node', async () => {
    const result = await runReal(['-p', String(port), 'status', '--json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(threeNodesOneDown);
  });

  it('sends request fields and streams progress', async () => {
    expect((await runReal(['-p', String(port), 'getendpoints', 'users', 'alice'])).stdout).toBe('users/alice\n');
    expect((await runReal(['-p', String(port), 'decommission'])).stdout).toBe('streaming\nDECOMMISSIONED\n');
    expect((await runReal(['-p', String(port), 'cleanup'])).stdout).toBe("cleaned ''\n");
    expect((await runReal(['-p', String(port), 'repair', 'users'])).stdout).toBe("repaired 'users'\n");
  });

  it('lists pending hints and waits for hints with a timeout beyond the default deadline', async () => {
    expect((await runReal(['-p', String(port), 'listpendinghints'])).stdout).toBe('This node does not have any pending hints\n');
    const done = await runReal(['-p', String(port), 'waithints', '--timeout', '12345', '--json']);
    expect(JSON.parse(done.stdout)).toEqual({ delivered: 12345, remaining: 0 });
    expect((await runReal(['-p', String(port), 'waithints', 'stuck', '--timeout', '5'])).code).toBe(1);
  });

  it('reports an error sent by the node as "error:", not as a connect failure', async () => {
    const result = await runReal(['-p', String(port), 'describering', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: Table nope does not exist\n');
  });

  it('reports a refused connection and exits 1', async () => {
    const closed = createGrpcServer();
    const closedPort = await startGrpcServer(closed, '127.0.0.1', 0);
    await stopGrpcServer(closed, 0);
    const result = await runReal(['-p', String(closedPort), 'info']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`nodetool: Failed to connect to '127.0.0.1:${closedPort}' - ConnectException: 'Connection refused'.\n`);
  });
});
