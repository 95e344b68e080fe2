/**
 * Network partitions between nodes in their own namespaces (see netns-topology.ts), made of
 * one primitive: "node A's storage-port packets do not reach node B", a counted drop rule on
 * the input hook of B's namespace matching A's address. Dropping at the receiver loses the
 * packets silently, as a broken network does (a drop on the sender's output hook would fail
 * its connect() at once with EPERM instead). Replies are not matched, so a cut from A to B
 * leaves B's own requests to A working: the one-way partitions stay one-way at the RPC level.
 * Only the storage port is cut; clients and nodetool in the root namespace reach every node.
 */
import type { NetnsTopology } from './netns-topology.js';
import { inNamespace } from './netns-exec.js';

const TABLE = 'dynaring_partition';
const CHAIN = 'input';

/**
 * `both`: a majority/minority split, `node` cut off both ways. `from-isolated`: `node`'s
 * requests to the others are lost. `to-isolated`: the others' requests to `node` are lost.
 * `bridge`: the two other nodes cannot reach each other, while `node` reaches both.
 */
export type PartitionKind = 'both' | 'from-isolated' | 'to-isolated' | 'bridge';

export interface Partition {
  kind: PartitionKind;
  /** The isolated node, or for `bridge` the one node that still reaches both others. */
  node: number;
}

/** The directed links (from, to) that a partition cuts, among nodes 0..nodes-1. */
export function cutLinks(p: Partition, nodes: number): Array<[number, number]> {
  const others = Array.from({ length: nodes }, (_, i) => i).filter((i) => i !== p.node);
  switch (p.kind) {
    case 'both':
      return others.flatMap((o): Array<[number, number]> => [[p.node, o], [o, p.node]]);
    case 'from-isolated':
      return others.map((o): [number, number] => [p.node, o]);
    case 'to-isolated':
      return others.map((o): [number, number] => [o, p.node]);
    case 'bridge':
      return others.flatMap((a) => others.filter((b) => b !== a).map((b): [number, number] => [a, b]));
  }
}

export const describePartition = (p: Partition): string => `${p.kind} n${p.node + 1}`;

export class NetnsPartitioner {
  private closed = false;

  private constructor(
    private readonly topology: NetnsTopology,
    private readonly storagePort: number,
  ) {}

  /** Creates this test's (empty) table and chain in every node's namespace. */
  static async open(topology: NetnsTopology, storagePort: number): Promise<NetnsPartitioner> {
    const partitioner = new NetnsPartitioner(topology, storagePort);
    await partitioner.eachNamespace((ns) =>
      inNamespace(ns, 'nft', ['-f', '-'], `add table inet ${TABLE}\nadd chain inet ${TABLE} ${CHAIN} { type filter hook input priority 0; policy accept; }\n`),
    );
    return partitioner;
  }

  /** Cuts the links of `p`; they stay cut until heal(). */
  async partition(p: Partition): Promise<void> {
    const links = cutLinks(p, this.topology.namespaces.length);
    await this.eachNamespace(async (ns, to) => {
      const from = links.filter(([, b]) => b === to).map(([a]) => this.topology.address(a));
      if (from.length === 0) return;
      await inNamespace(ns, 'nft', ['add', 'rule', 'inet', TABLE, CHAIN, 'ip', 'saddr', `{ ${from.join(', ')} }`, 'tcp', 'dport', String(this.storagePort), 'counter', 'drop']);
    });
  }

  /** Packets dropped by the rules in place: proof that a cut did cut something. */
  async droppedPackets(): Promise<number> {
    let total = 0;
    await this.eachNamespace(async (ns) => {
      const listing = await inNamespace(ns, 'nft', ['list', 'chain', 'inet', TABLE, CHAIN]);
      for (const m of listing.matchAll(/counter packets (\d+)/g)) total += Number(m[1]);
    });
    return total;
  }

  async heal(): Promise<void> {
    await this.eachNamespace((ns) => inNamespace(ns, 'nft', ['flush', 'chain', 'inet', TABLE, CHAIN]));
  }

  /** Deletes the tables; safe to call more than once and after the namespaces are gone. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.eachNamespace((ns) => inNamespace(ns, 'nft', ['delete', 'table', 'inet', TABLE]).catch(() => {}));
  }

  private async eachNamespace(fn: (ns: string, index: number) => Promise<unknown>): Promise<void> {
    await Promise.all(this.topology.namespaces.map((ns, i) => fn(ns, i)));
  }
}
