import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/bus/memory/index.js';
import type { BusMessage } from '../../src/bus/port.js';

async function drain(bus: MemoryBus, fromSeq: number, n: number): Promise<BusMessage[]> {
  const got: BusMessage[] = [];
  const sub = await bus.subscribe(
    '>',
    (m) => {
      got.push(m);
    },
    { fromSeq },
  );
  const end = Date.now() + 5000;
  while (got.length < n && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 5));
  await sub.unsubscribe();
  return got;
}

describe('MemoryBus', () => {
  it('keeps only the newest maxMessages; a reader behind the window starts at the oldest kept', async () => {
    const bus = new MemoryBus({ maxMessages: 5 });
    for (let n = 1; n <= 8; n++) await bus.publish('a', { n });
    expect((await drain(bus, 1, 5)).map((m) => m.seq)).toEqual([4, 5, 6, 7, 8]);
    await bus.close();
  });

  it('forgets a msgId once its message leaves the window', async () => {
    const bus = new MemoryBus({ maxMessages: 2 });
    expect((await bus.publish('a', {}, { msgId: 'x' })).seq).toBe(1);
    expect((await bus.publish('a', {}, { msgId: 'x' })).seq).toBe(1);
    await bus.publish('a', {});
    await bus.publish('a', {});
    expect((await bus.publish('a', {}, { msgId: 'x' })).seq).toBe(4);
    await bus.close();
  });

  it('copies payloads, so neither the publisher nor one handler can change what another sees', async () => {
    const bus = new MemoryBus();
    const buffer = new Uint8Array([1, 2, 3]);
    await bus.publish('a', buffer);
    buffer[0] = 9;
    const [first] = await drain(bus, 1, 1);
    first?.data.fill(0);
    const [second] = await drain(bus, 1, 1);
    expect([...(second?.data ?? [])]).toEqual([1, 2, 3]);
    await bus.close();
  });
});
