import dgram from 'node:dgram';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TakServer } from '../../../src/cot/server/server.js';
import { buildProtocolRequest, parseProtocolResponse, parseProtocolSupport } from '../../../src/cot/negotiation.js';
import { encodeStream } from '../../../src/cot/takproto.js';
import { parseCot, serializeCot } from '../../../src/cot/xml.js';
import { canonicalTree, haveSamples, REJECTED_SAMPLES, readSample, sampleFiles } from '../samples.js';
import {
  type CopFixture,
  delay,
  JP_USER,
  makePki,
  openCop,
  type Pki,
  saXml,
  startTak,
  TakTestClient,
  TestClock,
  US_USER,
} from './harness.js';

let fixture: CopFixture;
let server: TakServer;
let logs: Array<{ event: string; detail: Record<string, unknown> }>;
const clients: TakTestClient[] = [];
const clock = new TestClock();

async function connect(): Promise<TakTestClient> {
  const client = await TakTestClient.tcp(server.addresses.tcp!);
  clients.push(client);
  await client.waitFor((e) => e.type === 't-x-takp-v');
  return client;
}

beforeEach(async () => {
  clock.ms = Date.now();
  fixture = await openCop(clock);
  logs = [];
  server = await startTak(fixture.cop, clock, { log: (event, detail) => logs.push({ event, detail }) });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.stop();
  await fixture.close();
});

describe('TAK server: streaming TCP', () => {
  it('relays a position report from one client to another and gives a late joiner the latest picture', async () => {
    const a = await connect();
    const b = await connect();
    a.write(saXml('ALPHA-1', { lat: 35.1 }));
    a.write(saXml('ALPHA-1', { lat: 35.2 }));
    const seen = await b.waitFor((e) => e.uid === 'ALPHA-1' && e.point.lat === 35.2);
    expect(seen.source).toBeUndefined();
    expect(a.events.some((e) => e.uid === 'ALPHA-1')).toBe(false);
    const late = await connect();
    const latest = await late.waitFor((e) => e.uid === 'ALPHA-1');
    expect(latest.point.lat).toBe(35.2);
  });

  it('answers a ping with a pong to the pinging client only', async () => {
    const a = await connect();
    const b = await connect();
    a.write(saXml('takPing', { type: 't-x-c-t' }));
    await a.waitFor((e) => e.type === 't-x-c-t-r');
    await delay(100);
    expect(b.events.some((e) => e.type.startsWith('t-x-c-t'))).toBe(false);
  });

  it('routes a marti/dest message to the named callsign only', async () => {
    const a = await connect();
    const bravo = await connect();
    const charlie = await connect();
    bravo.write(saXml('B-UID', { callsign: 'BRAVO' }));
    charlie.write(saXml('C-UID', { callsign: 'CHARLIE' }));
    await a.waitFor((e) => e.uid === 'C-UID');
    await a.waitFor((e) => e.uid === 'B-UID');
    a.write(
      saXml('chat-1', { type: 'b-t-f', detail: '<marti><dest callsign="BRAVO"/></marti><remarks>for bravo</remarks>' }),
    );
    await bravo.waitFor((e) => e.uid === 'chat-1');
    await delay(100);
    expect(charlie.events.some((e) => e.uid === 'chat-1')).toBe(false);
  });

  it('speaks protobuf with a client that negotiates like ATAK, and XML with the rest', async () => {
    const xmlPeer = await connect();
    const atak = await connect();
    const offer = parseProtocolSupport(await atak.waitFor((e) => e.type === 't-x-takp-v'));
    expect(offer.versions).toContain(1);
    atak.write(serializeCot(buildProtocolRequest(offer.uid, 1, clock.now()), { declaration: true }));
    const response = parseProtocolResponse(await atak.waitFor((e) => e.type === 't-x-takp-r'));
    expect(response.accepted).toBe(true);
    atak.useProtobuf();
    // SA every few (here: tens of) milliseconds, and a ping between.
    for (let i = 0; i < 3; i++) {
      atak.write(encodeStream(parseCot(saXml('ATAK-1', { callsign: 'VIPER', lat: 35 + i / 10 }))));
      await delay(30);
    }
    atak.write(encodeStream(parseCot(saXml('ATAK-1-ping', { type: 't-x-c-t' }))));
    await atak.waitFor((e) => e.type === 't-x-c-t-r');
    const last = await xmlPeer.waitFor((e) => e.uid === 'ATAK-1' && e.point.lat === 35.2);
    expect(last.callsign).toBe('VIPER');
    xmlPeer.write(saXml('XML-1', { callsign: 'XRAY' }));
    const fromXml = await atak.waitFor((e) => e.uid === 'XML-1');
    expect(fromXml.callsign).toBe('XRAY');
    expect(server.clients.map((c) => c.protocol).sort()).toEqual(['protobuf', 'xml']);
  });

  it('takes UDP input, XML and mesh protobuf', async () => {
    const client = await connect();
    const udp = dgram.createSocket('udp4');
    const send = (data: string | Buffer) =>
      new Promise<void>((resolve) => udp.send(data, server.addresses.udp!, '127.0.0.1', () => resolve()));
    await send(saXml('UDP-XML'));
    const { encodeMesh } = await import('../../../src/cot/takproto.js');
    await send(encodeMesh(parseCot(saXml('UDP-MESH'))));
    await send('not cot at all');
    await client.waitFor((e) => e.uid === 'UDP-XML');
    await client.waitFor((e) => e.uid === 'UDP-MESH');
    expect(server.udpRejected).toBe(1);
    udp.close();
  });
});

describe('TAK server: hostile and broken clients', () => {
  it('survives garbage, a client that disconnects mid-frame and a protobuf client that loses framing', async () => {
    const good = await connect();
    const garbage = await connect();
    garbage.write(Buffer.from([0x00, 0xff, 0x13, 0x37]));
    garbage.write('<event><<<<>>>&&&</event><?xml nonsense<event version="2.0" uid="x"></event>');
    garbage.write(`<event uid="e" type="a-f-G" time="yesterday" start="x" stale="y"><point lat="999"/></event>`);
    const midFrame = await connect();
    const full = saXml('MID-1');
    midFrame.write(full.slice(0, full.length / 2));
    await delay(20);
    midFrame.close();
    const proto = await connect();
    proto.write(Buffer.from([0xbf, 0x05, 0x01, 0x02]));
    await delay(20);
    proto.write(Buffer.from([0x42, 0x42, 0x42, 0x42, 0x42, 0x42]));
    garbage.write(saXml('AFTER-GARBAGE'));
    await good.waitFor((e) => e.uid === 'AFTER-GARBAGE');
    expect(good.events.some((e) => e.uid === 'MID-1')).toBe(false);
    expect(logs.some((l) => l.event === 'tak.reject')).toBe(true);
    await delay(50);
    expect(logs.some((l) => l.event === 'tak.disconnect' && String(l.detail.reason).includes('framing'))).toBe(true);
    const sender = await connect();
    sender.write(saXml('STILL-UP'));
    await good.waitFor((e) => e.uid === 'STILL-UP');
  });

  it('keeps serving others while a client never reads; position reports coalesce, chat overflow disconnects it', async () => {
    await server.stop();
    server = await startTak(fixture.cop, clock, {
      queueLimit: 50,
      highWaterBytes: 16 * 1024,
      log: (event, detail) => logs.push({ event, detail }),
    });
    const sender = await connect();
    const good = await connect();
    const stuck = await connect();
    stuck.socket.pause();
    const uids = Array.from({ length: 10 }, (_, i) => `POS-${i}`);
    // Large reports fill the kernel's socket buffers with few events, so the policy is reached quickly.
    const remarks = `<remarks>${'p'.repeat(20_000)}</remarks>`;
    const rounds = 60;
    for (let round = 0; round < rounds; round++) {
      sender.write(uids.map((uid) => saXml(uid, { lat: 30 + round / 10_000, detail: remarks })).join(''));
      await delay(1);
    }
    const lastLat = 30 + (rounds - 1) / 10_000;
    for (const uid of uids) await good.waitFor((e) => e.uid === uid && e.point.lat === lastLat, 10_000);
    expect(stuck.closed).toBe(false);
    const stuckConnection = server.clients.find((c) => c.droppedFrames > 0);
    expect(stuckConnection).toBeDefined();
    for (let i = 0; i < 2000 && !stuck.closed; i++) {
      sender.write(saXml(`CHAT-${i}`, { type: 'b-t-f', detail: remarks }));
      if (i % 10 === 0) await delay(1);
    }
    await delay(200);
    expect(logs.some((l) => l.event === 'tak.disconnect' && String(l.detail.reason).startsWith('too slow'))).toBe(true);
    const chats = good.events.filter((e) => e.type === 'b-t-f').length;
    sender.write(saXml('AFTER-STUCK'));
    await good.waitFor((e) => e.uid === 'AFTER-STUCK', 10_000);
    expect(good.events.filter((e) => e.type === 'b-t-f').length).toBeGreaterThanOrEqual(chats);
    const numbers = good.events.filter((e) => e.type === 'b-t-f').map((e) => Number(e.uid.slice(5)));
    expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
    expect(new Set(numbers).size).toBe(numbers.at(-1)! + 1);
  });
});

describe.skipIf(!haveSamples)('TAK server: third-party samples flow through unchanged', () => {
  it('every conforming sample arrives at another client equivalent to what was sent', async () => {
    const sender = await connect();
    const receiver = await connect();
    const samples = sampleFiles()
      .map((file) => path.basename(file))
      .filter((name) => !(name in REJECTED_SAMPLES))
      .map((name) => ({ name, xml: readSample(name).toString('utf8') }))
      .filter(({ xml }) => {
        const event = parseCot(xml);
        return !event.type.startsWith('t-') && !event.dest;
      });
    expect(samples.length).toBeGreaterThan(30);
    for (const { xml } of samples) sender.write(xml);
    await receiver.waitFor(() => receiver.xml.length >= samples.length + 0, 5000).catch(() => undefined);
    const received = receiver.xml.filter((xml) => !xml.includes('t-x-takp-v'));
    expect(received).toHaveLength(samples.length);
    for (const [i, { name, xml }] of samples.entries()) {
      expect(canonicalTree(received[i]!), name).toEqual(canonicalTree(xml));
    }
  });
});

describe('TAK server: mutual TLS, two nations', () => {
  let pki: Pki;

  it('maps client certificates to users and delivers a NOFORN track only to the U.S. client', async () => {
    pki = makePki(fixture.dir);
    await server.stop();
    const users = new Map([US_USER, JP_USER].map((user) => [user.id, user]));
    server = await startTak(fixture.cop, clock, {
      tlsPort: 0,
      tls: { key: pki.server.key, cert: pki.server.cert, ca: pki.ca },
      identity: {
        certificates: { 'us-operator': US_USER.id, 'jp-operator': JP_USER.id },
        groupMarkings: { USFJ: 'SECRET//NOFORN', JJOC: 'SECRET//REL TO USA, JPN' },
      },
      resolveUser: (id) => users.get(id),
      log: (event, detail) => logs.push({ event, detail }),
    });
    const connectTls = async (cn: string, ou: string) => {
      const client = await TakTestClient.tls(server.addresses.tls!, pki, pki.client(cn, ou));
      clients.push(client);
      await client.waitFor((e) => e.type === 't-x-takp-v');
      return client;
    };
    const us = await connectTls('us-operator', 'USFJ');
    const jp = await connectTls('jp-operator', 'JJOC');
    const feed = await connect();

    // Unmarked events from the U.S. client take its group's label, SECRET//NOFORN.
    us.write(saXml('US-NOFORN-1'));
    // A marking in the detail, and one in the remarks, set the label.
    us.write(saXml('US-REL-1', { detail: '<__c2 marking="SECRET//REL TO USA, JPN"/>' }));
    us.write(saXml('US-REMARK-NF', { detail: '<remarks>(S//NF) sensitive position</remarks>' }));
    // The Japanese client may not write NOFORN (it could not read it): refused.
    jp.write(saXml('JP-NOFORN', { detail: '<__c2 marking="SECRET//NOFORN"/>' }));
    jp.write(saXml('JP-REL-1'));
    // Anonymous TCP feeds are UNCLASSIFIED and cannot mark above it.
    feed.write(saXml('FEED-SECRET', { detail: '<__c2 marking="SECRET//REL TO USA, JPN"/>' }));
    feed.write(saXml('FEED-U'));

    await jp.waitFor((e) => e.uid === 'US-REL-1');
    await jp.waitFor((e) => e.uid === 'FEED-U');
    await us.waitFor((e) => e.uid === 'JP-REL-1');
    await us.waitFor((e) => e.uid === 'FEED-U');
    await delay(100);
    expect(jp.events.map((e) => e.uid)).not.toContain('US-NOFORN-1');
    expect(jp.events.map((e) => e.uid)).not.toContain('US-REMARK-NF');
    expect(feed.events.map((e) => e.uid)).not.toContain('US-REL-1');
    expect(feed.events.map((e) => e.uid)).not.toContain('JP-REL-1');
    for (const client of [us, jp, feed]) {
      expect(client.events.map((e) => e.uid)).not.toContain('JP-NOFORN');
      expect(client.events.map((e) => e.uid)).not.toContain('FEED-SECRET');
    }
    expect(logs.some((l) => String(l.detail.error).includes('C2_FORBIDDEN'))).toBe(true);
    expect(logs.some((l) => String(l.detail.error).includes('C2_LABEL_ABOVE_CLEARANCE'))).toBe(true);

    // A late joiner gets the latest picture filtered for it too.
    const usLate = await connectTls('us-operator', 'USFJ');
    const jpLate = await connectTls('jp-operator', 'JJOC');
    await usLate.waitFor((e) => e.uid === 'US-NOFORN-1');
    await jpLate.waitFor((e) => e.uid === 'US-REL-1');
    await delay(50);
    expect(jpLate.events.map((e) => e.uid)).not.toContain('US-NOFORN-1');

    // A certificate the table does not know is refused.
    const stranger = await TakTestClient.tls(server.addresses.tls!, pki, pki.client('stranger', 'USFJ'));
    await delay(100);
    expect(stranger.closed).toBe(true);
  });
});
