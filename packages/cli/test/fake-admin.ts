// A scripted AdminApi: canned responses per RPC, recorded requests, optional failures.
import type {
  AdminApi,
  DescribeClusterResponse,
  DescribeRingResponse,
  GetEndpointsResponse,
  GossipInfoResponse,
  InfoResponse,
  ListPendingHintsResponse,
  Progress,
  ProgressListener,
  RingResponse,
  StatusResponse,
  WaitHintsResponse,
} from '../src/admin-api.js';

export interface FakeResponses {
  status?: StatusResponse;
  ring?: RingResponse;
  info?: InfoResponse;
  describeRing?: DescribeRingResponse;
  gossipInfo?: GossipInfoResponse;
  getEndpoints?: GetEndpointsResponse;
  describeCluster?: DescribeClusterResponse;
  listPendingHints?: ListPendingHintsResponse;
  waitHints?: WaitHintsResponse;
  progress?: Progress[];
  /** Thrown by every call instead of answering. */
  error?: unknown;
}

export class FakeAdmin implements AdminApi {
  readonly calls: Array<{ method: string; req: unknown }> = [];
  closed = false;

  constructor(private readonly responses: FakeResponses) {}

  private answer<T>(method: string, req: unknown, value: T | undefined): Promise<T> {
    this.calls.push({ method, req });
    if (this.responses.error !== undefined) return Promise.reject(this.responses.error);
    if (value === undefined) return Promise.reject(new Error(`no canned ${method} response`));
    return Promise.resolve(value);
  }

  private async stream(method: string, req: unknown, onProgress: ProgressListener): Promise<void> {
    this.calls.push({ method, req });
    if (this.responses.error !== undefined) throw this.responses.error;
    for (const p of this.responses.progress ?? []) {
      await Promise.resolve();
      onProgress(p);
    }
  }

  status(req: object) { return this.answer('status', req, this.responses.status); }
  ring(req: object) { return this.answer('ring', req, this.responses.ring); }
  info(req: object) { return this.answer('info', req, this.responses.info); }
  describeRing(req: object) { return this.answer('describeRing', req, this.responses.describeRing); }
  gossipInfo(req: object) { return this.answer('gossipInfo', req, this.responses.gossipInfo); }
  getEndpoints(req: object) { return this.answer('getEndpoints', req, this.responses.getEndpoints); }
  describeCluster(req: object) { return this.answer('describeCluster', req, this.responses.describeCluster); }
  decommission(req: object, onProgress: ProgressListener) { return this.stream('decommission', req, onProgress); }
  cleanup(req: object, onProgress: ProgressListener) { return this.stream('cleanup', req, onProgress); }
  removeNode(req: object, onProgress: ProgressListener) { return this.stream('removeNode', req, onProgress); }
  repair(req: object, onProgress: ProgressListener) { return this.stream('repair', req, onProgress); }
  listPendingHints(req: object) { return this.answer('listPendingHints', req, this.responses.listPendingHints); }
  waitHints(req: object) { return this.answer('waitHints', req, this.responses.waitHints); }
  close() { this.closed = true; }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  addresses: string[];
}

/** Runs main() against a fake, capturing output and the addresses it connected to. */
export async function run(
  argv: string[],
  fake: AdminApi | (() => never),
): Promise<RunResult> {
  const { main } = await import('../src/main.js');
  let stdout = '';
  let stderr = '';
  const addresses: string[] = [];
  const code = await main(argv, {
    connect: (address) => {
      addresses.push(address);
      return typeof fake === 'function' ? fake() : fake;
    },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr, addresses };
}
