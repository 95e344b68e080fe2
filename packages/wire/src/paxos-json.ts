import type { Ballot, PaxosKey, PrepareResponse, Proposal, ProposeResponse } from '@dynaring/paxos';
import { MalformedMessageError } from './malformed-message-error.js';
import { mutationFromJson, mutationToJson, readFromJson, readToJson, recordFromJson, recordToJson, type EntryError, type ReadJson } from './replica-json.js';

// The JSON shapes of Paxos messages on the Exchange stream. A key travels as a read does
// ([tableId, token, hash, range?]), a proposal's mutation as an apply does, ballots as
// [timestampMicros, nodeId].

type BallotJson = [number, string];
interface ProposalJson {
  b: BallotJson;
  m: ReturnType<typeof mutationToJson>;
}
interface PrepareResponseJson {
  p: boolean;
  b: BallotJson | null;
  a?: ProposalJson;
  c?: ProposalJson;
  r: ReturnType<typeof recordToJson>;
}
interface ProposeResponseJson {
  a: boolean;
  b: BallotJson | null;
}

/** One Paxos entry of a batch: the key and the ballot (prepare, prune) or proposal (propose, commit). */
export type PaxosBallotEntryJson = [ReadJson, BallotJson];
export type PaxosProposalEntryJson = [ReadJson, ProposalJson];

/** One entry's answer in a Paxos batch reply. */
export type PaxosResultJson<T> = { v: T } | { e: EntryError };

export function paxosKeyToJson(key: PaxosKey): ReadJson {
  return readToJson(key.tableId, key.token, key.key);
}

export function paxosKeyFromJson(json: unknown): PaxosKey {
  return readFromJson(json);
}

export function ballotToJson(ballot: Ballot): BallotJson {
  return [ballot.timestampMicros, ballot.nodeId];
}

export function ballotFromJson(json: unknown): Ballot {
  if (!Array.isArray(json) || typeof json[0] !== 'number' || typeof json[1] !== 'string') throw new MalformedMessageError('malformed ballot');
  return { timestampMicros: json[0], nodeId: json[1] };
}

function optionalBallotToJson(ballot: Ballot | null): BallotJson | null {
  return ballot ? ballotToJson(ballot) : null;
}

function optionalBallotFromJson(json: unknown): Ballot | null {
  return json === null || json === undefined ? null : ballotFromJson(json);
}

export function proposalToJson(proposal: Proposal): ProposalJson {
  return { b: ballotToJson(proposal.ballot), m: mutationToJson(proposal.mutation) };
}

export function proposalFromJson(json: unknown): Proposal {
  const p = json as ProposalJson;
  if (typeof p !== 'object' || p === null) throw new MalformedMessageError('malformed proposal');
  return { ballot: ballotFromJson(p.b), mutation: mutationFromJson(p.m) };
}

export function prepareResponseToJson(response: PrepareResponse): PrepareResponseJson {
  const json: PrepareResponseJson = { p: response.promised, b: optionalBallotToJson(response.promisedBallot), r: recordToJson(response.record) };
  if (response.accepted) json.a = proposalToJson(response.accepted);
  if (response.mostRecentCommit) json.c = proposalToJson(response.mostRecentCommit);
  return json;
}

export function prepareResponseFromJson(json: unknown): PrepareResponse {
  const r = json as PrepareResponseJson;
  if (typeof r !== 'object' || r === null || typeof r.p !== 'boolean') throw new MalformedMessageError('malformed prepare response');
  const response: PrepareResponse = { promised: r.p, promisedBallot: optionalBallotFromJson(r.b), record: recordFromJson(r.r) };
  if (r.a) response.accepted = proposalFromJson(r.a);
  if (r.c) response.mostRecentCommit = proposalFromJson(r.c);
  return response;
}

export function proposeResponseToJson(response: ProposeResponse): ProposeResponseJson {
  return { a: response.accepted, b: optionalBallotToJson(response.promisedBallot) };
}

export function proposeResponseFromJson(json: unknown): ProposeResponse {
  const r = json as ProposeResponseJson;
  if (typeof r !== 'object' || r === null || typeof r.a !== 'boolean') throw new MalformedMessageError('malformed propose response');
  return { accepted: r.a, promisedBallot: optionalBallotFromJson(r.b) };
}
