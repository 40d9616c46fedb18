import { C2Error } from '../domain/errors.js';

/**
 * The message bus port. Adapters: memory (in-process, the embedded default) and NATS JetStream (scale-out); one
 * contract suite (test/contract/bus.contract.ts) runs against both.
 *
 * Delivery is at-least-once. Every published message gets a sequence number from the bus: strictly increasing across
 * the whole bus (so also per subject, and across the subjects a wildcard subscription sees), not contiguous per
 * subject. A consumer that stores the last seq it handled resumes with `fromSeq: last + 1` and drops any seq it has
 * already seen; a durable subscription has the bus remember that position instead.
 */
export interface BusMessage {
  subject: string;
  seq: number;
  data: Uint8Array;
  /** The payload decoded as UTF-8 JSON (what publishing an object sends). */
  json<T = unknown>(): T;
}

/**
 * Called once per message, one at a time, in seq order. The message counts as handled (acked) when the handler
 * returns or its promise resolves; if it throws, the bus delivers the message again later.
 */
export type BusHandler = (message: BusMessage) => void | Promise<void>;

export interface SubscribeOptions {
  /**
   * Name a durable subscription: the bus keeps its position (the last acked seq), and subscribing again with the same
   * name and pattern resumes right after it, even across unsubscribe or a new connection. The same name with another
   * pattern is a C2_CONFLICT.
   */
  durable?: string;
  /**
   * Deliver retained messages from this seq on, then new ones. Without it a subscription starts with the messages
   * published after it was made. For a durable, it applies only when the durable is first created.
   */
  fromSeq?: number;
}

export interface PublishOptions {
  /** Publisher-side dedupe: a second publish with the same id (within the bus's window) is not stored again. */
  msgId?: string;
}

export interface Subscription {
  readonly pattern: string;
  /** Stop delivery. A message being handled finishes first; unacked ones stay with a durable for next time. */
  unsubscribe(): Promise<void>;
}

export interface Bus {
  readonly kind: 'memory' | 'nats';
  /** The largest payload, in bytes, publish accepts; larger ones fail with C2_PAYLOAD_TOO_LARGE. */
  readonly maxPayload: number;
  /** Resolves once the bus has stored the message, with its seq. An object payload is sent as UTF-8 JSON. */
  publish(subject: string, payload: Uint8Array | object, options?: PublishOptions): Promise<{ seq: number }>;
  /** `pattern` may use NATS wildcards: `*` matches one token, a final `>` one or more. */
  subscribe(pattern: string, handler: BusHandler, options?: SubscribeOptions): Promise<Subscription>;
  /** Stops every subscription; publish and subscribe fail with C2_BAD_STATE afterwards. */
  close(): Promise<void>;
}

const TOKEN = /^[^\s.*>]+$/;

/**
 * Subjects are dot-separated tokens (`track.USA.f16`), none empty, no whitespace. Patterns may also use `*` as a token
 * and `>` as the last token. Checked the same way by every adapter, so a subject one bus takes, the other takes too.
 */
export function checkSubject(subject: string, kind: 'subject' | 'pattern'): void {
  const tokens = subject.split('.');
  const ok = tokens.every(
    (token, i) =>
      TOKEN.test(token) || (kind === 'pattern' && (token === '*' || (token === '>' && i === tokens.length - 1))),
  );
  if (!ok) throw new C2Error('C2_BAD_INPUT', `bad bus ${kind} '${subject}'`);
}

export function encodePayload(payload: Uint8Array | object, maxPayload: number): Uint8Array {
  const data = payload instanceof Uint8Array ? payload : new TextEncoder().encode(JSON.stringify(payload));
  if (data.byteLength > maxPayload) {
    throw new C2Error('C2_PAYLOAD_TOO_LARGE', `bus payload of ${data.byteLength} bytes exceeds ${maxPayload}`);
  }
  return data;
}

export function busMessage(subject: string, seq: number, data: Uint8Array): BusMessage {
  return { subject, seq, data, json: <T>() => JSON.parse(new TextDecoder().decode(data)) as T };
}

export function busClosed(): C2Error {
  return new C2Error('C2_BAD_STATE', 'the bus is closed');
}
