// Lightweight transactions: single-decree Paxos per item (issue 8).
export type { Ballot, MicrosClock } from './ballot.js';
export { BallotGenerator, compareBallots, isNewer, newestBallot } from './ballot.js';
export type { PaxosKey, Proposal, PrepareResponse, ProposeResponse, AcceptorApi, AcceptorReplica } from './paxos-types.js';
export type { PaxosState, PaxosStateStore } from './paxos-state.js';
export { EMPTY_PAXOS_STATE } from './paxos-state.js';
export { paxosKeyId } from './paxos-key.js';
export type { PaxosItemStore } from './acceptor.js';
export { PaxosAcceptor } from './acceptor.js';
export type { ProposerOptions, CasDecision } from './proposer.js';
export { casItem, DEFAULT_CAS_TIMEOUT_MS, DEFAULT_ROUND_TIMEOUT_MS, DEFAULT_MAX_BACKOFF_MS } from './proposer.js';
export { restamp } from './restamp.js';
