import { describe, expect, it } from 'vitest';
import { ClusterView, type EndpointState } from '@dynaring/cluster';
import { localNodes } from '../src/cluster/local-nodes.js';

function node(status: string, dc: string, rack: string, rpcAddress: string): EndpointState {
  const values = { STATUS: status, TOKENS: '1', DC: dc, RACK: rack, RPC_ADDRESS: rpcAddress };
  return { generation: 1, heartbeatVersion: 1, appStates: Object.fromEntries(Object.entries(values).map(([k, value], i) => [k, { value, version: i + 1 }])) };
}

describe('localNodes (GET /localnodes)', () => {
  const states = new Map<string, EndpointState>([
    ['10.0.0.1:7000', node('NORMAL', 'dc1', 'r1', '192.168.0.1')],
    ['10.0.0.2:7000', node('NORMAL', 'dc1', 'r2', '192.168.0.2')],
    ['10.0.0.3:7000', node('NORMAL', 'dc2', 'r1', '192.168.0.3')],
    ['10.0.0.4:7000', node('BOOT', 'dc1', 'r1', '192.168.0.4')],
    ['10.0.0.5:7000', node('NORMAL', 'dc1', 'r1', '192.168.0.5')],
  ]);
  // 10.0.0.5 is down; 10.0.0.4 is alive but still joining.
  const view = ClusterView.build(states, ['10.0.0.1:7000', '10.0.0.2:7000', '10.0.0.3:7000', '10.0.0.4:7000']);

  it('lists the live NORMAL nodes of its own datacenter by RPC address', () => {
    expect(localNodes(view, 'dc1', {})).toEqual(['192.168.0.1', '192.168.0.2']);
    expect(localNodes(view, 'dc2', {})).toEqual(['192.168.0.3']);
  });

  it('lists another datacenter, or one rack, when the query asks', () => {
    expect(localNodes(view, 'dc1', { dc: 'dc2' })).toEqual(['192.168.0.3']);
    expect(localNodes(view, 'dc1', { rack: 'r2' })).toEqual(['192.168.0.2']);
    expect(localNodes(view, 'dc2', { dc: 'dc1', rack: 'r1' })).toEqual(['192.168.0.1']);
  });

  it('lists nothing for an unknown datacenter or rack, as Alternator does', () => {
    expect(localNodes(view, 'dc1', { dc: 'nowhere' })).toEqual([]);
    expect(localNodes(view, 'dc1', { rack: 'nowhere' })).toEqual([]);
  });
});
