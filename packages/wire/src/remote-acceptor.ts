import { ClusterError } from '@dynaring/core';
import type { AcceptorApi, Ballot, PaxosKey, PrepareResponse, Proposal, ProposeResponse } from '@dynaring/paxos';
import { CallBatcher, type BatchSettlement } from './call-batcher.js';
import {
  ballotToJson,
  paxosKeyToJson,
  prepareResponseFromJson,
  proposalToJson,
  proposeResponseFromJson,
  type PaxosBallotEntryJson,
  type PaxosProposalEntryJson,
  type PaxosResultJson,
} from './paxos-json.js';
import { entryToClusterError, replyJson } from './replica-reply.js';
import type { ReplicaStream } from './replica-stream.js';

/** The Exchange envelope kinds that carry Paxos messages. */
export type PaxosKind = 'prepare' | 'propose' | 'commit' | 'prune';

/** Wraps each Paxos RPC (one per batch), e.g. to time it; the default passes it through. */
export type PaxosRpcTimer = <T>(kind: PaxosKind, rpc: Promise<T>) => Promise<T>;

const untimed: PaxosRpcTimer = (_kind, rpc) => rpc;

/**
 * A peer's Paxos acceptor over the replica Exchange stream: the messages of concurrent CAS
 * rounds to one peer in one event-loop turn travel as one envelope per kind, as applies do.
 * Every call has the round's deadline (write_request_timeout_in_ms) and rejects only with
 * ClusterError; a proposer counts a rejection as a replica that did not answer.
 */
export class RemoteAcceptor implements AcceptorApi {
  private readonly prepares: CallBatcher<PaxosBallotEntryJson, PrepareResponse>;
  private readonly proposes: CallBatcher<PaxosProposalEntryJson, ProposeResponse>;
  private readonly commits: CallBatcher<PaxosProposalEntryJson, void>;
  private readonly prunes: CallBatcher<PaxosBallotEntryJson, void>;

  constructor(
    private readonly stream: ReplicaStream,
    readonly address: string,
    private readonly deadlineMs: number,
    private readonly timed: PaxosRpcTimer = untimed,
  ) {
    this.prepares = this.batcher('prepare', prepareResponseFromJson);
    this.proposes = this.batcher('propose', proposeResponseFromJson);
    this.commits = this.batcher<PaxosProposalEntryJson, void>('commit', () => undefined);
    this.prunes = this.batcher<PaxosBallotEntryJson, void>('prune', () => undefined);
  }

  // async so that an encoding failure is a rejection, never a synchronous throw.
  async prepare(key: PaxosKey, ballot: Ballot): Promise<PrepareResponse> {
    return this.prepares.call([paxosKeyToJson(key), ballotToJson(ballot)]);
  }

  async propose(key: PaxosKey, proposal: Proposal): Promise<ProposeResponse> {
    return this.proposes.call([paxosKeyToJson(key), proposalToJson(proposal)]);
  }

  async commit(key: PaxosKey, proposal: Proposal): Promise<void> {
    return this.commits.call([paxosKeyToJson(key), proposalToJson(proposal)]);
  }

  async prune(key: PaxosKey, ballot: Ballot): Promise<void> {
    return this.prunes.call([paxosKeyToJson(key), ballotToJson(ballot)]);
  }

  private batcher<Req, Res>(kind: PaxosKind, decode: (json: unknown) => Res): CallBatcher<Req, Res> {
    return new CallBatcher<Req, Res>(async (entries) => {
      const reply = await this.timed(kind, this.stream.exchange({ kind, json: JSON.stringify(entries) }, this.deadlineMs));
      const results = replyJson<Array<PaxosResultJson<unknown>>>(reply, this.address);
      return entries.map((_, i): BatchSettlement<Res> => {
        const result = results[i];
        if (!result) return { ok: false, error: new ClusterError('CLUSTER_UNAVAILABLE', `${this.address}: missing ${kind} result`) };
        if ('e' in result) return { ok: false, error: entryToClusterError(result.e, this.address) };
        try {
          return { ok: true, value: decode(result.v) };
        } catch (err) {
          return { ok: false, error: new ClusterError('CLUSTER_UNAVAILABLE', `${this.address}: malformed ${kind} result: ${String(err)}`) };
        }
      });
    });
  }
}
