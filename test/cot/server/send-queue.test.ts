import { describe, expect, it } from 'vitest';
import { SendQueue } from '../../../src/cot/server/send-queue.js';

const frame = (text: string) => Buffer.from(text);
const texts = (frames: Uint8Array[]) => frames.map((f) => Buffer.from(f).toString());

describe('SendQueue drop policy', () => {
  it('queues in order up to the limit and empties on take', () => {
    const queue = new SendQueue(3);
    expect(queue.push({ bytes: frame('a'), coalesceKey: 'A' })).toBe('queued');
    expect(queue.push({ bytes: frame('chat') })).toBe('queued');
    expect(queue.push({ bytes: frame('a2'), coalesceKey: 'A' })).toBe('queued');
    expect(queue.length).toBe(3);
    expect(texts(queue.take())).toEqual(['a', 'chat', 'a2']);
    expect(queue.length).toBe(0);
    expect(queue.take()).toEqual([]);
  });

  it('when full, a report replaces the newest queued report of its uid, in that report’s place', () => {
    const queue = new SendQueue(3);
    queue.push({ bytes: frame('a1'), coalesceKey: 'A' });
    queue.push({ bytes: frame('b1'), coalesceKey: 'B' });
    queue.push({ bytes: frame('a2'), coalesceKey: 'A' });
    expect(queue.push({ bytes: frame('a3'), coalesceKey: 'A' })).toBe('coalesced');
    expect(queue.push({ bytes: frame('b2'), coalesceKey: 'B' })).toBe('coalesced');
    expect(queue.dropped).toBe(2);
    expect(texts(queue.take())).toEqual(['a1', 'b2', 'a3']);
  });

  it('else drops the oldest report; a message that must arrive overflows only when no report is left', () => {
    const queue = new SendQueue(3);
    queue.push({ bytes: frame('a1'), coalesceKey: 'A' });
    queue.push({ bytes: frame('chat1') });
    queue.push({ bytes: frame('b1'), coalesceKey: 'B' });
    expect(queue.push({ bytes: frame('chat2') })).toBe('dropped-oldest');
    expect(queue.push({ bytes: frame('c1'), coalesceKey: 'C' })).toBe('dropped-oldest');
    // b1 went; c1 is the only report left, and a third chat takes its place.
    expect(queue.push({ bytes: frame('chat3') })).toBe('dropped-oldest');
    expect(queue.push({ bytes: frame('d1'), coalesceKey: 'D' })).toBe('dropped');
    expect(queue.push({ bytes: frame('chat4') })).toBe('overflow');
    expect(queue.dropped).toBe(4);
    expect(texts(queue.take())).toEqual(['chat1', 'chat2', 'chat3']);
  });

  it('stays bounded and keeps the newest reports under a long run of a client that never reads', () => {
    const queue = new SendQueue(100);
    for (let i = 0; i < 100_000; i++) {
      const outcome = queue.push({ bytes: frame(`${i % 500}:${i}`), coalesceKey: String(i % 500) });
      expect(outcome).not.toBe('overflow');
      expect(queue.length).toBeLessThanOrEqual(100);
    }
    const kept = texts(queue.take());
    expect(kept).toHaveLength(100);
    // The last 100 pushes each had a uid not yet queued, so they are what is left, oldest first.
    expect(kept).toEqual(Array.from({ length: 100 }, (_, k) => `${(99_900 + k) % 500}:${99_900 + k}`));
  });
});
