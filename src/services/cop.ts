import { randomUUID } from 'node:crypto';
import {
  type Confidence,
  type EventGeometry,
  type EventSource,
  KIND_COT_DIMENSION,
  type SecurityEvent,
  type SecurityEventKind,
  validateGeometry,
  validateSecurityEvent,
} from '../domain/cop/security-event.js';
import { attr, type CotElement, type CotEvent, validateCotEvent } from '../domain/cop/track.js';
import { C2Error } from '../domain/errors.js';
import type { Areal } from '../domain/geo/area.js';
import type { LatLon } from '../domain/geo/position.js';
import type { SecurityLabel } from '../domain/security/label.js';
import { rollUp } from '../domain/security/lattice.js';
import { addMs, HOUR_MS, type Instant } from '../domain/time/instant.js';
import { emptyChangeSet } from '../domain/force/change.js';
import type { StoredDocument } from '../domain/records.js';
import type { Store } from '../store/port.js';
import { affiliationOf, type TrackPoint, type TrackQuery, type TrackStore } from '../store/tracks.js';
import type { Actor } from './actor.js';
import {
  ALERT_COLLECTION,
  type Alert,
  type AlertRule,
  EVENT_COLLECTION,
  RULE_COLLECTION,
  triggeredRules,
} from './cop-alerts.js';
import { labelKey, labelOfEvent } from './cop-labels.js';
import type { Clock } from './clock.js';
import type { Guard } from './guard.js';

/**
 * The common operational picture: every CoT event from TAK clients, feeds and analysts, labelled at the door, kept as
 * the latest picture (what a client gets on connect) and as track history (what queries and replays read), and fanned
 * out to every receiver that may read it. The access decision is the Guard's, made per receiver and label, once.
 */

/** Where an event came from and who answers for it; labels are bounded by what `actor` may read. */
export interface CopSource {
  /** E.g. 'tak:tls:10.0.0.5:51234', 'udp:4242', 'feed:jmod'. */
  id: string;
  actor: Actor;
  /** The label of events that carry no marking of their own. */
  defaultLabel: SecurityLabel;
}

/** One labelled event on its way out; adapters cache their encodings on `wire` so each is made once. */
export interface PictureMessage {
  readonly event: CotEvent;
  readonly labelKey: string;
  /** False only for position reports, which a slow receiver may lose to a newer one. */
  readonly mustArrive: boolean;
  readonly wire: { xml?: Uint8Array; proto?: Uint8Array };
}

export interface TrackFilter {
  bbox?: [number, number, number, number];
  type?: string;
  affiliation?: string;
  source?: string;
}

/** A live receiver: a TAK connection or a web socket. */
export interface PictureReceiver {
  /** The source id of the receiver's own connection, so a sender does not get its own events back. */
  readonly id: string;
  readonly actor: Actor;
  readonly filter?: TrackFilter;
  /** Whether a `marti/dest` callsign (or uid) names this receiver. */
  answersTo?(dest: string): boolean;
  deliver(message: PictureMessage): void;
}

export interface CopOptions {
  /** How long track history is kept (default 7 days). */
  retentionMs?: number;
  /** Publishes alerts (e.g. on the bus); subject 'cop.alert.<command>'. */
  publish?: (subject: string, payload: unknown) => void | Promise<void>;
  /** The commands whose active missions cover a place at a time (from the missions service, when wired). */
  responsibleCommands?: (point: LatLon, at: Instant) => Promise<string[]>;
  /** History rows are written in batches of this many, or every `flushMs`. */
  batchSize?: number;
  flushMs?: number;
  /** Rows per store call within a batch, with a turn of the event loop between calls (default 200). */
  writeSlice?: number;
}

export interface SecurityEventInput {
  kind: SecurityEventKind;
  description: string;
  geometry: EventGeometry;
  source: Omit<EventSource, 'reportedAt'> & { reportedAt?: Instant };
  confidence: Confidence;
  label: SecurityLabel;
  time?: Instant;
  /** CoT affiliation letter for the symbol (default 'u', unknown). */
  affiliation?: string;
  details?: Record<string, unknown>;
}

export function matchesFilter(event: CotEvent, filter: TrackFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.type !== undefined && event.type !== filter.type && !event.type.startsWith(`${filter.type}-`))
    return false;
  if (filter.affiliation !== undefined && affiliationOf(event.type) !== filter.affiliation) return false;
  if (filter.source !== undefined && event.source !== filter.source) return false;
  if (filter.bbox) {
    const [west, south, east, north] = filter.bbox;
    const { lat, lon } = event.point;
    if (lat < south || lat > north) return false;
    if (west <= east ? lon < west || lon > east : lon < west && lon > east) return false;
  }
  return true;
}

const isControl = (type: string) => type.startsWith('t-');
const isChat = (type: string) => type.startsWith('b-t-f');
export const isPositionReport = (event: CotEvent) => event.type.startsWith('a-') && !event.dest;

function toTrackPoint(event: CotEvent): TrackPoint {
  return {
    uid: event.uid,
    type: event.type,
    ...(event.how === undefined ? {} : { how: event.how }),
    time: event.time,
    stale: event.stale,
    lat: event.point.lat,
    lon: event.point.lon,
    hae: event.point.hae,
    ...(event.callsign === undefined ? {} : { callsign: event.callsign }),
    ...(event.course === undefined ? {} : { course: event.course }),
    ...(event.speed === undefined ? {} : { speed: event.speed }),
    affiliation: affiliationOf(event.type),
    source: event.source ?? '',
    label: event.label,
    event,
  };
}

/** The uid a t-x-d-d (delete) event removes: its `<link uid>`. */
function deletedUid(event: CotEvent): string | undefined {
  const link = event.detail.find((n): n is CotElement => typeof n !== 'string' && n.name === 'link');
  return link && attr(link, 'uid');
}

interface Receiver {
  receiver: PictureReceiver;
  /** Access decisions by label key: a receiver's actor does not change while it is connected. */
  decisions: Map<string, boolean>;
}

export class CopService {
  private readonly picture = new Map<string, PictureMessage>();
  private readonly receivers = new Set<Receiver>();
  private pending: TrackPoint[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private readonly writeDecisions = new Map<string, Map<string, boolean>>();
  readonly retentionMs: number;

  constructor(
    private readonly tracks: TrackStore,
    private readonly store: Store,
    readonly guard: Guard,
    private readonly clock: Clock,
    private readonly options: CopOptions = {},
  ) {
    this.retentionMs = options.retentionMs ?? 7 * 24 * HOUR_MS;
  }

  /** Starts the timers that write history and forget stale tracks; `stop` flushes and clears them. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.expire();
      void this.flush();
    }, this.options.flushMs ?? 250);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /**
   * Labels an event from `source`, adds it to the picture and the history, and hands it to every receiver that may
   * read it. Throws C2_BAD_MARKING for a marking the policy cannot read and C2_LABEL_ABOVE_CLEARANCE / C2_FORBIDDEN
   * for a label the sender could not read itself.
   */
  ingest(event: CotEvent, source: CopSource): PictureMessage {
    const label = labelOfEvent(event, source.defaultLabel, this.guard.policy);
    const key = labelKey(label);
    this.assertSenderMayWrite(source.actor, label, key);
    const labelled: CotEvent = { ...event, label, source: source.id };
    const message: PictureMessage = {
      event: labelled,
      labelKey: key,
      mustArrive: !isPositionReport(labelled),
      wire: {},
    };
    this.remember(message);
    this.fanOut(message, source.id);
    return message;
  }

  /** Registers a live receiver; returns the function that removes it. */
  subscribe(receiver: PictureReceiver): () => void {
    const entry: Receiver = { receiver, decisions: new Map() };
    this.receivers.add(entry);
    return () => this.receivers.delete(entry);
  }

  get receiverCount(): number {
    return this.receivers.size;
  }

  /** The latest non-stale event of each uid that `actor` may read: what a client receives on connect. */
  latest(actor: Actor, filter?: TrackFilter): PictureMessage[] {
    const now = Date.parse(this.clock.now());
    const out: PictureMessage[] = [];
    for (const message of this.picture.values()) {
      if (Date.parse(message.event.stale) <= now) continue;
      if (matchesFilter(message.event, filter) && this.guard.canRead(actor, message.event.label)) out.push(message);
    }
    return out;
  }

  /** Forgets picture entries whose stale time has come; returns their uids. */
  expire(): string[] {
    const now = Date.parse(this.clock.now());
    const gone: string[] = [];
    for (const [uid, message] of this.picture) {
      if (Date.parse(message.event.stale) <= now) {
        this.picture.delete(uid);
        gone.push(uid);
      }
    }
    return gone;
  }

  /** Writes buffered history rows; resolves when they are stored. */
  flush(): Promise<void> {
    if (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      this.flushing = this.flushing.then(() => this.write(batch));
    }
    return this.flushing;
  }

  /**
   * Writes history in slices, each after a turn of the event loop: a store may write synchronously (SQLite does, at
   * some 30 µs a row), and one large transaction would hold every socket, and so the live picture, for its length.
   */
  private async write(batch: TrackPoint[]): Promise<void> {
    const slice = this.options.writeSlice ?? 200;
    for (let from = 0; from < batch.length; from += slice) {
      await new Promise((resolve) => setImmediate(resolve));
      await this.tracks.append(from === 0 && batch.length <= slice ? batch : batch.slice(from, from + slice));
    }
  }

  /** Deletes history older than the retention period; returns how many points went. */
  async prune(): Promise<number> {
    await this.flush();
    return this.tracks.prune(addMs(this.clock.now(), -this.retentionMs));
  }

  /** Track history rows the actor may read, in time order. */
  async query(actor: Actor, filter: TrackQuery): Promise<TrackPoint[]> {
    await this.flush();
    return this.guard.readable(actor, await this.tracks.query(this.readableBy(actor, filter)));
  }

  /** The last readable point of each track in the window. Each track's latest point is checked, not an older one. */
  async lastPoints(actor: Actor, filter: TrackQuery): Promise<TrackPoint[]> {
    await this.flush();
    return this.guard.readable(actor, await this.tracks.latest(this.readableBy(actor, filter)));
  }

  /** The store counts only rows the actor may read toward a limit (the result is still filtered by the guard). */
  private readableBy(actor: Actor, filter: TrackQuery): TrackQuery {
    return { ...filter, accept: (point) => this.guard.canRead(actor, point.label) };
  }

  async history(actor: Actor, uid: string, window: { from?: Instant; to?: Instant } = {}): Promise<TrackPoint[]> {
    const points = await this.query(actor, { ...window, uid });
    if (points.length === 0) throw new C2Error('C2_NOT_FOUND', `no track with uid '${uid}'`);
    return points;
  }

  /**
   * Sends the readable history of a window to `emit` at `speed` times real time: gaps between events are kept,
   * divided by the speed, measured from the start so delays do not add up. Stops early when `signal` aborts.
   */
  async replay(
    actor: Actor,
    window: { from: Instant; to: Instant } & TrackFilter,
    speed: number,
    emit: (point: TrackPoint) => void,
    signal?: AbortSignal,
  ): Promise<number> {
    if (!(speed > 0 && speed <= 10_000)) throw new C2Error('C2_BAD_INPUT', `speed ${speed} must be in (0, 10000]`);
    const points = await this.query(actor, window);
    const started = performance.now();
    const origin = points.length > 0 ? Date.parse(points[0]!.time) : 0;
    let sent = 0;
    for (const point of points) {
      const due = started + (Date.parse(point.time) - origin) / speed;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait, signal);
      if (signal?.aborted) break;
      emit(point);
      sent += 1;
    }
    return sent;
  }

  // -- events of the security environment and alert rules ------------------------------------------------------

  /** Records a security event (labelled by its author), puts it on the picture, and raises the alerts it triggers. */
  async createEvent(actor: Actor, input: SecurityEventInput): Promise<{ event: SecurityEvent; alerts: Alert[] }> {
    this.guard.assertCanWrite(actor, input.label);
    validateGeometry(input.geometry);
    const now = this.clock.now();
    const time = input.time ?? now;
    const point = anchorOf(input.geometry);
    const affiliation = input.affiliation ?? 'u';
    if (!/^[fhnuasjkop]$/.test(affiliation))
      throw new C2Error('C2_BAD_INPUT', `affiliation '${affiliation}' is not a CoT affiliation letter`);
    const id = `c2-event-${randomUUID()}`;
    const cot = validateCotEvent({
      version: '2.0',
      uid: id,
      type: `a-${affiliation}-${KIND_COT_DIMENSION[input.kind]}`,
      how: 'h-e',
      time,
      start: time,
      stale: addMs(time, HOUR_MS),
      point: { lat: point.lat, lon: point.lon, hae: 9_999_999, ce: 9_999_999, le: 9_999_999 },
      detail: [{ name: 'remarks', attrs: [], children: [input.description] }],
      remarks: input.description,
      source: `analyst:${actor.id}`,
      label: input.label,
    });
    const event = validateSecurityEvent({
      ...(input.details ?? {}),
      kind: input.kind,
      cot,
      description: input.description,
      geometry: input.geometry,
      source: { ...input.source, reportedAt: input.source.reportedAt ?? now },
      confidence: input.confidence,
      label: input.label,
    } as SecurityEvent);
    await this.put(
      actor,
      [{ collection: EVENT_COLLECTION, id, body: event, label: event.label }],
      `security event ${input.kind}`,
    );
    this.ingest(cot, { id: cot.source!, actor, defaultLabel: input.label });
    return { event, alerts: await this.raiseAlerts(event, time) };
  }

  async events(
    actor: Actor,
    filter: { kind?: SecurityEventKind; from?: Instant; to?: Instant } = {},
  ): Promise<SecurityEvent[]> {
    const all = await this.store.listDocuments<SecurityEvent>(EVENT_COLLECTION);
    return this.guard
      .readable(
        actor,
        all.map((version) => version.record.body),
      )
      .filter(
        (event) =>
          (filter.kind === undefined || event.kind === filter.kind) &&
          (filter.from === undefined || event.cot.time >= filter.from) &&
          (filter.to === undefined || event.cot.time <= filter.to),
      )
      .sort((a, b) => (a.cot.time < b.cot.time ? -1 : a.cot.time > b.cot.time ? 1 : 0));
  }

  async createRule(actor: Actor, rule: Omit<AlertRule, 'id'> & { id?: string }): Promise<AlertRule> {
    this.guard.assertCanWrite(actor, rule.label);
    const polygons = rule.area.type === 'Polygon' ? [rule.area.coordinates] : rule.area.coordinates;
    for (const coordinates of polygons) validateGeometry({ type: 'Polygon', coordinates } as EventGeometry, 'area');
    const stored: AlertRule = { ...rule, id: rule.id ?? `c2-rule-${randomUUID()}` };
    await this.put(
      actor,
      [{ collection: RULE_COLLECTION, id: stored.id, body: stored, label: stored.label }],
      `alert rule ${stored.name}`,
    );
    return stored;
  }

  async rules(actor: Actor): Promise<AlertRule[]> {
    return this.guard.readable(actor, await this.allRules());
  }

  async alerts(actor: Actor, filter: { command?: string } = {}): Promise<Alert[]> {
    const all = await this.store.listDocuments<Alert>(ALERT_COLLECTION);
    return this.guard
      .readable(
        actor,
        all.map((version) => version.record.body),
      )
      .filter((alert) => filter.command === undefined || alert.commands.includes(filter.command))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  private async allRules(): Promise<AlertRule[]> {
    return (await this.store.listDocuments<AlertRule>(RULE_COLLECTION)).map((version) => version.record.body);
  }

  /** Every rule is checked, readable by the author or not: an alert's audience is the commands, not the author. */
  private async raiseAlerts(event: SecurityEvent, at: Instant): Promise<Alert[]> {
    const alerts: Alert[] = [];
    for (const rule of triggeredRules(event, await this.allRules())) {
      const responsible = this.options.responsibleCommands
        ? await this.options.responsibleCommands(event.cot.point, at)
        : [];
      alerts.push({
        id: `c2-alert-${randomUUID()}`,
        ruleId: rule.id,
        ruleName: rule.name,
        eventId: event.cot.uid,
        kind: event.kind,
        commands: [...new Set([...rule.commands, ...responsible])].sort(),
        at,
        label: rollUp([event.label, rule.label], this.guard.policy),
      });
    }
    if (alerts.length === 0) return alerts;
    const system: Actor = {
      id: 'system',
      name: 'System',
      nation: 'USA',
      clearance: '',
      caveats: [],
      roles: ['system'],
    };
    await this.put(
      system,
      alerts.map((alert) => ({ collection: ALERT_COLLECTION, id: alert.id, body: alert, label: alert.label })),
      `alerts for event ${event.cot.uid}`,
    );
    for (const alert of alerts) {
      for (const command of alert.commands)
        await this.options.publish?.(`cop.alert.${command.replace(/[\s.*>]/g, '_')}`, alert);
    }
    return alerts;
  }

  // -- internals ----------------------------------------------------------------------------------------------------

  private async put(actor: Actor, documents: StoredDocument[], summary: string): Promise<void> {
    await this.store.commit(
      { ...emptyChangeSet(), putDocuments: documents },
      { actor: actor.id, at: this.clock.now(), summary },
    );
  }

  private assertSenderMayWrite(actor: Actor, label: SecurityLabel, key: string): void {
    let decisions = this.writeDecisions.get(actor.id);
    if (!decisions) {
      decisions = new Map();
      this.writeDecisions.set(actor.id, decisions);
    }
    const cached = decisions.get(key);
    if (cached === true) return;
    try {
      this.guard.assertCanWrite(actor, label);
      decisions.set(key, true);
    } catch (error) {
      decisions.set(key, false);
      throw error;
    }
  }

  private remember(message: PictureMessage): void {
    const { event } = message;
    if (isControl(event.type)) {
      const gone = event.type === 't-x-d-d' ? deletedUid(event) : undefined;
      if (gone) this.picture.delete(gone);
      return;
    }
    this.pending.push(toTrackPoint(event));
    if (this.pending.length >= (this.options.batchSize ?? 2000)) void this.flush();
    if (!event.dest && !isChat(event.type)) this.picture.set(event.uid, message);
  }

  private fanOut(message: PictureMessage, senderId: string): void {
    const { event, labelKey: key } = message;
    for (const entry of this.receivers) {
      const { receiver } = entry;
      if (receiver.id === senderId) continue;
      if (event.dest && !event.dest.some((dest) => receiver.answersTo?.(dest))) continue;
      if (!matchesFilter(event, receiver.filter)) continue;
      let allowed = entry.decisions.get(key);
      if (allowed === undefined) {
        allowed = this.guard.canRead(receiver.actor, event.label);
        entry.decisions.set(key, allowed);
      }
      if (allowed) receiver.deliver(message);
    }
  }
}

/** The point a security event is drawn at: the point itself, or the centre of the line's or polygon's extent. */
function anchorOf(geometry: EventGeometry): LatLon {
  if (geometry.type === 'Point') return { lon: geometry.coordinates[0], lat: geometry.coordinates[1] };
  const positions = geometry.type === 'LineString' ? geometry.coordinates : geometry.coordinates.flat();
  const lons = positions.map((p) => p[0]);
  const lats = positions.map((p) => p[1]);
  return { lon: (Math.min(...lons) + Math.max(...lons)) / 2, lat: (Math.min(...lats) + Math.max(...lats)) / 2 };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export type { Alert, AlertRule, Areal };
