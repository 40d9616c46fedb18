import { fail } from '../errors.js';
import type { SecurityLabel } from '../security/label.js';
import type { Instant } from '../time/instant.js';
import { toInstant } from '../time/instant.js';

/**
 * A Cursor-on-Target event as the COP keeps it. The `<detail>` subtree is kept whole and in order (TAK clients put
 * their own extensions there and expect them back untouched); the typed fields are views of the well-known parts.
 * When a typed field is changed, `detailWithFields` writes it back into the tree, so the tree never goes stale.
 */
export type CotAttr = readonly [name: string, value: string];
export interface CotElement {
  readonly name: string;
  readonly attrs: readonly CotAttr[];
  readonly children: readonly CotNode[];
}
/** A string child is character data, already unescaped. */
export type CotNode = CotElement | string;

export interface CotPoint {
  lat: number;
  lon: number;
  /** Height above the WGS84 ellipsoid, metres; CE and LE are circular and linear error, metres. */
  hae: number;
  ce: number;
  le: number;
}

/** CoT spells "unknown" for hae/ce/le as 9999999. */
export const COT_UNKNOWN = 9_999_999;

export interface CotGroup {
  name: string;
  role: string;
}

/**
 * How the event looked on the wire: attribute order and the literal spelling of every value, so that an unchanged
 * event serialises back to what came in (e.g. `ce="9999999.0"`, `time="...09.00Z"`). Absent for events made here.
 */
export interface CotLayout {
  eventAttrs: readonly CotAttr[];
  pointAttrs: readonly CotAttr[];
  detailFirst: boolean;
  hasDetail: boolean;
}

export interface CotEvent {
  version: string;
  uid: string;
  type: string;
  how?: string;
  time: Instant;
  start: Instant;
  stale: Instant;
  point: CotPoint;
  /** Children of `<detail>`, in order. */
  detail: readonly CotNode[];
  callsign?: string;
  course?: number;
  speed?: number;
  remarks?: string;
  group?: CotGroup;
  /** `<marti><dest callsign=…/></marti>`: the callsigns a server should deliver the event to. */
  dest?: string[];
  /** Where we received it from (set by the adapter: connection, feed); never written to the XML. */
  source?: string;
  label: SecurityLabel;
  access?: string;
  qos?: string;
  opex?: string;
  layout?: CotLayout;
}

// From the MITRE base-event schema: type is `\w+(-\w+)*(;[^;]*)?`, how is `\w(-\w+)*`, qos is `\d-\w-\w`.
const TYPE_RE = /^\w+(-\w+)*(;[^;]*)?$/;
const HOW_RE = /^\w(-\w+)*$/;
const QOS_RE = /^\d-\w-\w$/;
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MAX_ID_LENGTH = 512;

export function isCotType(type: string): boolean {
  return type.length <= 256 && TYPE_RE.test(type);
}

export function parseCotTime(raw: string, field: string): Instant {
  if (!DATE_TIME_RE.test(raw)) fail('C2_BAD_TIME', `${field}: '${raw}' is not an xs:dateTime with a zone`, field);
  // The pattern has already checked the shape and the zone; only the calendar and the year range are left.
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) fail('C2_BAD_TIME', `${field}: '${raw}' is not a valid time`, field);
  return toInstant(ms, field);
}

export function parseCotNumber(raw: string, field: string): number {
  const text = raw.trim();
  const value = NUMBER_RE.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) fail('C2_BAD_POSITION', `${field}: '${raw}' is not a finite number`, field);
  return value;
}

/** Lenient reading of numbers inside `<detail>`: clients write junk there and the event must still be usable. */
function optionalNumber(raw: string | undefined): number | undefined {
  if (raw === undefined || !NUMBER_RE.test(raw.trim())) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

export function attr(element: CotElement, name: string): string | undefined {
  return element.attrs.find(([key]) => key === name)?.[1];
}

export function findElement(nodes: readonly CotNode[], name: string): CotElement | undefined {
  return nodes.find((node): node is CotElement => typeof node !== 'string' && node.name === name);
}

export function textOf(element: CotElement): string {
  return element.children.filter((child): child is string => typeof child === 'string').join('');
}

/** Checks the invariants every CoT event must hold, naming the attribute that breaks one. */
export function validateCotEvent(event: CotEvent): CotEvent {
  if (!event.uid || event.uid.length > MAX_ID_LENGTH) fail('C2_BAD_INPUT', 'event@uid: empty or too long', 'event@uid');
  if (!isCotType(event.type)) fail('C2_BAD_INPUT', `event@type: '${event.type}' is not a CoT type`, 'event@type');
  if (event.how !== undefined && !HOW_RE.test(event.how)) {
    fail('C2_BAD_INPUT', `event@how: '${event.how}' is not a CoT how code`, 'event@how');
  }
  if (event.qos !== undefined && !QOS_RE.test(event.qos)) {
    fail('C2_BAD_INPUT', `event@qos: '${event.qos}' is not d-w-w`, 'event@qos');
  }
  for (const field of ['time', 'start', 'stale'] as const) {
    if (Number.isNaN(Date.parse(event[field]))) fail('C2_BAD_TIME', `event@${field}: not a time`, `event@${field}`);
  }
  if (Date.parse(event.stale) < Date.parse(event.start)) {
    fail('C2_BAD_TIME', `event@stale: ${event.stale} is before start ${event.start}`, 'event@stale');
  }
  const { point } = event;
  for (const key of ['lat', 'lon', 'hae', 'ce', 'le'] as const) {
    if (!Number.isFinite(point[key])) fail('C2_BAD_POSITION', `point@${key}: not a finite number`, `point@${key}`);
  }
  if (point.lat < -90 || point.lat > 90)
    fail('C2_BAD_POSITION', `point@lat: ${point.lat} outside [-90, 90]`, 'point@lat');
  if (point.lon < -180 || point.lon > 180) {
    fail('C2_BAD_POSITION', `point@lon: ${point.lon} outside [-180, 180]`, 'point@lon');
  }
  if (point.ce < 0 || point.le < 0) fail('C2_BAD_POSITION', 'point@ce/le: an error cannot be negative', 'point@ce');
  return event;
}

export type DetailFields = Pick<CotEvent, 'callsign' | 'course' | 'speed' | 'remarks' | 'group' | 'dest'>;

// A detail tree is immutable, and parsing, labelling and every serialisation read its fields: read them once.
const fieldsOfDetail = new WeakMap<readonly CotNode[], Readonly<DetailFields>>();

/** The typed views of the well-known detail elements. */
export function detailFields(detail: readonly CotNode[]): DetailFields {
  const { group, dest, ...rest } = cachedFields(detail);
  // Copies, so that changing an event's group or dest in place cannot change what its tree is remembered to hold.
  return { ...rest, ...(group ? { group: { ...group } } : {}), ...(dest ? { dest: [...dest] } : {}) };
}

function cachedFields(detail: readonly CotNode[]): Readonly<DetailFields> {
  let fields = fieldsOfDetail.get(detail);
  if (!fields) {
    fields = readDetailFields(detail);
    if (fields.group) Object.freeze(fields.group);
    if (fields.dest) Object.freeze(fields.dest);
    fieldsOfDetail.set(detail, Object.freeze(fields));
  }
  return fields;
}

function readDetailFields(detail: readonly CotNode[]): DetailFields {
  const contact = findElement(detail, 'contact');
  const track = findElement(detail, 'track');
  const remarks = findElement(detail, 'remarks');
  const group = findElement(detail, '__group');
  const marti = findElement(detail, 'marti');
  const dest = marti?.children
    .filter((node): node is CotElement => typeof node !== 'string' && node.name === 'dest')
    .map((node) => attr(node, 'callsign'))
    .filter((callsign): callsign is string => callsign !== undefined);
  const groupName = group && attr(group, 'name');
  const fields = {
    callsign: contact && attr(contact, 'callsign'),
    course: track && optionalNumber(attr(track, 'course')),
    speed: track && optionalNumber(attr(track, 'speed')),
    remarks: remarks && textOf(remarks),
    group: group && groupName !== undefined ? { name: groupName, role: attr(group, 'role') ?? '' } : undefined,
    dest: dest && dest.length > 0 ? dest : undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

export interface RawCotEvent {
  eventAttrs: readonly CotAttr[];
  pointAttrs: readonly CotAttr[];
  detail: readonly CotNode[];
  detailFirst: boolean;
  hasDetail: boolean;
}

/** Builds a validated event from the attributes as they came off the wire. */
export function cotEventFromRaw(raw: RawCotEvent, label: SecurityLabel, source?: string): CotEvent {
  const ev = new Map(raw.eventAttrs);
  const pt = new Map(raw.pointAttrs);
  const required = (map: Map<string, string>, element: string, name: string): string => {
    const value = map.get(name);
    if (value === undefined)
      fail('C2_BAD_INPUT', `${element}@${name}: required attribute missing`, `${element}@${name}`);
    return value;
  };
  const number = (name: string) => parseCotNumber(required(pt, 'point', name), `point@${name}`);
  const optional = (name: string) => {
    const value = ev.get(name);
    return value === undefined ? {} : { [name]: value };
  };
  const event: CotEvent = {
    version: ev.get('version') ?? '2.0',
    uid: required(ev, 'event', 'uid'),
    type: required(ev, 'event', 'type'),
    ...optional('how'),
    time: parseCotTime(required(ev, 'event', 'time'), 'event@time'),
    start: parseCotTime(required(ev, 'event', 'start'), 'event@start'),
    stale: parseCotTime(required(ev, 'event', 'stale'), 'event@stale'),
    point: { lat: number('lat'), lon: number('lon'), hae: number('hae'), ce: number('ce'), le: number('le') },
    detail: raw.detail,
    ...detailFields(raw.detail),
    ...(source === undefined ? {} : { source }),
    label,
    ...optional('access'),
    ...optional('qos'),
    ...optional('opex'),
    layout: {
      eventAttrs: raw.eventAttrs,
      pointAttrs: raw.pointAttrs,
      detailFirst: raw.detailFirst,
      hasDetail: raw.hasDetail,
    },
  };
  validateCotEvent(event);
  readAs.set(raw.eventAttrs, { time: event.time, start: event.start, stale: event.stale });
  readAs.set(raw.pointAttrs, { ...event.point });
  return event;
}

const EVENT_ATTRS = ['version', 'uid', 'type', 'how', 'time', 'start', 'stale', 'access', 'qos', 'opex'] as const;
const POINT_ATTRS = ['lat', 'lon', 'hae', 'ce', 'le'] as const;

function eventValue(event: CotEvent, name: string): string | undefined {
  switch (name) {
    case 'version':
      return event.version;
    case 'uid':
    case 'type':
    case 'how':
    case 'access':
    case 'qos':
    case 'opex':
      return event[name];
    case 'time':
    case 'start':
    case 'stale':
      return event[name];
    default:
      return undefined;
  }
}

/** True when the wire spelling `raw` still means `value` (so the spelling can be kept). */
/**
 * What the wire spellings of a parsed layout were read as (times and numbers), so that serialising an unchanged
 * value keeps its spelling by one comparison instead of reading the spelling again. Held beside, not in, the event.
 */
const readAs = new WeakMap<readonly CotAttr[], Readonly<Record<string, string | number>>>();

function sameValue(name: string, raw: string, value: string | number): boolean {
  if (typeof value === 'number') return NUMBER_RE.test(raw.trim()) && Number(raw) === value;
  if (name === 'time' || name === 'start' || name === 'stale') return Date.parse(raw) === Date.parse(value);
  return raw === value;
}

/**
 * Lays out attributes in the order they came in, keeping each original spelling whose meaning is unchanged, then any
 * attribute that is new; attributes we do not model (vendor extras) pass through as they were.
 */
function layoutAttrs(
  original: readonly CotAttr[] | undefined,
  known: readonly string[],
  value: (name: string) => string | number | undefined,
): CotAttr[] {
  const out: CotAttr[] = [];
  const seen = new Set<string>();
  const read = original && readAs.get(original);
  for (const [name, raw] of original ?? []) {
    seen.add(name);
    if (!known.includes(name)) {
      out.push([name, raw]);
      continue;
    }
    const current = value(name);
    if (current === undefined) continue;
    const unchanged = (read !== undefined && read[name] === current) || sameValue(name, raw, current);
    out.push(unchanged ? [name, raw] : [name, String(current)]);
  }
  for (const name of known) {
    const current = value(name);
    if (!seen.has(name) && current !== undefined) out.push([name, String(current)]);
  }
  return out;
}

export function eventAttrsOf(event: CotEvent): CotAttr[] {
  return layoutAttrs(event.layout?.eventAttrs, EVENT_ATTRS, (name) => eventValue(event, name));
}

export function pointAttrsOf(event: CotEvent): CotAttr[] {
  return layoutAttrs(event.layout?.pointAttrs, POINT_ATTRS, (name) => event.point[name as keyof CotPoint]);
}

function setAttrs(element: CotElement, values: Record<string, string | number | undefined>): CotElement {
  const names = Object.keys(values);
  const attrs = layoutAttrs(element.attrs, names, (name) => values[name]);
  return { ...element, attrs };
}

/** Applies `change` to the first element named `name`, appending a new one when there is none. */
function upsert(
  nodes: readonly CotNode[],
  name: string,
  change: (element: CotElement) => CotElement | undefined,
): readonly CotNode[] {
  const index = nodes.findIndex((node) => typeof node !== 'string' && node.name === name);
  const before = index >= 0 ? (nodes[index] as CotElement) : { name, attrs: [], children: [] };
  const after = change(before);
  if (index < 0) return after ? [...nodes, after] : nodes;
  const out = [...nodes];
  if (after) out[index] = after;
  else out.splice(index, 1);
  return out;
}

const emptyToUndefined = (element: CotElement) =>
  element.attrs.length === 0 && element.children.length === 0 ? undefined : element;

/** The detail tree with the typed fields written back into it; unchanged fields leave the tree untouched. */
export function detailWithFields(event: CotEvent): readonly CotNode[] {
  const current = cachedFields(event.detail);
  let nodes = event.detail;
  if (current.callsign !== event.callsign) {
    nodes = upsert(nodes, 'contact', (el) => emptyToUndefined(setAttrs(el, { callsign: event.callsign })));
  }
  if (current.course !== event.course || current.speed !== event.speed) {
    nodes = upsert(nodes, 'track', (el) =>
      emptyToUndefined(setAttrs(el, { course: event.course, speed: event.speed })),
    );
  }
  if (current.remarks !== event.remarks) {
    nodes = upsert(nodes, 'remarks', (el) =>
      event.remarks === undefined ? undefined : { ...el, children: event.remarks === '' ? [] : [event.remarks] },
    );
  }
  if (current.group?.name !== event.group?.name || current.group?.role !== event.group?.role) {
    nodes = upsert(nodes, '__group', (el) =>
      emptyToUndefined(setAttrs(el, { name: event.group?.name, role: event.group?.role })),
    );
  }
  if ((current.dest ?? []).join('\n') !== (event.dest ?? []).join('\n')) {
    nodes = upsert(nodes, 'marti', (el) => {
      const others = el.children.filter((c) => typeof c === 'string' || c.name !== 'dest' || !attr(c, 'callsign'));
      const dests = (event.dest ?? []).map((callsign) => ({
        name: 'dest',
        attrs: [['callsign', callsign]] as const,
        children: [],
      }));
      return emptyToUndefined({ ...el, children: [...others, ...dests] });
    });
  }
  return nodes;
}
