import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendProblem } from '../../src/api/problem.js';
import { RouteRegistry } from '../../src/api/route.js';
import { registerCopRoutes } from '../../src/api/routes/cop.js';
import { parseCot } from '../../src/cot/xml.js';
import { PUBLIC_UNCLASSIFIED } from '../../src/domain/security/label.js';
import { type CopFixture, delay, JP_USER, openCop, saXml, TestClock, US_USER } from '../cot/server/harness.js';

/**
 * The COP routes over real HTTP and a real WebSocket. Authentication is another module's; here a header names which
 * of two users a request acts as, set where the auth hook would set it.
 */
interface TestSocket {
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'open', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}
// ws (the client @fastify/websocket is built on) ships no types; this is the little of it the test uses.
const { WebSocket } = createRequire(import.meta.url)('ws') as {
  WebSocket: new (url: string, options: { headers: Record<string, string> }) => TestSocket;
};

const clock = new TestClock();
let fixture: CopFixture;
let app: FastifyInstance;
let base: string;
const T0 = Date.now() - 60_000;
const feed = { id: 'feed:radar', actor: US_USER, defaultLabel: PUBLIC_UNCLASSIFIED };

const as = (user: 'us' | 'jp') => ({ 'x-test-user': user });
async function get(path: string, user: 'us' | 'jp' = 'us') {
  const response = await fetch(`${base}${path}`, { headers: as(user) });
  return { status: response.status, body: (await response.json()) as any };
}

beforeAll(async () => {
  fixture = await openCop(clock);
  app = Fastify();
  app.setErrorHandler((error, request, reply) => sendProblem(reply, request, error));
  app.addHook('onRequest', async (request) => {
    request.actor = request.headers['x-test-user'] === 'jp' ? JP_USER : US_USER;
  });
  await registerCopRoutes(app, new RouteRegistry(app), fixture.cop);
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  const tracks: Array<[string, number, number, number, string?]> = [
    ['TOKYO', 0, 35.68, 139.69],
    ['TOKYO', 10_000, 35.7, 139.72],
    ['NAHA', 5_000, 26.2, 127.68, '<__c2 marking="SECRET//NOFORN"/>'],
    ['GUAM', 7_000, 13.44, 144.79],
  ];
  for (const [uid, offset, lat, lon, detail] of tracks) {
    const type = uid === 'GUAM' ? 'a-n-A-C' : 'a-f-G-U-C';
    fixture.cop.ingest(parseCot(saXml(uid, { now: T0 + offset, lat, lon, type, ...(detail ? { detail } : {}) })), feed);
  }
});

afterAll(async () => {
  await app.close();
  await fixture.close();
});

describe('COP REST', () => {
  it('queries by bounding box and time window, filtered per reader', async () => {
    const us = await get('/api/tracks?bbox=122,24,146,46');
    expect(us.status).toBe(200);
    expect(us.body.tracks.map((t: any) => t.uid)).toEqual(['TOKYO', 'NAHA', 'TOKYO']);
    expect(us.body.marking).toBe('SECRET//NOFORN');
    const jp = await get('/api/tracks?bbox=122,24,146,46', 'jp');
    expect(jp.body.tracks.map((t: any) => t.uid)).toEqual(['TOKYO', 'TOKYO']);
    expect(jp.body.marking).toBe('UNCLASSIFIED');
    const window = await get(
      `/api/tracks?from=${new Date(T0 + 4000).toISOString()}&to=${new Date(T0 + 8000).toISOString()}`,
    );
    expect(window.body.tracks.map((t: any) => t.uid)).toEqual(['NAHA', 'GUAM']);
    expect((await get('/api/tracks?affiliation=n')).body.tracks.map((t: any) => t.uid)).toEqual(['GUAM']);
    expect((await get('/api/tracks?type=a-f-G&latest=true')).body.tracks.map((t: any) => [t.uid, t.lat])).toEqual([
      ['NAHA', 26.2],
      ['TOKYO', 35.7],
    ]);
    // A limit counts what the reader may read: the NOFORN report first in the window does not use up a Japanese
    // reader's one row, nor does NAHA's latest point.
    const from = new Date(T0 + 4000).toISOString();
    expect((await get(`/api/tracks?from=${from}&limit=1`)).body.tracks.map((t: any) => t.uid)).toEqual(['NAHA']);
    expect((await get(`/api/tracks?from=${from}&limit=1`, 'jp')).body.tracks.map((t: any) => t.uid)).toEqual(['GUAM']);
    expect((await get('/api/tracks?type=a-f-G&latest=true&limit=1', 'jp')).body.tracks.map((t: any) => t.uid)).toEqual([
      'TOKYO',
    ]);
    expect((await get('/api/tracks/TOKYO/history')).body.points).toHaveLength(2);
    expect((await get('/api/tracks/NAHA/history', 'jp')).status).toBe(404);
    expect((await get('/api/tracks?bbox=200,0,0,0')).status).toBe(400);
  });

  it('creates labelled security events and lists them per reader', async () => {
    const response = await fetch(`${base}/api/events`, {
      method: 'POST',
      headers: { ...as('jp'), 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'missile-launch',
        description: 'Ballistic missile launch, impact outside the EEZ',
        geometry: { type: 'Point', coordinates: [125.7, 39.0] },
        source: { name: 'JMOD press release' },
        confidence: 'confirmed',
        marking: 'SECRET//REL TO USA, JPN',
        affiliation: 'h',
      }),
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as any;
    expect(created.event.cot.type).toBe('a-h-A-W-M');
    expect((await get('/api/events?kind=missile-launch', 'us')).body.events).toHaveLength(1);
    const denied = await fetch(`${base}/api/events`, {
      method: 'POST',
      headers: { ...as('jp'), 'content-type': 'application/json' },
      body: JSON.stringify({ ...created.event, source: { name: 'x' }, marking: 'SECRET//NOFORN' }),
    });
    expect(denied.status).toBe(403);
  });

  it('replays a window as server-sent events in order', async () => {
    const from = new Date(T0).toISOString();
    const to = new Date(T0 + 10_000).toISOString();
    const started = performance.now();
    const text = await (
      await fetch(`${base}/api/replay?from=${from}&to=${to}&speed=100`, { headers: as('jp') })
    ).text();
    const elapsed = performance.now() - started;
    const uids = [...text.matchAll(/"uid":"([^"]+)"/g)].map((m) => m[1]);
    expect(uids).toEqual(['TOKYO', 'GUAM', 'TOKYO']);
    expect(text).toContain('event: end');
    expect(elapsed).toBeGreaterThanOrEqual(100 - 5);
  });
});

describe('COP live WebSocket feed', () => {
  it('sends the latest picture and live reports matching the filter that the socket’s user may read', async () => {
    const open = (user: 'us' | 'jp', query: string) =>
      new Promise<{ socket: TestSocket; got: any[] }>((resolve, reject) => {
        const socket = new WebSocket(`${base.replace('http', 'ws')}/api/stream?${query}`, { headers: as(user) });
        const got: any[] = [];
        socket.on('message', (data) => got.push(JSON.parse(String(data)).track));
        socket.on('open', () => resolve({ socket, got }));
        socket.on('error', reject);
      });
    clock.ms = Date.now();
    const us = await open('us', 'bbox=120,20,150,40');
    const jp = await open('jp', 'bbox=120,20,150,40');
    const jpAir = await open('jp', 'type=a-n-A');
    await delay(100);
    fixture.cop.ingest(parseCot(saXml('LIVE-NF', { lat: 30, lon: 130, detail: '<remarks>(S//NF) x</remarks>' })), feed);
    fixture.cop.ingest(parseCot(saXml('LIVE-U', { lat: 30, lon: 130 })), feed);
    fixture.cop.ingest(parseCot(saXml('LIVE-FAR', { lat: 50, lon: 10 })), feed);
    await delay(200);
    expect(us.got.map((t) => t.uid)).toEqual(expect.arrayContaining(['LIVE-NF', 'LIVE-U']));
    expect(jp.got.map((t) => t.uid)).toContain('LIVE-U');
    expect(jp.got.map((t) => t.uid)).not.toContain('LIVE-NF');
    for (const socket of [us, jp]) expect(socket.got.map((t) => t.uid)).not.toContain('LIVE-FAR');
    // The latest picture on connect: the neutral aircraft, still fresh; no ground track passes the type filter.
    expect(jpAir.got.map((t) => t.uid)).toEqual(['GUAM']);
    for (const client of [us, jp, jpAir]) client.socket.close();
  });
});
