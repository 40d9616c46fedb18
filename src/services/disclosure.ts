import { randomUUID } from 'node:crypto';
import { C2Error } from '../domain/errors.js';
import { type ChangeSet, emptyChangeSet } from '../domain/force/change.js';
import type { ForceTimeline } from '../domain/force/timeline.js';
import type { StoredDocument } from '../domain/records.js';
import type { SecurityLabel } from '../domain/security/label.js';
import { rollUp } from '../domain/security/lattice.js';
import { renderBanner } from '../domain/security/marking.js';
import type { Instant } from '../domain/time/instant.js';
import type { Actor } from './actor.js';
import type { AuditService } from './audit.js';
import type { Clock } from './clock.js';
import type { ForceService } from './force.js';
import type { Guard } from './guard.js';

export const DISCLOSURE_COLLECTION = 'disclosure-requests';

export type RecordKind = 'unit' | 'relationship';

/**
 * A request to release a record to another nation or to lower its classification. It carries the record's label at
 * the time of asking, so only those who may read the record see the request.
 */
export interface DisclosureRequest {
  id: string;
  record: { kind: RecordKind; id: string };
  /** The nation whose foreign disclosure officer decides: the unit's nation, or a relationship's subordinate's. */
  owner: string;
  currentLabel: SecurityLabel;
  newLabel: SecurityLabel;
  /** The same labels as markings, for people reading the history. */
  currentMarking: string;
  newMarking: string;
  justification: string;
  requestedBy: string;
  requestedAt: Instant;
  state: 'pending' | 'approved' | 'refused';
  /** `txId` is the transaction that recorded the decision (absent in the stored copy, which that transaction writes). */
  decision?: { by: string; at: Instant; justification: string; txId?: number };
}

/** Parses 'unit:ID', 'relationship:ID' or a bare id (a unit first, then a relationship). */
function parseRef(ref: string, tl: ForceTimeline): { kind: RecordKind; id: string } | undefined {
  const match = /^(unit|relationship):(.+)$/.exec(ref);
  if (match) return { kind: match[1] as RecordKind, id: match[2]! };
  if (tl.unitSlices(ref).length > 0) return { kind: 'unit', id: ref };
  if (tl.relationship(ref)) return { kind: 'relationship', id: ref };
  return undefined;
}

/** Disclosure decisions: asked by anyone who reads the record, decided by an FDO of the owning nation. */
export class DisclosureService {
  constructor(
    private readonly force: ForceService,
    private readonly guard: Guard,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async request(
    actor: Actor,
    input: { recordRef: string; newLabel: SecurityLabel | string; justification: string },
  ): Promise<DisclosureRequest> {
    const newLabel = this.guard.label(input.newLabel);
    const record = this.readableRecord(actor, input.recordRef);
    if (renderBanner(newLabel, this.guard.policy) === renderBanner(record.label, this.guard.policy)) {
      throw new C2Error('C2_BAD_INPUT', 'newLabel is the label the record already has');
    }
    const request: DisclosureRequest = {
      id: randomUUID(),
      record: record.ref,
      owner: record.owner,
      currentLabel: record.label,
      newLabel,
      currentMarking: renderBanner(record.label, this.guard.policy),
      newMarking: renderBanner(newLabel, this.guard.policy),
      justification: input.justification,
      requestedBy: actor.id,
      requestedAt: this.clock.now(),
      state: 'pending',
    };
    await this.force.write(
      actor,
      `request disclosure of ${record.ref.kind} ${record.ref.id} as ${request.newMarking}`,
      () => ({ ...emptyChangeSet(), putDocuments: [this.document(request)] }),
      { op: 'requestDisclosure', request: request.id },
    );
    return request;
  }

  async list(actor: Actor, filter: { state?: DisclosureRequest['state'] } = {}): Promise<DisclosureRequest[]> {
    const documents = await this.force.store.listDocuments<DisclosureRequest>(DISCLOSURE_COLLECTION);
    return this.guard
      .readable(
        actor,
        documents.map((version) => version.record),
      )
      .map((document) => document.body)
      .filter((request) => !filter.state || request.state === filter.state);
  }

  async get(actor: Actor, id: string): Promise<DisclosureRequest> {
    const found = (await this.list(actor)).find((request) => request.id === id);
    if (!found) throw new C2Error('C2_NOT_FOUND', `no disclosure request with id '${id}'`);
    return found;
  }

  /**
   * Approve or refuse. Approval relabels the record (a new version of every current slice; history keeps the old) and
   * closes the request in the same transaction, with the justification in the change log.
   */
  async decide(
    actor: Actor,
    id: string,
    input: { decision: 'approve' | 'refuse'; justification: string },
  ): Promise<DisclosureRequest> {
    const request = await this.get(actor, id);
    const outcome = { actor: actor.id, action: `disclosure.${input.decision}`, target: `disclosure:${id}` };
    const refuse = async (message: string, code: 'C2_FORBIDDEN' | 'C2_BAD_STATE' = 'C2_FORBIDDEN') => {
      await this.audit.record({ ...outcome, outcome: 'refused', detail: { reason: message } });
      throw new C2Error(code, message);
    };
    if (request.state !== 'pending') return refuse(`request ${id} is already ${request.state}`, 'C2_BAD_STATE');
    if (!actor.roles.includes('fdo') || actor.nation !== request.owner) {
      return refuse(`only a foreign disclosure officer of ${request.owner} decides this request`);
    }
    this.guard.assertCanWrite(actor, request.newLabel);
    const at = this.clock.now();
    const { tx } = await this.force.write(
      actor,
      `${input.decision === 'approve' ? 'approve' : 'refuse'} disclosure of ${request.record.kind} ${request.record.id} as ${request.newMarking}`,
      (tl) => {
        const decided: DisclosureRequest = {
          ...request,
          state: input.decision === 'approve' ? 'approved' : 'refused',
          decision: { by: actor.id, at, justification: input.justification },
        };
        const change = input.decision === 'approve' ? relabel(tl, request) : emptyChangeSet();
        return { ...change, putDocuments: [this.document(decided)] };
      },
      { op: 'decideDisclosure', request: id, decision: input.decision, justification: input.justification },
    );
    await this.audit.record({
      ...outcome,
      outcome: 'ok',
      detail: { record: `${request.record.kind}:${request.record.id}`, newMarking: request.newMarking, tx: tx.id },
    });
    return {
      ...request,
      state: input.decision === 'approve' ? 'approved' : 'refused',
      decision: { by: actor.id, at, justification: input.justification, txId: tx.id },
    };
  }

  private document(request: DisclosureRequest): StoredDocument<DisclosureRequest> {
    return { collection: DISCLOSURE_COLLECTION, id: request.id, body: request, label: request.currentLabel };
  }

  /** The record as the actor may read it: a record they may not read answers as one that does not exist. */
  private readableRecord(actor: Actor, ref: string) {
    const tl = this.force.structure.timeline();
    const parsed = parseRef(ref, tl);
    const missing = () => new C2Error('C2_NOT_FOUND', `no unit or relationship '${ref}'`);
    if (!parsed) throw missing();
    const labels =
      parsed.kind === 'unit'
        ? tl.unitSlices(parsed.id).map((slice) => slice.label)
        : [tl.relationship(parsed.id)?.label].filter((label) => label !== undefined);
    if (labels.length === 0) throw missing();
    const label = rollUp(labels, this.guard.policy);
    if (!this.guard.canRead(actor, label))
      throw this.guard.notFound(actor, ref, 'request disclosure', missing().message);
    return { ref: parsed, label, owner: ownerOf(tl, parsed) };
  }
}

function ownerOf(tl: ForceTimeline, ref: { kind: RecordKind; id: string }): string {
  const unitId = ref.kind === 'unit' ? ref.id : tl.relationship(ref.id)!.subordinateId;
  return tl.unitSlices(unitId).at(-1)?.nation ?? '';
}

function relabel(tl: ForceTimeline, request: DisclosureRequest): ChangeSet {
  const change = emptyChangeSet();
  if (request.record.kind === 'unit') {
    for (const slice of tl.unitSlices(request.record.id)) {
      change.retireUnitSlices.push({ id: slice.id, validFrom: slice.valid.from });
      change.insertUnitSlices.push({ ...slice, label: request.newLabel });
    }
  } else {
    const edge = tl.relationship(request.record.id);
    if (!edge) throw new C2Error('C2_CONFLICT', `relationship ${request.record.id} no longer exists`);
    change.retireRelationships.push(edge.id);
    change.insertRelationships.push({ ...edge, label: request.newLabel });
  }
  return change;
}
