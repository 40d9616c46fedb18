import type { Socket } from 'node:net';
import type { CotEvent } from '../../domain/cop/track.js';
import { isC2Error } from '../../domain/errors.js';
import { addMs, type Instant } from '../../domain/time/instant.js';
import type { Clock } from '../../services/clock.js';
import type { CopService, PictureMessage, PictureReceiver } from '../../services/cop.js';
import { ProtocolNegotiator, TAKP_REQUEST } from '../negotiation.js';
import { encodeStream, TAK_MAGIC, TakStreamDecoder } from '../takproto.js';
import { parseCot, serializeCot } from '../xml.js';
import { CotXmlStreamSplitter } from '../xml-splitter.js';
import type { TakPrincipal } from './identity.js';
import { SendQueue } from './send-queue.js';

export const PING_TYPE = 't-x-c-t';
export const PONG_TYPE = 't-x-c-t-r';

export type TakLog = (event: string, detail: Record<string, unknown>) => void;

export interface ConnectionOptions {
  cop: CopService;
  clock: Clock;
  log: TakLog;
  /** Frames a client may have waiting before the drop policy applies. */
  queueLimit: number;
  /** Bytes the socket may hold unsent before we stop writing to it and let the queue take the strain. */
  highWaterBytes: number;
  /** Consecutive unreadable events after which the client is cut off. */
  maxConsecutiveErrors: number;
}

/** The encodings of a message, made once per message for every receiver that wants them. */
export function xmlBytes(message: PictureMessage): Uint8Array {
  message.wire.xml ??= Buffer.from(serializeCot(message.event, { declaration: true }));
  return message.wire.xml;
}

export function protoBytes(message: PictureMessage): Uint8Array {
  message.wire.proto ??= encodeStream(message.event);
  return message.wire.proto;
}

function pong(now: Instant, event: CotEvent): CotEvent {
  return {
    version: '2.0',
    uid: 'takPong',
    type: PONG_TYPE,
    how: 'h-g-i-g-o',
    time: now,
    start: now,
    stale: addMs(now, 20_000),
    point: { lat: 0, lon: 0, hae: 0, ce: 9_999_999, le: 9_999_999 },
    detail: [],
    label: event.label,
  };
}

/**
 * One streaming TAK client (TCP or TLS). Input starts as XML and switches to TAK protocol frames once negotiation
 * succeeds (or at once if the client opens with a 0xbf frame); output follows the same switch. Writes never block:
 * frames wait in a bounded SendQueue and are written in one batch per turn of the event loop, only while the socket
 * has room, so a client that never reads costs its own queue and nobody else's time.
 */
export class TakConnection implements PictureReceiver {
  readonly id: string;
  readonly actor: TakPrincipal['actor'];
  private readonly queue: SendQueue;
  private readonly negotiator: ProtocolNegotiator;
  private readonly splitter = new CotXmlStreamSplitter();
  private decoder: TakStreamDecoder | undefined;
  private seenBytes = false;
  private scheduled = false;
  private blocked = false;
  private closed = false;
  private consecutiveErrors = 0;
  private readonly names = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  received = 0;
  rejected = 0;

  constructor(
    private readonly socket: Socket,
    private readonly principal: TakPrincipal,
    readonly transport: 'tcp' | 'tls',
    private readonly options: ConnectionOptions,
  ) {
    this.id = `tak:${transport}:${socket.remoteAddress}:${socket.remotePort}`;
    this.actor = principal.actor;
    this.queue = new SendQueue(options.queueLimit);
    this.negotiator = new ProtocolNegotiator(`c2-takp-${socket.remotePort ?? 0}`);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      this.blocked = false;
      this.schedule();
    });
    socket.on('error', (error) => this.close(`socket error: ${error.message}`));
    socket.on('close', () => this.close('client closed the connection'));
  }

  /** Offers protocol negotiation, sends the latest picture the client may see, and joins the live feed. */
  start(): void {
    this.push(this.negotiator.offer(this.options.clock.now()));
    for (const message of this.options.cop.latest(this.actor)) this.deliver(message);
    this.unsubscribe = this.options.cop.subscribe(this);
  }

  get protocol(): 'xml' | 'protobuf' {
    return this.negotiator.state === 'protobuf' ? 'protobuf' : 'xml';
  }

  get droppedFrames(): number {
    return this.queue.dropped;
  }

  answersTo(dest: string): boolean {
    return this.names.has(dest);
  }

  deliver(message: PictureMessage): void {
    const bytes = this.protocol === 'protobuf' ? protoBytes(message) : xmlBytes(message);
    this.push(bytes, message.mustArrive ? undefined : message.event.uid);
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    this.options.log('tak.disconnect', { client: this.id, reason, dropped: this.queue.dropped });
    this.socket.destroy();
  }

  private push(bytes: Uint8Array, coalesceKey?: string): void {
    if (this.closed) return;
    // A burst larger than the queue within one turn must not count against a client whose socket has room.
    if (this.queue.length >= this.queue.limit && !this.blocked) this.flush();
    const outcome = this.queue.push(coalesceKey === undefined ? { bytes } : { bytes, coalesceKey });
    if (outcome === 'overflow') {
      this.close(`too slow: ${this.queue.limit} frames that must arrive are waiting`);
      return;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.blocked || this.closed) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.closed || this.socket.destroyed) return;
    if (this.socket.writableLength >= this.options.highWaterBytes) {
      this.blocked = true;
      return;
    }
    const frames = this.queue.take();
    if (frames.length === 0) return;
    this.socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
    if (this.socket.writableLength >= this.options.highWaterBytes) this.blocked = true;
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    if (!this.seenBytes) {
      this.seenBytes = true;
      // A client that opens with a TAK frame has chosen protobuf without negotiating (as TAK Server allows).
      if (chunk[0] === TAK_MAGIC) this.decoder = this.newDecoder();
    }
    if (this.decoder) {
      for (const result of this.decoder.push(chunk)) {
        if (result.ok) {
          if (result.message.event) this.handle(result.message.event);
        } else if (result.fatal) {
          this.close(`lost TAK framing: ${result.error.message}`);
          return;
        } else this.reject(result.error);
      }
      return;
    }
    for (const part of this.splitter.push(chunk)) {
      if (this.closed) return;
      if (!part.ok) {
        this.reject(part.error);
        continue;
      }
      try {
        this.handle(parseCot(part.xml, { source: this.id }));
      } catch (error) {
        this.reject(error);
      }
    }
  }

  private newDecoder(): TakStreamDecoder {
    return new TakStreamDecoder({ source: this.id });
  }

  private handle(event: CotEvent): void {
    const now = this.options.clock.now();
    if (event.type === TAKP_REQUEST) {
      const response = this.negotiator.receive(event, now);
      if (response) this.push(response);
      if (this.negotiator.state === 'protobuf' && !this.decoder) this.decoder = this.newDecoder();
      return;
    }
    if (event.type === PING_TYPE) {
      this.push(this.negotiator.encode(pong(now, event)));
      return;
    }
    if (event.type.startsWith('a-')) {
      this.names.add(event.uid);
      if (event.callsign) this.names.add(event.callsign);
    }
    try {
      this.options.cop.ingest(event, { id: this.id, actor: this.actor, defaultLabel: this.principal.defaultLabel });
      this.received += 1;
      this.consecutiveErrors = 0;
    } catch (error) {
      this.reject(error);
    }
  }

  private reject(error: unknown): void {
    this.rejected += 1;
    this.consecutiveErrors += 1;
    const message = isC2Error(error) ? `${error.code}: ${error.message}` : String(error);
    this.options.log('tak.reject', { client: this.id, error: message });
    if (this.consecutiveErrors >= this.options.maxConsecutiveErrors) {
      this.close(`${this.consecutiveErrors} unreadable events in a row`);
    }
  }
}
