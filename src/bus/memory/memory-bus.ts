import { C2Error } from '../../domain/errors.js';
import {
  type Bus,
  type BusHandler,
  busClosed,
  busMessage,
  checkSubject,
  encodePayload,
  type PublishOptions,
  type SubscribeOptions,
  type Subscription,
} from '../port.js';
import { subjectMatcher } from './subject.js';

export interface MemoryBusOptions {
  /** Messages kept for replay (fromSeq, durables); the oldest go first. Default 10,000. */
  maxMessages?: number;
  /** Default 1 MiB, as a NATS server's default max_payload. */
  maxPayload?: number;
  /** Wait before delivering again a message whose handler threw. Default 50 ms. */
  redeliveryDelayMs?: number;
}

interface Stored {
  subject: string;
  seq: number;
  data: Uint8Array;
  msgId: string | undefined;
}

/**
 * The in-process bus: one retained log (seqs are contiguous, so a seq is an index into it) and one delivery loop per
 * subscription. Durable positions live as long as the bus object; a subscriber behind the retention window skips to
 * the oldest retained message, as a JetStream consumer does when its stream's limits discard messages.
 */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  readonly maxPayload: number;
  private readonly maxMessages: number;
  private readonly redeliveryDelayMs: number;
  private log: Stored[] = [];
  /** Seq of log[0]. */
  private firstSeq = 1;
  private readonly msgIds = new Map<string, number>();
  private readonly durables = new Map<string, { pattern: string; acked: number }>();
  private readonly loops = new Set<DeliveryLoop>();
  private closed = false;

  constructor(options: MemoryBusOptions = {}) {
    this.maxMessages = Math.max(1, options.maxMessages ?? 10_000);
    this.maxPayload = options.maxPayload ?? 1024 * 1024;
    this.redeliveryDelayMs = options.redeliveryDelayMs ?? 50;
  }

  get lastSeq(): number {
    return this.firstSeq + this.log.length - 1;
  }

  async publish(subject: string, payload: Uint8Array | object, options: PublishOptions = {}): Promise<{ seq: number }> {
    if (this.closed) throw busClosed();
    checkSubject(subject, 'subject');
    const encoded = encodePayload(payload, this.maxPayload);
    const earlier = options.msgId === undefined ? undefined : this.msgIds.get(options.msgId);
    if (earlier !== undefined) return { seq: earlier };
    // Copy: the caller may reuse its buffer after publish resolves.
    const data = encoded === payload ? encoded.slice() : encoded;
    const seq = this.lastSeq + 1;
    this.log.push({ subject, seq, data, msgId: options.msgId });
    if (options.msgId !== undefined) this.msgIds.set(options.msgId, seq);
    this.trim();
    for (const loop of this.loops) loop.wake();
    return { seq };
  }

  async subscribe(pattern: string, handler: BusHandler, options: SubscribeOptions = {}): Promise<Subscription> {
    if (this.closed) throw busClosed();
    checkSubject(pattern, 'pattern');
    let next = options.fromSeq ?? this.lastSeq + 1;
    let onAck = (_seq: number) => {};
    if (options.durable !== undefined) {
      const name = options.durable;
      const known = this.durables.get(name);
      if (known && known.pattern !== pattern) {
        throw new C2Error('C2_CONFLICT', `durable '${name}' follows '${known.pattern}', not '${pattern}'`);
      }
      const position = known ?? { pattern, acked: next - 1 };
      this.durables.set(name, position);
      next = position.acked + 1;
      onAck = (seq) => {
        position.acked = seq;
      };
    }
    const loop = new DeliveryLoop(this, pattern, handler, next, onAck, this.redeliveryDelayMs);
    this.loops.add(loop);
    loop.start();
    return {
      pattern,
      unsubscribe: async () => {
        this.loops.delete(loop);
        await loop.stop();
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const loops = [...this.loops];
    this.loops.clear();
    await Promise.all(loops.map((loop) => loop.stop()));
  }

  /** The first retained message at or after `seq`, or undefined when there is none yet. */
  at(seq: number): Stored | undefined {
    return this.log[Math.max(seq, this.firstSeq) - this.firstSeq];
  }

  private trim(): void {
    const excess = this.log.length - this.maxMessages;
    if (excess <= 0) return;
    for (const dropped of this.log.slice(0, excess)) {
      if (dropped.msgId !== undefined) this.msgIds.delete(dropped.msgId);
    }
    this.log = this.log.slice(excess);
    this.firstSeq += excess;
  }
}

/** Delivers one subscription's messages in seq order, one at a time, retrying a message until its handler succeeds. */
class DeliveryLoop {
  private stopped = false;
  private done: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | undefined;
  private readonly matches: (subject: string) => boolean;

  constructor(
    private readonly bus: MemoryBus,
    pattern: string,
    private readonly handler: BusHandler,
    private next: number,
    private readonly onAck: (seq: number) => void,
    private readonly redeliveryDelayMs: number,
  ) {
    this.matches = subjectMatcher(pattern);
  }

  start(): void {
    this.done = this.run();
  }

  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const message = this.bus.at(this.next);
      if (!message) {
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
        });
        this.wakeUp = undefined;
        continue;
      }
      if (!this.matches(message.subject)) {
        this.next = message.seq + 1;
        continue;
      }
      try {
        // Each handler gets its own copy, as it would from a network bus.
        await this.handler(busMessage(message.subject, message.seq, message.data.slice()));
        this.next = message.seq + 1;
        this.onAck(message.seq);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, this.redeliveryDelayMs));
      }
    }
  }
}
