import { C2Error } from '../domain/errors.js';
import type { UnitSlice } from '../domain/force/unit.js';
import { separation } from '../domain/geo/separation.js';
import {
  BODY_COLLECTION,
  bodiesOf,
  type CoordinationBody,
  COUNTERPART_COLLECTION,
  type CounterpartLink,
  channelsBetween,
  checkBody,
  checkCounterpart,
  counterpartsOf,
} from '../domain/mission/counterpart.js';
import {
  applyAction,
  type CoordinationRequest,
  countByState,
  detectOverdue,
  effectiveState,
  isOverdue,
  type RecordRef,
  REPLY_COLLECTION,
  type Reply,
  REQUEST_COLLECTION,
  type RequestAction,
  type RequestKind,
  type RequestState,
  sideOf,
  type Priority,
} from '../domain/mission/request.js';
import { MISSION_COLLECTION } from '../domain/mission/mission.js';
import { missionsDocument } from '../domain/mission/schema.js';
import { timeView } from '../domain/mission/time-view.js';
import type { StoredDocument } from '../domain/records.js';
import type { SecurityLabel } from '../domain/security/label.js';
import { renderBanner } from '../domain/security/marking.js';
import { audienceOf, inAudience } from '../domain/security/releasability.js';
import type { Instant } from '../domain/time/instant.js';
import { contains } from '../domain/time/interval.js';
import { localTime, workingHoursOverlap } from '../domain/time/zones.js';
import type { Store } from '../store/port.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { ForceService } from './force.js';
import type { Guard } from './guard.js';
import { actsFor, type MissionService, putDocuments } from './missions.js';
import { Mutex } from './mutex.js';

/** The plans module keeps its plans in this collection; attachments to plans resolve against it. */
const PLAN_COLLECTION = 'plans';

export interface RequestDraft {
  id?: string | undefined;
  kind: RequestKind;
  fromId: string;
  toId: string;
  subject: string;
  body: string;
  attachments: RecordRef[];
  deadline: Instant | null;
  priority: Priority;
  label: SecurityLabel;
}

export interface ReplyInput {
  body: string;
  attachments: RecordRef[];
  label: SecurityLabel;
}

export type Box = 'inbox' | 'outbox' | 'all';

type MissionsDocument = ReturnType<typeof missionsDocument.parse>;

function zodIssues(issues: Array<{ path: PropertyKey[]; message: string }>) {
  return issues.slice(0, 50).map((issue) => {
    const path = issue.path.map(String).join('.');
    return { code: 'C2_BAD_INPUT' as const, path, message: `${path}: ${issue.message}` };
  });
}

/** Ids of the records a reader may read, by kind: an attachment is shown only when it points to one of them. */
type RefIndex = Map<RecordRef['kind'], Set<string>>;

const readableRefs = (refs: RecordRef[], index: RefIndex) => refs.filter((ref) => index.get(ref.kind)?.has(ref.id));

const requestDocument = (request: CoordinationRequest): StoredDocument<CoordinationRequest> => ({
  collection: REQUEST_COLLECTION,
  id: request.id,
  body: request,
  label: request.label,
});

const replyDocument = (reply: Reply): StoredDocument<Reply> => ({
  collection: REPLY_COLLECTION,
  id: reply.id,
  body: reply,
  label: reply.label,
});

/**
 * Bilateral coordination: counterpart links, the Alliance Coordination Mechanism's bodies, and requests between
 * counterpart commands with their threads. A request is visible to a reader its label releases to, except a draft,
 * which only the sending side sees; each reply is its own labelled document, so a reply not releasable to a reader is
 * absent from what they get, counts included.
 */
export class CoordinationService {
  private readonly writes = new Mutex();

  constructor(
    private readonly store: Store,
    private readonly force: ForceService,
    private readonly missions: MissionService,
    private readonly clock: Clock,
    private readonly guard: Guard,
  ) {}

  // counterparts and coordination bodies

  async counterparts(actor: Actor, filter: { unitId?: string; at?: Instant; knownAt?: Instant } = {}) {
    const links = this.guard.readable(
      actor,
      await this.documents<CounterpartLink>(COUNTERPART_COLLECTION, filter.knownAt),
    );
    if (filter.unitId === undefined) return links.filter((link) => !filter.at || contains(link.valid, filter.at));
    const unitId = filter.unitId;
    const matching = filter.at
      ? counterpartsOf(links, unitId, filter.at).map((entry) => entry.link)
      : links.filter((link) => link.a === unitId || link.b === unitId);
    return matching.filter((link) => this.unitReadable(actor, link.a === unitId ? link.b : link.a));
  }

  async bodies(actor: Actor, filter: { unitId?: string; at?: Instant; knownAt?: Instant } = {}) {
    const bodies = this.guard.readable(actor, await this.documents<CoordinationBody>(BODY_COLLECTION, filter.knownAt));
    const at = filter.at;
    const active = at ? bodies.filter((body) => contains(body.valid, at)) : bodies;
    const withUnit = filter.unitId
      ? at
        ? bodiesOf(active, filter.unitId, at)
        : active.filter((body) => body.members.includes(filter.unitId!))
      : active;
    return withUnit.map((body) => this.bodyView(actor, body, at));
  }

  async body(actor: Actor, id: string, at?: Instant) {
    const body = (await this.documents<CoordinationBody>(BODY_COLLECTION)).find((candidate) => candidate.id === id);
    if (!body || !this.guard.canRead(actor, body.label)) throw new C2Error('C2_NOT_FOUND', `no body with id '${id}'`);
    return this.bodyView(actor, body, at);
  }

  async createCounterpart(actor: Actor, link: CounterpartLink) {
    this.guard.assertCanWrite(actor, link.label);
    return this.createRecord(
      actor,
      COUNTERPART_COLLECTION,
      link,
      checkCounterpart(link, this.force.structure.timeline()),
    );
  }

  async createBody(actor: Actor, body: CoordinationBody) {
    this.guard.assertCanWrite(actor, body.label);
    return this.createRecord(actor, BODY_COLLECTION, body, checkBody(body, this.force.structure.timeline()));
  }

  // requests

  /** Requests of the given commands (default: every command the actor acts for), with counts by state. */
  async list(actor: Actor, options: { commandId?: string; box?: Box; state?: RequestState } = {}) {
    const now = this.clock.now();
    const commands = options.commandId ? [this.readableUnit(actor, options.commandId).id] : this.commandsOf(actor, now);
    const mine = new Set(commands);
    const box = options.box ?? 'all';
    const requests = (await this.visibleRequests(actor)).filter(
      (request) =>
        (box !== 'outbox' && mine.has(request.toId) && request.state !== 'DRAFT') ||
        (box !== 'inbox' && mine.has(request.fromId)),
    );
    const replies = await this.readableReplies(actor);
    const refs = await this.refIndex(actor);
    const views = requests.map((request) => this.view(request, replies, refs, now));
    return {
      commands,
      box,
      counts: countByState(requests, now),
      requests: views
        .filter((view) => !options.state || view.state === options.state)
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)),
    };
  }

  async get(actor: Actor, id: string) {
    const request = await this.visibleRequest(actor, id);
    const replies = await this.readableReplies(actor);
    const refs = await this.refIndex(actor);
    const view = this.view(request, replies, refs, this.clock.now());
    const thread = replies
      .filter((reply) => reply.requestId === id)
      .map((reply) => ({ ...reply, attachments: readableRefs(reply.attachments, refs) }));
    return { ...view, thread };
  }

  async draft(actor: Actor, input: RequestDraft) {
    this.guard.assertCanWrite(actor, input.label);
    const now = this.clock.now();
    const from = this.readableUnit(actor, input.fromId, now);
    const to = this.readableUnit(actor, input.toId, now);
    if (!actsFor(actor, from)) {
      throw new C2Error('C2_FORBIDDEN', `only the staff of ${from.shortName} may draft its requests`);
    }
    if (from.id === to.id)
      throw new C2Error('C2_BAD_INPUT', 'a request goes to another command', [
        { code: 'C2_BAD_INPUT', path: 'toId', message: 'toId: must differ from fromId' },
      ]);
    await this.assertChannel(from, to, now);
    await this.assertRefs(actor, input.attachments);
    return this.writes.run(async () => {
      const existing = await this.documents<CoordinationRequest>(REQUEST_COLLECTION);
      const id = input.id ?? `${input.kind.toLowerCase()}-${String(existing.length + 1).padStart(4, '0')}`;
      if (existing.some((request) => request.id === id)) {
        throw new C2Error('C2_DUPLICATE_ID', `a request with id '${id}' exists`);
      }
      const request: CoordinationRequest = {
        id,
        kind: input.kind,
        fromId: from.id,
        toId: to.id,
        subject: input.subject,
        body: input.body,
        attachments: input.attachments,
        deadline: input.deadline,
        priority: input.priority,
        label: input.label,
        state: 'DRAFT',
        createdAt: now,
        createdBy: actor.id,
        transitions: [],
      };
      await putDocuments(this.store, this.clock, actor, [requestDocument(request)], `draft ${request.kind} ${id}`);
      return this.get(actor, id);
    });
  }

  /** Send a draft: the receiving nation must be in the label's audience, and the two commands must have a channel. */
  async send(actor: Actor, id: string, note?: string) {
    return this.transition(actor, id, 'send', note, async (request, now) => {
      const to = this.unit(request.toId);
      if (!inAudience(audienceOf(request.label, this.guard.policy), to.nation)) {
        const marking = renderBanner(request.label, this.guard.policy);
        throw new C2Error(
          'C2_NOT_RELEASABLE',
          `request ${request.id} is marked ${marking}, which does not release to ${to.nation} (${to.shortName}); ` +
            'relabel it for release or address a command of your own nation',
        );
      }
      await this.assertChannel(this.unit(request.fromId), to, now);
      return [];
    });
  }

  async acknowledge(actor: Actor, id: string, note?: string) {
    return this.transition(actor, id, 'acknowledge', note);
  }

  async close(actor: Actor, id: string, note?: string) {
    return this.transition(actor, id, 'close', note);
  }

  /** The receiver's answer: a reply that releases to the requesting nation, and the move to ANSWERED, in one commit. */
  async answer(actor: Actor, id: string, input: ReplyInput) {
    this.guard.assertCanWrite(actor, input.label);
    await this.assertRefs(actor, input.attachments);
    return this.transition(actor, id, 'answer', undefined, async (request, now) => {
      const from = this.unit(request.fromId);
      if (!inAudience(audienceOf(input.label, this.guard.policy), from.nation)) {
        const marking = renderBanner(input.label, this.guard.policy);
        throw new C2Error(
          'C2_NOT_RELEASABLE',
          `an answer marked ${marking} does not release to ${from.nation} (${from.shortName}), who asked`,
        );
      }
      return [replyDocument(await this.newReply(actor, request, 'ANSWER', request.toId, input, now))];
    });
  }

  /** A message in the thread from either side; one not releasable to the other side is an internal note. */
  async comment(actor: Actor, id: string, input: ReplyInput) {
    this.guard.assertCanWrite(actor, input.label);
    await this.assertRefs(actor, input.attachments);
    return this.writes.run(async () => {
      const request = await this.visibleRequest(actor, id);
      const side = [request.fromId, request.toId].find((unitId) => actsFor(actor, this.unit(unitId)));
      if (!side) throw new C2Error('C2_FORBIDDEN', `only the two commands of request ${id} write in its thread`);
      if (request.state === 'CLOSED') throw new C2Error('C2_BAD_STATE', `request ${id} is closed`);
      const now = this.clock.now();
      const reply = await this.newReply(actor, request, 'COMMENT', side, input, now);
      await putDocuments(this.store, this.clock, actor, [replyDocument(reply)], `comment on ${id}`);
      return this.get(actor, id);
    });
  }

  /** Record, once, the lapse of every request past its deadline; returns the ids the actor may read. */
  async detectOverdue(actor: Actor) {
    return this.writes.run(async () => {
      const now = this.clock.now();
      const basis = await this.store.lastTxId();
      const lapsed = detectOverdue(await this.documents<CoordinationRequest>(REQUEST_COLLECTION), now);
      if (lapsed.length > 0) {
        await putDocuments(
          this.store,
          this.clock,
          actor,
          lapsed.map(requestDocument),
          `${lapsed.length} request(s) overdue`,
          { basedOnTxId: basis },
        );
      }
      return { at: now, recorded: this.guard.readable(actor, lapsed).map((request) => request.id) };
    });
  }

  /** How far apart two headquarters are, their time difference, and when both are at work on a date. */
  separation(actor: Actor, aId: string, bId: string, at: Instant, date?: string) {
    const a = this.readableUnit(actor, aId, at);
    const b = this.readableUnit(actor, bId, at);
    if (!a.homeStation || !b.homeStation) {
      throw new C2Error('C2_NOT_FOUND', `${a.homeStation ? b.shortName : a.shortName} has no home station on record`);
    }
    const [aTz, bTz] = [a.homeStation.timeZone, b.homeStation.timeZone];
    const day = date ?? (aTz ? localTime(at, aTz).date : at.slice(0, 10));
    const overlap = aTz && bTz ? workingHoursOverlap(aTz, bTz, day) : null;
    const places = [
      { unitId: a.id, timeZone: aTz },
      { unitId: b.id, timeZone: bTz },
    ];
    return {
      a: { id: a.id, shortName: a.shortName, station: a.homeStation },
      b: { id: b.id, shortName: b.shortName, station: b.homeStation },
      ...separation(a.homeStation, b.homeStation, at),
      at: timeView(at, places),
      workingHours: overlap && {
        date: day,
        minutes: overlap.reduce((sum, span) => sum + (Date.parse(span.to!) - Date.parse(span.from)) / 60_000, 0),
        intervals: overlap.map((span) => ({ from: timeView(span.from, places), to: timeView(span.to!, places) })),
      },
    };
  }

  /**
   * Load a missions document (missions, counterparts, bodies, requests with their replies) in one commit. Records are
   * checked for labels the actor may write and for counterparts and bodies that name real commands of two nations;
   * mission findings come back as a report, since a gap is what the checks are there to show.
   */
  async importDocument(actor: Actor, input: unknown, summary = 'import missions and coordination') {
    const parsed = missionsDocument.safeParse(input);
    if (!parsed.success) {
      const violations = zodIssues(parsed.error.issues);
      throw new C2Error(
        'C2_BAD_INPUT',
        `not a valid alliance-c2/missions document: ${violations[0]!.message}`,
        violations,
      );
    }
    const document = parsed.data as MissionsDocument;
    const records = [
      ...document.missions.map((body) => ({ collection: MISSION_COLLECTION, body })),
      ...document.counterparts.map((body) => ({ collection: COUNTERPART_COLLECTION, body })),
      ...document.bodies.map((body) => ({ collection: BODY_COLLECTION, body })),
      ...document.requests.map((body) => ({ collection: REQUEST_COLLECTION, body })),
      ...document.replies.map((body) => ({ collection: REPLY_COLLECTION, body })),
    ];
    for (const { body } of records) this.guard.assertCanWrite(actor, body.label);
    const tl = this.force.structure.timeline();
    const problems = [
      ...document.counterparts.flatMap((link) => checkCounterpart(link, tl)),
      ...document.bodies.flatMap((body) => checkBody(body, tl)),
    ];
    if (problems.length > 0) throw new C2Error(problems[0]!.code, problems[0]!.message, problems);
    return this.writes.run(async () => {
      const tx = await putDocuments(
        this.store,
        this.clock,
        actor,
        records.map(({ collection, body }) => ({ collection, id: body.id, body, label: body.label })),
        summary,
        { detail: { title: document.meta.title, records: records.length } },
      );
      return { tx, records: records.length, violations: await this.missions.check(actor) };
    });
  }

  // internals

  private async transition(
    actor: Actor,
    id: string,
    action: RequestAction,
    note: string | undefined,
    guardAndExtra?: (request: CoordinationRequest, now: Instant) => Promise<StoredDocument[]>,
  ) {
    return this.writes.run(async () => {
      // The writer's basis: another process that changes the request after this read makes the put a C2_CONFLICT.
      const basis = await this.store.lastTxId();
      const request = await this.visibleRequest(actor, id);
      const side = sideOf(action);
      const commandId = side === 'SENDER' ? request.fromId : request.toId;
      const command = this.unit(commandId);
      if (!actsFor(actor, command)) {
        const role = side === 'SENDER' ? 'sending' : 'receiving';
        throw new C2Error(
          'C2_FORBIDDEN',
          `only the staff of ${command.shortName} (the ${role} command) may ${action} request ${id}`,
        );
      }
      const now = this.clock.now();
      const next = applyAction(request, action, {
        at: now,
        actorId: actor.id,
        command: commandId,
        ...(note ? { note } : {}),
      });
      const extra = guardAndExtra ? await guardAndExtra(request, now) : [];
      await putDocuments(
        this.store,
        this.clock,
        actor,
        [requestDocument(next), ...extra],
        `${action} ${request.kind} ${id}`,
        { basedOnTxId: basis },
      );
      return this.get(actor, id);
    });
  }

  private async newReply(
    actor: Actor,
    request: CoordinationRequest,
    kind: Reply['kind'],
    fromId: string,
    input: ReplyInput,
    at: Instant,
  ): Promise<Reply> {
    const count = (await this.documents<Reply>(REPLY_COLLECTION)).filter((r) => r.requestId === request.id).length;
    return {
      id: `${request.id}.${count + 1}`,
      requestId: request.id,
      kind,
      fromId,
      by: actor.id,
      at,
      body: input.body,
      attachments: input.attachments,
      label: input.label,
    };
  }

  private view(request: CoordinationRequest, replies: Reply[], refs: RefIndex, now: Instant) {
    const [from, to] = [this.unit(request.fromId), this.unit(request.toId)];
    const places = [
      { unitId: from.id, timeZone: from.homeStation?.timeZone },
      { unitId: to.id, timeZone: to.homeStation?.timeZone },
    ];
    return {
      ...request,
      attachments: readableRefs(request.attachments, refs),
      recordedState: request.state,
      state: effectiveState(request, now),
      overdue: isOverdue(request, now),
      from: { id: from.id, shortName: from.shortName, nation: from.nation },
      to: { id: to.id, shortName: to.shortName, nation: to.nation },
      deadlineDtg: request.deadline ? timeView(request.deadline, places) : null,
      replyCount: replies.filter((reply) => reply.requestId === request.id).length,
    };
  }

  private async refIndex(actor: Actor): Promise<RefIndex> {
    const tl = this.force.structure.timeline();
    const units = [...tl.unitIds()].filter((id) => this.unitReadable(actor, id));
    const relationships = this.guard.readable(actor, tl.allRelationships()).map((edge) => edge.id);
    const missions = (await this.missions.list(actor)).map((mission) => mission.id);
    const plans = (await this.store.listDocuments(PLAN_COLLECTION))
      .filter((version) => this.guard.canRead(actor, version.record.label))
      .map((version) => version.record.id);
    const requests = (await this.visibleRequests(actor)).map((request) => request.id);
    return new Map<RecordRef['kind'], Set<string>>([
      ['unit', new Set(units)],
      ['relationship', new Set(relationships)],
      ['mission', new Set(missions)],
      ['plan', new Set(plans)],
      ['request', new Set(requests)],
    ]);
  }

  private async assertRefs(actor: Actor, refs: RecordRef[]) {
    if (refs.length === 0) return;
    const index = await this.refIndex(actor);
    const shown = new Set(readableRefs(refs, index));
    const missing = refs.filter((ref) => !shown.has(ref));
    if (missing.length > 0) {
      throw new C2Error(
        'C2_NOT_FOUND',
        `attachment(s) not found: ${missing.map((ref) => `${ref.kind} '${ref.id}'`).join(', ')}`,
      );
    }
  }

  private async assertChannel(from: UnitSlice, to: UnitSlice, at: Instant) {
    const channels = channelsBetween(
      await this.documents<CounterpartLink>(COUNTERPART_COLLECTION),
      await this.documents<CoordinationBody>(BODY_COLLECTION),
      from.id,
      to.id,
      at,
    );
    if (channels.links.length === 0 && channels.bodies.length === 0) {
      throw new C2Error(
        'C2_NOT_COUNTERPART',
        `${to.shortName} is not a counterpart of ${from.shortName} on ${at.slice(0, 10)}, and no coordination body joins them`,
      );
    }
  }

  private async createRecord<T extends { id: string; label: SecurityLabel }>(
    actor: Actor,
    collection: string,
    record: T,
    problems: ReturnType<typeof checkCounterpart>,
  ) {
    if (problems.length > 0) throw new C2Error(problems[0]!.code, problems[0]!.message, problems);
    return this.writes.run(async () => {
      if ((await this.documents(collection)).some((existing) => (existing as { id: string }).id === record.id)) {
        throw new C2Error('C2_DUPLICATE_ID', `a record with id '${record.id}' exists in ${collection}`);
      }
      const document = { collection, id: record.id, body: record, label: record.label };
      const tx = await putDocuments(this.store, this.clock, actor, [document], `create ${collection} ${record.id}`);
      return { tx, record };
    });
  }

  private bodyView(actor: Actor, body: CoordinationBody, at?: Instant) {
    const tl = this.force.structure.timeline();
    const members = body.members
      .filter((id) => this.unitReadable(actor, id))
      .map((id) => {
        const unit = (at ? tl.unitAt(id, at) : undefined) ?? tl.unitSlices(id).at(-1)!;
        return {
          id,
          shortName: unit.shortName,
          nation: unit.nation,
          active: at ? tl.unitAt(id, at) !== undefined : null,
        };
      });
    return { ...body, members: members.map((member) => member.id), memberUnits: members };
  }

  private async documents<T>(collection: string, knownAt?: Instant): Promise<T[]> {
    return (await this.store.listDocuments<T>(collection, knownAt ? { knownAt } : {})).map((v) => v.record.body);
  }

  private async visibleRequests(actor: Actor): Promise<CoordinationRequest[]> {
    return (await this.documents<CoordinationRequest>(REQUEST_COLLECTION)).filter((request) =>
      this.visible(actor, request),
    );
  }

  private async visibleRequest(actor: Actor, id: string): Promise<CoordinationRequest> {
    const request = (await this.documents<CoordinationRequest>(REQUEST_COLLECTION)).find((r) => r.id === id);
    if (!request || !this.visible(actor, request)) throw new C2Error('C2_NOT_FOUND', `no request with id '${id}'`);
    return request;
  }

  /** Releasable to the reader, and not a draft of the other side. */
  private visible(actor: Actor, request: CoordinationRequest): boolean {
    return (
      this.guard.canRead(actor, request.label) &&
      (request.state !== 'DRAFT' || actsFor(actor, this.unit(request.fromId)))
    );
  }

  private async readableReplies(actor: Actor): Promise<Reply[]> {
    const replies = this.guard.readable(actor, await this.documents<Reply>(REPLY_COLLECTION));
    return replies.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  /** Every command the actor acts for at `at`. */
  private commandsOf(actor: Actor, at: Instant): string[] {
    const tl = this.force.structure.timeline();
    return [...tl.unitIds()].filter((id) => {
      const unit = tl.unitAt(id, at);
      return unit !== undefined && this.guard.canRead(actor, unit.label) && actsFor(actor, unit);
    });
  }

  private unit(id: string): UnitSlice {
    const slices = this.force.structure.timeline().unitSlices(id);
    if (slices.length === 0) throw new C2Error('C2_NOT_FOUND', `no unit with id '${id}'`);
    return slices.at(-1)!;
  }

  private unitReadable(actor: Actor, id: string): boolean {
    return this.force.structure
      .timeline()
      .unitSlices(id)
      .some((slice) => this.guard.canRead(actor, slice.label));
  }

  /** A unit the actor may read; at `at` when given (it must exist then), else its latest slice. */
  private readableUnit(actor: Actor, id: string, at?: Instant): UnitSlice {
    if (!this.unitReadable(actor, id)) throw new C2Error('C2_NOT_FOUND', `no unit with id '${id}'`);
    if (at === undefined) return this.unit(id);
    const unit = this.force.structure.timeline().unitAt(id, at);
    if (!unit || !this.guard.canRead(actor, unit.label)) {
      throw new C2Error('C2_NOT_FOUND', `unit '${id}' is not in existence on ${at.slice(0, 10)}`);
    }
    return unit;
  }
}
