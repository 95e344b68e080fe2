import { PaxosAcceptor, type AcceptorApi, type PaxosItemStore, type PaxosStateStore } from '@dynaring/paxos';

/** What the acceptor needs of the node's storage: `StorageEngine` is one. */
export interface AcceptorStorage extends PaxosItemStore {
  paxos: PaxosStateStore;
}

/**
 * This replica's Paxos acceptor over its storage: state in the `paxos` sublevel, commits
 * applied to the items directly. One per node; the coordinator of this node calls it in
 * process, peers reach it through the Exchange stream.
 */
export function replicaAcceptor(storage: AcceptorStorage): AcceptorApi {
  return new PaxosAcceptor(storage.paxos, storage);
}
