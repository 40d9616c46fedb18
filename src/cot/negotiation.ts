import type { CotElement, CotEvent } from '../domain/cop/track.js';
import { attr, findElement } from '../domain/cop/track.js';
import { fail } from '../domain/errors.js';
import { PUBLIC_UNCLASSIFIED } from '../domain/security/label.js';
import { addMs, type Instant, MINUTE_MS } from '../domain/time/instant.js';
import { encodeStream, TAK_PROTOCOL_VERSION } from './takproto.js';
import { serializeCot } from './xml.js';

/**
 * Streaming-connection protocol negotiation (TAK protocol description, "Streaming Connection Protocol Negotiation"):
 * the server offers versions in a t-x-takp-v event, the client asks for one in t-x-takp-q, the server answers
 * t-x-takp-r status true/false; after "true" both directions speak TAK protocol frames of that version.
 */
export const TAKP_SUPPORT = 't-x-takp-v';
export const TAKP_REQUEST = 't-x-takp-q';
export const TAKP_RESPONSE = 't-x-takp-r';

function controlEvent(type: string, uid: string, now: Instant, children: CotElement[]): CotEvent {
  return {
    version: '2.0',
    uid,
    type,
    how: 'm-g',
    time: now,
    start: now,
    stale: addMs(now, MINUTE_MS),
    point: { lat: 0, lon: 0, hae: 0, ce: 999_999, le: 999_999 },
    detail: [{ name: 'TakControl', attrs: [], children }],
    label: PUBLIC_UNCLASSIFIED,
  };
}

export function buildProtocolSupport(uid: string, versions: readonly number[], now: Instant): CotEvent {
  const children = versions.map((v) => ({
    name: 'TakProtocolSupport',
    attrs: [['version', String(v)] as const],
    children: [],
  }));
  return controlEvent(TAKP_SUPPORT, uid, now, children);
}

export function buildProtocolRequest(uid: string, version: number, now: Instant): CotEvent {
  return controlEvent(TAKP_REQUEST, uid, now, [
    { name: 'TakRequest', attrs: [['version', String(version)]], children: [] },
  ]);
}

export function buildProtocolResponse(uid: string, accepted: boolean, now: Instant): CotEvent {
  return controlEvent(TAKP_RESPONSE, uid, now, [
    { name: 'TakResponse', attrs: [['status', String(accepted)]], children: [] },
  ]);
}

function controlChildren(event: CotEvent, name: string): CotElement[] {
  const control = findElement(event.detail, 'TakControl');
  if (!control) fail('C2_BAD_INPUT', `${event.type}: detail/TakControl missing`, 'detail/TakControl');
  return control.children.filter((c): c is CotElement => typeof c !== 'string' && c.name === name);
}

function versionOf(element: CotElement, where: string): number {
  const raw = attr(element, 'version') ?? '';
  if (!/^\d{1,9}$/.test(raw))
    fail('C2_BAD_INPUT', `${where}@version: '${raw}' is not a protocol version`, `${where}@version`);
  return Number(raw);
}

/** The version a client asks for in t-x-takp-q; exactly one TakRequest is allowed. */
export function parseProtocolRequest(event: CotEvent): { uid: string; version: number } {
  if (event.type !== TAKP_REQUEST)
    fail('C2_BAD_INPUT', `event@type: '${event.type}' is not ${TAKP_REQUEST}`, 'event@type');
  const requests = controlChildren(event, 'TakRequest');
  if (requests.length !== 1)
    fail('C2_BAD_INPUT', `${TAKP_REQUEST}: ${requests.length} TakRequest elements, expected one`, 'TakRequest');
  return { uid: event.uid, version: versionOf(requests[0]!, 'TakRequest') };
}

/** The versions a server offers in t-x-takp-v. */
export function parseProtocolSupport(event: CotEvent): { uid: string; versions: number[] } {
  if (event.type !== TAKP_SUPPORT)
    fail('C2_BAD_INPUT', `event@type: '${event.type}' is not ${TAKP_SUPPORT}`, 'event@type');
  return {
    uid: event.uid,
    versions: controlChildren(event, 'TakProtocolSupport').map((e) => versionOf(e, 'TakProtocolSupport')),
  };
}

export function parseProtocolResponse(event: CotEvent): { uid: string; accepted: boolean } {
  if (event.type !== TAKP_RESPONSE)
    fail('C2_BAD_INPUT', `event@type: '${event.type}' is not ${TAKP_RESPONSE}`, 'event@type');
  const responses = controlChildren(event, 'TakResponse');
  const status = responses.length === 1 ? attr(responses[0]!, 'status') : undefined;
  if (status !== 'true' && status !== 'false')
    fail('C2_BAD_INPUT', `${TAKP_RESPONSE}: TakResponse@status must be true or false`, 'TakResponse@status');
  return { uid: event.uid, accepted: status === 'true' };
}

export type NegotiationState = 'xml' | 'offered' | 'protobuf';

/**
 * The server side of one connection. It starts in XML; `offer` gives the t-x-takp-v to send; `receive` answers a
 * t-x-takp-q and, when it accepts, switches to protobuf. The response itself is always XML, so a caller that writes
 * what `receive` returns before anything it encodes afterwards keeps the order the protocol requires.
 */
export class ProtocolNegotiator {
  private current: NegotiationState = 'xml';
  private chosen = 0;

  constructor(
    private readonly uid: string,
    private readonly versions: readonly number[] = [TAK_PROTOCOL_VERSION],
  ) {}

  get state(): NegotiationState {
    return this.current;
  }

  /** 0 for XML, else the negotiated TAK protocol version. */
  get version(): number {
    return this.current === 'protobuf' ? this.chosen : 0;
  }

  offer(now: Instant): Buffer {
    if (this.current === 'protobuf') fail('C2_BAD_STATE', 'TAK negotiation: already switched to protobuf');
    this.current = 'offered';
    return this.encode(buildProtocolSupport(this.uid, this.versions, now));
  }

  /**
   * Handles one incoming event. Returns the bytes to send back when the event was a protocol request, or undefined
   * for every other event (which the caller processes as usual).
   */
  receive(event: CotEvent, now: Instant): Buffer | undefined {
    if (event.type !== TAKP_REQUEST) return undefined;
    // A request is only valid after our offer, for our transaction uid and a version we offered.
    let accepted = false;
    try {
      const request = parseProtocolRequest(event);
      accepted = this.current === 'offered' && request.uid === this.uid && this.versions.includes(request.version);
      if (accepted) this.chosen = request.version;
    } catch {
      accepted = false;
    }
    const response = this.encode(buildProtocolResponse(event.uid, accepted, now));
    if (accepted) this.current = 'protobuf';
    return response;
  }

  /** Encodes an outgoing event in the connection's current encoding: XML with its declaration, or a TAK frame. */
  encode(event: CotEvent): Buffer {
    return this.current === 'protobuf' ? encodeStream(event) : Buffer.from(serializeCot(event, { declaration: true }));
  }
}
