import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type { CotAttr, CotElement, CotEvent, CotNode } from '../domain/cop/track.js';
import { detailFields, detailWithFields, validateCotEvent } from '../domain/cop/track.js';
import { C2Error, fail, isC2Error } from '../domain/errors.js';
import { PUBLIC_UNCLASSIFIED, type SecurityLabel } from '../domain/security/label.js';
import { toInstant } from '../domain/time/instant.js';
import type { XmlLimits } from './xml-reader.js';
import { parseXmlFragment, serializeNodes } from './xml.js';

/**
 * TAK Protocol version 1: a protobuf TakMessage, framed for streams as 0xbf <varint length> <payload> and for mesh
 * datagrams as 0xbf <varint version> 0xbf <payload>. The well-known detail elements travel as typed messages when they
 * can be carried whole; everything else rides along as XML in xmlDetail.
 */
export const TAK_MAGIC = 0xbf;
export const TAK_PROTOCOL_VERSION = 1;
export const DEFAULT_MAX_PAYLOAD = 64 * 1024;

export interface TakControl {
  minProtocolVersion?: number;
  maxProtocolVersion?: number;
  contactUid?: string;
}

export interface TakMessage {
  control?: TakControl;
  event?: CotEvent;
}

export interface TakDecodeOptions {
  label?: SecurityLabel;
  source?: string;
  limits?: Partial<XmlLimits>;
}

const root = protobuf.loadSync(fileURLToPath(new URL('./proto/takmessage.proto', import.meta.url)));
const TakMessageType = root.lookupType('atakmap.commoncommo.protobuf.v1.TakMessage');

interface PbDetail {
  xmlDetail?: string;
  contact?: { endpoint?: string; callsign?: string };
  group?: { name?: string; role?: string };
  precisionLocation?: { geopointsrc?: string; altsrc?: string };
  status?: { battery?: number };
  takv?: { device?: string; platform?: string; os?: string; version?: string };
  track?: { speed?: number; course?: number };
}

interface PbCotEvent {
  type?: string;
  access?: string;
  qos?: string;
  opex?: string;
  uid?: string;
  sendTime?: number;
  startTime?: number;
  staleTime?: number;
  how?: string;
  lat?: number;
  lon?: number;
  hae?: number;
  ce?: number;
  le?: number;
  detail?: PbDetail;
}

interface PbTakMessage {
  takControl?: TakControl;
  cotEvent?: PbCotEvent;
}

type TypedKey = Exclude<keyof PbDetail, 'xmlDetail'>;

/**
 * The elements with a typed message: XML name, attribute names in the order we write them, which are required, and
 * which are numbers. proto3 cannot tell an empty string from an absent one, so empty values stay in xmlDetail.
 */
const TYPED: readonly {
  key: TypedKey;
  element: string;
  attrs: readonly string[];
  required: readonly string[];
  numeric?: 'uint32' | 'double';
}[] = [
  { key: 'contact', element: 'contact', attrs: ['callsign', 'endpoint'], required: ['callsign'] },
  { key: 'group', element: '__group', attrs: ['name', 'role'], required: ['name', 'role'] },
  { key: 'precisionLocation', element: 'precisionlocation', attrs: ['geopointsrc', 'altsrc'], required: [] },
  { key: 'status', element: 'status', attrs: ['battery'], required: ['battery'], numeric: 'uint32' },
  { key: 'takv', element: 'takv', attrs: ['device', 'platform', 'os', 'version'], required: [] },
  { key: 'track', element: 'track', attrs: ['speed', 'course'], required: ['speed', 'course'], numeric: 'double' },
];

function numericValue(raw: string, kind: 'uint32' | 'double'): number | undefined {
  if (kind === 'uint32') {
    const value = Number(raw);
    return /^\d{1,10}$/.test(raw) && String(value) === raw && value <= 0xffffffff ? value : undefined;
  }
  const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}

/** The typed message for an element, or undefined when the message could not carry all of it. */
function typedOf(element: CotElement, spec: (typeof TYPED)[number]): Record<string, string | number> | undefined {
  if (element.children.length > 0 || element.attrs.length === 0) return undefined;
  const out: Record<string, string | number> = {};
  for (const [name, raw] of element.attrs) {
    if (!spec.attrs.includes(name) || name in out || raw === '') return undefined;
    const value = spec.numeric ? numericValue(raw, spec.numeric) : raw;
    if (value === undefined) return undefined;
    // proto3 drops zeros and empty strings on the wire; decoding puts them back for required attributes.
    if (value !== 0) out[name] = value;
    else if (!spec.required.includes(name)) return undefined;
  }
  return spec.required.every((name) => element.attrs.some(([key]) => key === name)) ? out : undefined;
}

function toPbDetail(nodes: readonly CotNode[]): PbDetail {
  const detail: PbDetail = {};
  const rest: CotNode[] = [];
  for (const node of nodes) {
    const spec = typeof node === 'string' ? undefined : TYPED.find((t) => t.element === node.name);
    const typed = spec && !(spec.key in detail) ? typedOf(node as CotElement, spec) : undefined;
    if (spec && typed) (detail as Record<string, unknown>)[spec.key] = typed;
    else rest.push(node);
  }
  if (rest.length > 0) detail.xmlDetail = serializeNodes(rest);
  return detail;
}

function fromPbDetail(detail: PbDetail, limits: Partial<XmlLimits> | undefined): CotNode[] {
  const nodes: CotNode[] = detail.xmlDetail ? parseXmlFragment(detail.xmlDetail, limits) : [];
  for (const spec of TYPED) {
    const message = detail[spec.key] as Record<string, string | number | undefined> | undefined;
    if (!message) continue;
    const attrs: CotAttr[] = [];
    for (const name of spec.attrs) {
      const value = message[name];
      if (value !== undefined && value !== '') attrs.push([name, String(value)]);
      else if (spec.required.includes(name)) attrs.push([name, spec.numeric ? '0' : '']);
    }
    nodes.push({ name: spec.element, attrs, children: [] });
  }
  return nodes;
}

const nonEmpty = <T extends object>(entries: T): Partial<T> =>
  Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined && v !== '' && v !== 0)) as Partial<T>;

function toPbEvent(event: CotEvent): PbCotEvent {
  const pb: PbCotEvent = nonEmpty({
    type: event.type,
    access: event.access,
    qos: event.qos,
    opex: event.opex,
    uid: event.uid,
    sendTime: Date.parse(event.time),
    startTime: Date.parse(event.start),
    staleTime: Date.parse(event.stale),
    how: event.how,
    ...event.point,
  });
  const detail = toPbDetail(detailWithFields(event));
  if (Object.keys(detail).length > 0) pb.detail = detail;
  return pb;
}

function fromPbEvent(pb: PbCotEvent, options: TakDecodeOptions): CotEvent {
  const detail = pb.detail ? fromPbDetail(pb.detail, options.limits) : [];
  const optional = (name: 'how' | 'access' | 'qos' | 'opex') => (pb[name] ? { [name]: pb[name] } : {});
  return validateCotEvent({
    version: '2.0',
    uid: pb.uid ?? '',
    type: pb.type ?? '',
    ...optional('how'),
    time: toInstant(pb.sendTime ?? 0, 'cotEvent.sendTime'),
    start: toInstant(pb.startTime ?? 0, 'cotEvent.startTime'),
    stale: toInstant(pb.staleTime ?? 0, 'cotEvent.staleTime'),
    point: { lat: pb.lat ?? 0, lon: pb.lon ?? 0, hae: pb.hae ?? 0, ce: pb.ce ?? 0, le: pb.le ?? 0 },
    detail,
    ...detailFields(detail),
    ...(options.source === undefined ? {} : { source: options.source }),
    label: options.label ?? PUBLIC_UNCLASSIFIED,
    ...optional('access'),
    ...optional('qos'),
    ...optional('opex'),
  });
}

/** Serialises a TakMessage payload (no framing). */
export function encodeTakMessage(message: TakMessage): Uint8Array {
  const pb: PbTakMessage = {};
  if (message.control) pb.takControl = nonEmpty(message.control);
  if (message.event) pb.cotEvent = toPbEvent(message.event);
  return TakMessageType.encode(TakMessageType.fromObject(pb)).finish();
}

/** Parses a TakMessage payload (no framing) into a control block and/or a validated event. */
export function decodeTakMessage(payload: Uint8Array, options: TakDecodeOptions = {}): TakMessage {
  let pb: PbTakMessage;
  try {
    pb = TakMessageType.toObject(TakMessageType.decode(payload), { longs: Number }) as PbTakMessage;
  } catch (error) {
    fail(
      'C2_BAD_INPUT',
      `TAK protobuf: not a TakMessage (${error instanceof Error ? error.message : error})`,
      'payload',
    );
  }
  try {
    const out: TakMessage = {};
    if (pb.takControl) out.control = pb.takControl;
    if (pb.cotEvent) out.event = fromPbEvent(pb.cotEvent, options);
    return out;
  } catch (error) {
    if (isC2Error(error)) throw error;
    throw new C2Error('C2_BAD_INPUT', `TAK protobuf: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function encodeVarint(value: number): number[] {
  if (!Number.isSafeInteger(value) || value < 0) fail('C2_BAD_INPUT', `varint: ${value} is not an unsigned integer`);
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

/** Reads a varint at `offset`: the value and the bytes it took, or undefined when the input ends first. */
export function readVarint(
  bytes: Uint8Array,
  offset: number,
  max: number,
): { value: number; length: number } | undefined {
  let value = 0;
  for (let i = 0; i < 10; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) return undefined;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (value > max) fail('C2_PAYLOAD_TOO_LARGE', `TAK frame: length over the limit of ${max} bytes`, 'length');
    if ((byte & 0x80) === 0) return { value, length: i + 1 };
  }
  fail('C2_BAD_INPUT', 'TAK frame: varint longer than 10 bytes', 'length');
}

const asMessage = (input: CotEvent | TakMessage): TakMessage => ('uid' in input ? { event: input } : input);

/** One stream frame: 0xbf, varint payload length, TakMessage. */
export function encodeStream(input: CotEvent | TakMessage): Buffer {
  const payload = encodeTakMessage(asMessage(input));
  return Buffer.concat([Buffer.from([TAK_MAGIC, ...encodeVarint(payload.length)]), payload]);
}

/** One mesh datagram: 0xbf, varint version, 0xbf, TakMessage. */
export function encodeMesh(input: CotEvent | TakMessage, version = TAK_PROTOCOL_VERSION): Buffer {
  const payload = encodeTakMessage(asMessage(input));
  return Buffer.concat([Buffer.from([TAK_MAGIC, ...encodeVarint(version), TAK_MAGIC]), payload]);
}

export function decodeMesh(
  datagram: Uint8Array,
  options: TakDecodeOptions = {},
): { version: number; message: TakMessage } {
  if (datagram[0] !== TAK_MAGIC) fail('C2_BAD_INPUT', 'TAK mesh: first byte is not 0xbf', 'header');
  const version = readVarint(datagram, 1, 2 ** 31);
  if (!version) fail('C2_BAD_INPUT', 'TAK mesh: datagram ends inside the header', 'header');
  if (datagram[1 + version.length] !== TAK_MAGIC) fail('C2_BAD_INPUT', 'TAK mesh: no 0xbf after the version', 'header');
  if (version.value !== TAK_PROTOCOL_VERSION) {
    fail('C2_BAD_INPUT', `TAK mesh: protocol version ${version.value} is not supported`, 'version');
  }
  return { version: version.value, message: decodeTakMessage(datagram.subarray(2 + version.length), options) };
}

export type TakStreamResult =
  | { ok: true; message: TakMessage }
  | { ok: false; error: C2Error /** The stream is out of step and must be closed. */; fatal: boolean };

/**
 * Splits a TAK protocol stream into messages. A partial frame waits for more bytes. A frame whose payload is bad is
 * reported and skipped (its length still tells where the next one starts); a bad header means the stream has lost
 * its framing, which cannot be recovered, so the decoder reports it once and stops.
 */
export class TakStreamDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private failure: C2Error | undefined;
  private readonly maxPayload: number;

  constructor(private readonly options: TakDecodeOptions & { maxPayload?: number } = {}) {
    this.maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
  }

  get failed(): C2Error | undefined {
    return this.failure;
  }

  push(chunk: Uint8Array): TakStreamResult[] {
    if (this.failure) return [];
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    const out: TakStreamResult[] = [];
    let offset = 0;
    try {
      while (offset < this.buffer.length) {
        if (this.buffer[offset] !== TAK_MAGIC) {
          const byte = this.buffer[offset]!.toString(16).padStart(2, '0');
          fail('C2_BAD_INPUT', `TAK stream: expected 0xbf at a frame start, found 0x${byte}`, 'header');
        }
        const length = readVarint(this.buffer, offset + 1, this.maxPayload);
        if (!length) break;
        const start = offset + 1 + length.length;
        if (this.buffer.length < start + length.value) break;
        const payload = this.buffer.subarray(start, start + length.value);
        offset = start + length.value;
        try {
          out.push({ ok: true, message: decodeTakMessage(payload, this.options) });
        } catch (error) {
          const c2 = isC2Error(error) ? error : new C2Error('C2_BAD_INPUT', `TAK stream: ${String(error)}`);
          out.push({ ok: false, error: c2, fatal: false });
        }
      }
    } catch (error) {
      this.failure = isC2Error(error) ? error : new C2Error('C2_BAD_INPUT', `TAK stream: ${String(error)}`);
      this.buffer = Buffer.alloc(0);
      out.push({ ok: false, error: this.failure, fatal: true });
      return out;
    }
    this.buffer = Buffer.from(this.buffer.subarray(offset));
    return out;
  }
}
