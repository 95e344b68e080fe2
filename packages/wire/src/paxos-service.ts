import type { AcceptorApi } from '@dynaring/paxos';
import { MalformedMessageError } from './malformed-message-error.js';
import { ballotFromJson, paxosKeyFromJson, prepareResponseToJson, proposalFromJson, proposeResponseToJson } from './paxos-json.js';
import type { PaxosKind } from './remote-acceptor.js';

const PAXOS_KINDS: ReadonlySet<string> = new Set<PaxosKind>(['prepare', 'propose', 'commit', 'prune']);

export function isPaxosKind(kind: string): kind is PaxosKind {
  return PAXOS_KINDS.has(kind);
}

/** Runs each entry's call; `settle` turns every outcome into that entry's reply. */
type SettleEach = (count: number, run: (i: number) => Promise<unknown>) => Promise<unknown[]>;

/** The replies to one Paxos envelope: each entry is acted on by the acceptor on its own. */
export function answerPaxos(acceptor: AcceptorApi, kind: PaxosKind, entries: unknown[], settle: SettleEach): Promise<unknown[]> {
  const entry = (i: number): [unknown, unknown] => {
    const e = entries[i];
    if (!Array.isArray(e) || e.length !== 2) throw new MalformedMessageError(`malformed ${kind} entry`);
    return [e[0], e[1]];
  };
  switch (kind) {
    case 'prepare':
      return settle(entries.length, async (i) => {
        const [key, ballot] = entry(i);
        return prepareResponseToJson(await acceptor.prepare(paxosKeyFromJson(key), ballotFromJson(ballot)));
      });
    case 'propose':
      return settle(entries.length, async (i) => {
        const [key, proposal] = entry(i);
        return proposeResponseToJson(await acceptor.propose(paxosKeyFromJson(key), proposalFromJson(proposal)));
      });
    case 'commit':
      return settle(entries.length, async (i) => {
        const [key, proposal] = entry(i);
        await acceptor.commit(paxosKeyFromJson(key), proposalFromJson(proposal));
        return null;
      });
    case 'prune':
      return settle(entries.length, async (i) => {
        const [key, ballot] = entry(i);
        await acceptor.prune(paxosKeyFromJson(key), ballotFromJson(ballot));
        return null;
      });
  }
}
