import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { C2Error } from '../../src/domain/errors.js';
import type { Bus, BusHandler, BusMessage, SubscribeOptions, Subscription } from '../../src/bus/port.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof C2Error) return error.code;
    throw error;
  }
  return 'no error';
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Collector {
  messages: BusMessage[];
  sub: Subscription;
  /** Waits until `n` messages arrived, then a little longer to catch any extra (duplicate) delivery. */
  settle(n: number): Promise<BusMessage[]>;
}

async function collect(bus: Bus, pattern: string, options?: SubscribeOptions, before?: BusHandler): Promise<Collector> {
  const messages: BusMessage[] = [];
  const sub = await bus.subscribe(
    pattern,
    async (m) => {
      await before?.(m);
      messages.push(m);
    },
    options,
  );
  return {
    messages,
    sub,
    async settle(n) {
      await until(() => messages.length >= n, `${n} messages on ${pattern} (have ${messages.length})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return messages;
    },
  };
}

const text = (m: BusMessage) => new TextDecoder().decode(m.data);

/** The behaviour every Bus adapter must show. `open` gives a fresh bus with an empty log each call. */
export function describeBusContract(name: string, open: () => Promise<Bus>) {
  describe(`Bus contract: ${name}`, () => {
    let bus: Bus;
    beforeEach(async () => {
      bus = await open();
    });
    afterEach(async () => {
      await bus.close();
    });

    it('routes by subject with * (one token) and > (one or more trailing tokens)', async () => {
      const patterns = ['track.*', 'track.>', 'track.usa.f16', '*.usa.>', '>'];
      const collectors = await Promise.all(patterns.map((p) => collect(bus, p)));
      const subjects = ['track.usa.f16', 'track.jpn', 'event.usa.x', 'track.usa.f16.lead', 'track'];
      for (const subject of subjects) await bus.publish(subject, new TextEncoder().encode(subject));
      const got = await Promise.all(collectors.map((c, i) => c.settle([1, 3, 1, 3, 5][i] ?? 0)));
      expect(got.map((ms) => ms.map((m) => m.subject))).toEqual([
        ['track.jpn'],
        ['track.usa.f16', 'track.jpn', 'track.usa.f16.lead'],
        ['track.usa.f16'],
        ['track.usa.f16', 'event.usa.x', 'track.usa.f16.lead'],
        subjects,
      ]);
      expect(got[4]?.map(text)).toEqual(subjects);
    });

    it('delivers in publish order with strictly increasing seqs, per subject and across a wildcard', async () => {
      const all = await collect(bus, 'feed.>');
      const one = await collect(bus, 'feed.b');
      const published: Array<{ subject: string; seq: number; n: number }> = [];
      for (let n = 0; n < 150; n++) {
        const subject = `feed.${'abc'[n % 3]}`;
        const { seq } = await bus.publish(subject, { n });
        published.push({ subject, seq, n });
      }
      const seen = await all.settle(150);
      expect(seen.map((m) => [m.subject, m.seq, m.json<{ n: number }>().n])).toEqual(
        published.map((p) => [p.subject, p.seq, p.n]),
      );
      const seqs = published.map((p) => p.seq);
      expect(seqs.every((seq, i) => i === 0 || seq > (seqs[i - 1] ?? 0))).toBe(true);
      expect((await one.settle(50)).map((m) => m.seq)).toEqual(
        published.filter((p) => p.subject === 'feed.b').map((p) => p.seq),
      );
    });

    it('resumes a durable subscription after unsubscribe with no loss and no duplicate', async () => {
      const seqs: number[] = [];
      for (let n = 0; n < 5; n++) seqs.push((await bus.publish('orders.new', { n })).seq);
      const first = await collect(bus, 'orders.>', { durable: 'planner', fromSeq: seqs[0] });
      await first.settle(5);
      await first.sub.unsubscribe();
      for (let n = 5; n < 10; n++) seqs.push((await bus.publish('orders.new', { n })).seq);
      const second = await collect(bus, 'orders.>', { durable: 'planner' });
      await second.settle(5);
      expect([...first.messages, ...second.messages].map((m) => m.seq)).toEqual(seqs);
      await second.sub.unsubscribe();
      expect(await codeOf(bus.subscribe('other.>', () => {}, { durable: 'planner' }))).toBe('C2_CONFLICT');
    });

    it('lets a consumer resume from its own last seq (fromSeq)', async () => {
      const seqs: number[] = [];
      for (let n = 0; n < 6; n++) seqs.push((await bus.publish(`log.${n % 2}`, { n })).seq);
      const resumed = await collect(bus, 'log.*', { fromSeq: (seqs[2] ?? 0) + 1 });
      const late = await bus.publish('log.0', { n: 6 });
      expect((await resumed.settle(4)).map((m) => m.seq)).toEqual([...seqs.slice(3), late.seq]);
    });

    it('delivers again a message whose handler failed, before the next one', async () => {
      let failures = 0;
      const c = await collect(bus, 'jobs.>', undefined, (m) => {
        if (m.json<{ n: number }>().n === 1 && failures++ < 2) throw new Error('transient');
      });
      for (let n = 0; n < 3; n++) await bus.publish('jobs.run', { n });
      expect((await c.settle(3)).map((m) => m.json<{ n: number }>().n)).toEqual([0, 1, 2]);
      expect(failures).toBe(3);
    });

    it('carries a payload up to maxPayload byte for byte, and refuses a larger one', async () => {
      const big = new Uint8Array(bus.maxPayload);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 8)) & 0xff;
      const c = await collect(bus, 'blob');
      await bus.publish('blob', big);
      const [got] = await c.settle(1);
      expect(got?.data.byteLength).toBe(big.byteLength);
      expect(Buffer.from(got?.data ?? []).equals(Buffer.from(big))).toBe(true);
      expect(await codeOf(bus.publish('blob', new Uint8Array(bus.maxPayload + 1)))).toBe('C2_PAYLOAD_TOO_LARGE');
    });

    it('stores a message published twice with one msgId once', async () => {
      const c = await collect(bus, 'dedupe');
      const a = await bus.publish('dedupe', { v: 1 }, { msgId: 'm-1' });
      const b = await bus.publish('dedupe', { v: 1 }, { msgId: 'm-1' });
      const other = await bus.publish('dedupe', { v: 2 }, { msgId: 'm-2' });
      expect(b.seq).toBe(a.seq);
      expect((await c.settle(2)).map((m) => m.seq)).toEqual([a.seq, other.seq]);
    });

    it('rejects malformed subjects and patterns', async () => {
      for (const subject of ['', 'a..b', 'a.*', 'a.>', 'has space']) {
        expect(await codeOf(bus.publish(subject, {}))).toBe('C2_BAD_INPUT');
      }
      for (const pattern of ['a.>.b', 'a.b*', '']) {
        expect(await codeOf(bus.subscribe(pattern, () => {}))).toBe('C2_BAD_INPUT');
      }
    });

    it('stops delivery on close and refuses work afterwards', async () => {
      const c = await collect(bus, 'x');
      await bus.publish('x', { n: 1 });
      await c.settle(1);
      await bus.close();
      expect(await codeOf(bus.publish('x', { n: 2 }))).toBe('C2_BAD_STATE');
      expect(await codeOf(bus.subscribe('x', () => {}))).toBe('C2_BAD_STATE');
      expect(c.messages).toHaveLength(1);
    });
  });
}
