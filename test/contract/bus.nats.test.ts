import { connect, type NatsConnection } from 'nats';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openNatsBus } from '../../src/bus/nats/index.js';
import { describeBusContract } from './bus.contract.js';
import { describeWithService, NATS_URL, probe } from './services.js';

const reachable = await probe(async () => {
  const nc = await connect({ servers: NATS_URL, timeout: 2000, reconnect: false });
  try {
    await (await nc.jetstreamManager()).getAccountInfo();
  } finally {
    await nc.close();
  }
});

describeWithService('Bus contract: nats', 'NATS JetStream', NATS_URL, reachable, () => {
  let admin: NatsConnection;
  const streams: string[] = [];
  let n = 0;
  beforeAll(async () => {
    admin = await connect({ servers: NATS_URL });
  });
  // Each test gets its own stream and subject namespace, deleted once its bus is closed.
  afterEach(async () => {
    const jsm = await admin.jetstreamManager();
    for (const stream of streams.splice(0)) await jsm.streams.delete(stream);
  });
  afterAll(() => admin.close());

  describeBusContract('nats', async () => {
    const id = `${process.pid}_${++n}`;
    streams.push(`C2TEST_${id}`);
    return openNatsBus({ servers: NATS_URL, stream: `C2TEST_${id}`, namespace: `c2test_${id}`, ackWaitMs: 5000 });
  });
});
