import {
  AckPolicy,
  type Consumer,
  type ConsumerConfig,
  type ConsumerMessages,
  connect,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
  nanos,
  StorageType,
} from 'nats';
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

export interface NatsBusOptions {
  servers: string | string[];
  /** The JetStream stream holding this bus's messages; created when missing. */
  stream: string;
  /** Subject prefix inside NATS (default 'c2'): the bus's `track.x` is `c2.track.x` on the wire. */
  namespace?: string;
  /** Stream limit on retained messages (default: unlimited). */
  maxMessages?: number;
  /** How long the server waits for an ack before delivering again (default 30 s). */
  ackWaitMs?: number;
  /** Wait before calling a handler again after it threw (default 50 ms). */
  redeliveryDelayMs?: number;
}

/** Room left in the server's max_payload for the headers a publish adds (message id). */
const HEADER_ROOM = 1024;
/** How long one pull request stays open; also the longest unsubscribe() waits. JetStream's minimum is 1 s. */
const PULL_EXPIRES_MS = 1000;
const PULL_BATCH = 64;

/** Opens a connection and makes sure the stream exists. */
export async function openNatsBus(options: NatsBusOptions): Promise<NatsBus> {
  const nc = await connect({ servers: options.servers });
  try {
    const jsm = await nc.jetstreamManager();
    const namespace = options.namespace ?? 'c2';
    checkSubject(namespace, 'subject');
    await jsm.streams.info(options.stream).catch(async (error: unknown) => {
      if (!isNotFound(error)) throw error;
      await jsm.streams.add({
        name: options.stream,
        subjects: [`${namespace}.>`],
        storage: StorageType.File,
        max_msgs: options.maxMessages ?? -1,
      });
    });
    return new NatsBus(nc, jsm, { ...options, namespace });
  } catch (error) {
    await nc.close();
    throw error;
  }
}

/**
 * The bus over NATS JetStream: the stream's sequence is the bus seq; every subscription is a pull consumer with
 * explicit acks (durable ones named, ephemeral ones removed on unsubscribe), fed by short pull requests so that
 * unsubscribe can hand back, unacked, whatever the server had already sent.
 */
export class NatsBus implements Bus {
  readonly kind = 'nats' as const;
  readonly maxPayload: number;
  private readonly js: JetStreamClient;
  private readonly prefix: string;
  private readonly subscriptions = new Set<PullLoop>();
  private closed = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly options: NatsBusOptions & { namespace: string },
  ) {
    this.js = nc.jetstream();
    this.prefix = `${options.namespace}.`;
    this.maxPayload = nc.info ? nc.info.max_payload - HEADER_ROOM : 1024 * 1024 - HEADER_ROOM;
  }

  async publish(subject: string, payload: Uint8Array | object, options: PublishOptions = {}): Promise<{ seq: number }> {
    if (this.closed) throw busClosed();
    checkSubject(subject, 'subject');
    const data = encodePayload(payload, this.maxPayload);
    const ack = await this.js.publish(this.prefix + subject, data, options.msgId ? { msgID: options.msgId } : {});
    return { seq: ack.seq };
  }

  async subscribe(pattern: string, handler: BusHandler, options: SubscribeOptions = {}): Promise<Subscription> {
    if (this.closed) throw busClosed();
    checkSubject(pattern, 'pattern');
    const { consumer, consumerName } = await this.consumer(this.prefix + pattern, options);
    const ephemeral = options.durable === undefined;
    const loop = new PullLoop(consumer, handler, this.prefix.length, this.options.redeliveryDelayMs ?? 50, ephemeral);
    this.subscriptions.add(loop);
    loop.start();
    return {
      pattern,
      unsubscribe: async () => {
        if (!this.subscriptions.delete(loop)) return;
        await loop.stop();
        if (ephemeral) await this.jsm.consumers.delete(this.options.stream, consumerName);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((loop) => loop.stop()));
    this.subscriptions.clear();
    await this.nc.drain();
  }

  private async consumer(
    filter: string,
    options: SubscribeOptions,
  ): Promise<{ consumer: Consumer; consumerName: string }> {
    const { stream } = this.options;
    const start: Partial<ConsumerConfig> =
      options.fromSeq === undefined
        ? { deliver_policy: DeliverPolicy.New }
        : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: options.fromSeq };
    const config: Partial<ConsumerConfig> = {
      ...start,
      filter_subject: filter,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
    };
    if (options.durable === undefined) {
      const info = await this.jsm.consumers.add(stream, { ...config, inactive_threshold: nanos(60_000) });
      return { consumer: await this.js.consumers.get(stream, info.name), consumerName: info.name };
    }
    const durable = options.durable;
    const existing = await this.jsm.consumers.info(stream, durable).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
    if (existing && existing.config.filter_subject !== filter) {
      const had = existing.config.filter_subject?.slice(this.prefix.length);
      throw new C2Error(
        'C2_CONFLICT',
        `durable '${durable}' follows '${had}', not '${filter.slice(this.prefix.length)}'`,
      );
    }
    if (!existing) await this.jsm.consumers.add(stream, { ...config, durable_name: durable });
    return { consumer: await this.js.consumers.get(stream, durable), consumerName: durable };
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && /not found/i.test(error.message);
}

/** One subscription's delivery: short pull requests, one message handled at a time, acked when its handler is done. */
class PullLoop {
  private stopped = false;
  private done: Promise<void> = Promise.resolve();
  private batch: ConsumerMessages | undefined;

  constructor(
    private readonly consumer: Consumer,
    private readonly handler: BusHandler,
    private readonly prefixLength: number,
    private readonly redeliveryDelayMs: number,
    /** An ephemeral consumer is deleted after stop, so nothing it was sent needs handing back. */
    private readonly ephemeral: boolean,
  ) {}

  start(): void {
    this.done = this.run();
  }

  /**
   * A durable's open pull request is left to run out (at most PULL_EXPIRES_MS), handing back (nak) what arrives
   * meanwhile, so the next subscriber gets it at once instead of after ack_wait.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ephemeral) this.batch?.stop();
    await this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const batch = await this.consumer.fetch({ max_messages: PULL_BATCH, expires: PULL_EXPIRES_MS });
      this.batch = batch;
      if (this.stopped && this.ephemeral) batch.stop();
      for await (const m of batch) {
        if (this.stopped) m.nak();
        else await this.handle(m);
      }
    }
  }

  private async handle(m: JsMsg): Promise<void> {
    const message = busMessage(m.subject.slice(this.prefixLength), m.seq, m.data);
    while (!this.stopped) {
      try {
        await this.handler(message);
      } catch {
        m.working();
        await new Promise((resolve) => setTimeout(resolve, this.redeliveryDelayMs));
        continue;
      }
      // Wait for the server to record the ack, so a durable resumed right after never sees this message again.
      await m.ackAck();
      return;
    }
    m.nak();
  }
}
