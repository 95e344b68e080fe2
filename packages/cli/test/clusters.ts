// Realistic fake clusters: three nodes with one down, a joining node, two datacenters.
import type { GossipInfoResponse, InfoResponse, NodeInfo, RingEntry, RingResponse, StatusResponse } from '../src/admin-api.js';

function node(partial: Partial<NodeInfo> & Pick<NodeInfo, 'address' | 'hostId' | 'tokens'>): NodeInfo {
  return {
    endpoint: `${partial.address}:7000`,
    datacenter: 'datacenter1',
    rack: 'rack1',
    up: true,
    state: 'NORMAL',
    loadBytes: -1,
    owns: -1,
    rpcAddress: `${partial.address}:8000`,
    ...partial,
  };
}

function ringOf(nodes: readonly NodeInfo[]): RingEntry[] {
  return nodes
    .flatMap((n) => n.tokens.map((token) => ({ token, endpoint: n.endpoint })))
    .sort((a, b) => (BigInt(a.token) < BigInt(b.token) ? -1 : BigInt(a.token) > BigInt(b.token) ? 1 : 0));
}

function withOwns(nodes: NodeInfo[], owns: readonly number[]): NodeInfo[] {
  return nodes.map((n, i) => ({ ...n, owns: owns[i] ?? -1 }));
}

// Three nodes, RF 3: every node owns 100% of the table; 127.0.0.3 is down.
const threeNodes: NodeInfo[] = [
  node({
    address: '127.0.0.1',
    hostId: '5b6f0c1e-1d2a-4f3b-8c4d-2e9f7a6b1c01',
    loadBytes: 268_871,
    tokens: ['-9187343239835811840', '-3074457345618258602', '3074457345618258602', '8070450532247928832'],
  }),
  node({
    address: '127.0.0.2',
    hostId: '8e2c4b7a-3f1d-4a6e-9b8c-7d5e3f2a1b02',
    loadBytes: 1_572_864,
    tokens: ['-7686143364045646507', '-1537228672809129301', '4611686018427387904', '9117282350467461040'],
  }),
  node({
    address: '127.0.0.3',
    hostId: 'c3d9a1f0-6b2e-4c8d-a7f1-0e4b9c2d3a03',
    up: false,
    loadBytes: 3_488_112_640,
    tokens: ['-6148914691236517206', '-12', '1537228672809129301', '6148914691236517205'],
  }),
];

export const threeNodesOneDown: StatusResponse = { nodes: threeNodes };
export const threeNodesOneDownWithTable: StatusResponse = { nodes: withOwns(threeNodes, [1, 1, 1]) };
export const threeNodesRing: RingResponse = { nodes: threeNodes, ring: ringOf(threeNodes) };
export const threeNodesRingWithTable: RingResponse = {
  nodes: withOwns(threeNodes, [1, 1, 1]),
  ring: ringOf(threeNodes),
};

// A fourth node bootstrapping into a 3-node ring at RF 2: no load reported yet, no ownership.
const joining: NodeInfo[] = [
  ...withOwns(threeNodes, [0.6666667, 0.66666663, 0.6666667]).map((n) => ({ ...n, up: true })),
  node({
    address: '127.0.0.10',
    hostId: '1f0e2d3c-4b5a-4968-8776-a5b4c3d2e104',
    state: 'JOINING',
    tokens: ['-4611686018427387904', '-7', '2305843009213693952', '7686143364045646507'],
  }),
];

export const joiningNode: StatusResponse = { nodes: joining };

// Two datacenters of three nodes each, RF 3 per DC, 16 tokens per node.
function tokens(seed: number): string[] {
  const out: string[] = [];
  let x = BigInt(seed) * 0x9e3779b97f4a7c15n;
  for (let i = 0; i < 16; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    out.push(BigInt.asIntN(64, x).toString());
  }
  return out.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}

const twoDcs: NodeInfo[] = [
  node({ address: '10.0.0.10', datacenter: 'us-east', rack: 'us-east-1a', hostId: 'a0000000-0000-4000-8000-000000000010', loadBytes: 5_368_709_120, owns: 1, tokens: tokens(10) }),
  node({ address: '10.0.0.9', datacenter: 'us-east', rack: 'us-east-1b', hostId: 'a0000000-0000-4000-8000-000000000009', loadBytes: 5_476_083_302, owns: 1, tokens: tokens(9) }),
  node({ address: '10.0.0.11', datacenter: 'us-east', rack: 'us-east-1c', hostId: 'a0000000-0000-4000-8000-000000000011', loadBytes: 5_261_334_938, owns: 1, tokens: tokens(11) }),
  node({ address: '192.168.100.21', datacenter: 'eu-west', rack: 'eu-west-1a', hostId: 'b0000000-0000-4000-8000-000000000021', loadBytes: 1_099_511_627_776 * 1.25, owns: 1, tokens: tokens(21) }),
  node({ address: '192.168.100.22', datacenter: 'eu-west', rack: 'eu-west-1b', hostId: 'b0000000-0000-4000-8000-000000000022', loadBytes: 999, up: false, owns: 1, tokens: tokens(22) }),
  node({ address: '192.168.100.23', datacenter: 'eu-west', rack: 'eu-west-1c', hostId: 'b0000000-0000-4000-8000-000000000023', loadBytes: 0, state: 'LEAVING', owns: 1, tokens: tokens(23) }),
];

export const twoDatacenters: StatusResponse = { nodes: twoDcs };
export const twoDatacentersRing: RingResponse = { nodes: twoDcs, ring: ringOf(twoDcs) };

export const info: InfoResponse = {
  hostId: '5b6f0c1e-1d2a-4f3b-8c4d-2e9f7a6b1c01',
  gossipActive: true,
  loadBytes: 268_871,
  generation: 1_717_171_717,
  uptimeSeconds: 44_681,
  heapUsedBytes: 127_192_883,
  heapTotalBytes: 1_022_490_624,
  datacenter: 'datacenter1',
  rack: 'rack1',
  tokens: threeNodes[0]?.tokens ?? [],
  address: '127.0.0.1',
  rpcAddress: '127.0.0.1:8000',
  state: 'NORMAL',
};

// threeNodes' loadBytes as nodes gossip LOAD: Java's Double.toString.
const GOSSIPED_LOADS = ['268871.0', '1572864.0', '3.48811264E9'];

export const gossip: GossipInfoResponse = {
  endpoints: threeNodes.map((n, i) => ({
    endpoint: n.endpoint,
    generation: 1_717_171_700 + i,
    heartbeat: 2_310 - i * 7,
    up: n.up,
    states: {
      TOKENS: n.tokens.join(','),
      HOST_ID: n.hostId,
      STATUS: `NORMAL,${n.tokens[0]}`,
      STATUS_WITH_PORT: `NORMAL,${n.tokens[0]}`,
      RPC_READY: 'true',
      RACK: n.rack,
      DC: n.datacenter,
      LOAD: GOSSIPED_LOADS[i]!,
      SCHEMA: '59adb24e-f3cd-3e02-97f0-5b395827453f',
      RELEASE_VERSION: '0.1.0',
      NATIVE_ADDRESS_AND_PORT: n.rpcAddress,
    },
    stateVersions: {
      TOKENS: 17,
      HOST_ID: 16,
      STATUS: 9,
      STATUS_WITH_PORT: 19,
      RPC_READY: 28,
      RACK: 12,
      DC: 11,
      LOAD: 2_301 - i,
      SCHEMA: 14,
      RELEASE_VERSION: 4,
      NATIVE_ADDRESS_AND_PORT: 3,
    },
  })),
};
