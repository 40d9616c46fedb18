import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/compose.js';
import { SYSTEM_ACTOR } from '../../src/services/actor.js';
import { type Client, client, loginAs, startTestServer, type TestServer } from './harness.js';

/**
 * The bars for the HTTP edge: 401 on every route, 403s, session fixation, token revocation and expiry on a
 * pinned clock, login throttling, SQL and header injection, oversized and malformed bodies; each asserting that
 * nothing stored changed.
 */

const START = Date.parse('2026-11-25T08:00:00.000Z');
let offsetMs = 0;
const clock = { now: () => new Date(START + offsetMs).toISOString() };
const advance = (ms: number) => {
  offsetMs += ms;
};

let server: TestServer;
let planner: Awaited<ReturnType<typeof loginAs>>;

beforeAll(async () => {
  server = await startTestServer({ clock });
  planner = await loginAs(server, 'us.planner');
});
afterAll(async () => {
  await server?.close();
});

/** Everything stored that a request could change: the last transaction and the whole force. */
async function stored() {
  const document = server.services.force.exportDocument(SYSTEM_ACTOR);
  const { exportedAt: _at, ...meta } = document.meta;
  return { lastTxId: await server.services.store.lastTxId(), document: JSON.stringify({ ...document, meta }) };
}

async function unchangedBy(work: () => Promise<void>) {
  const before = await stored();
  await work();
  expect(await stored()).toEqual(before);
}

const UNIT = {
  id: 'auth-test-unit',
  name: 'Auth test unit',
  shortName: 'ATU',
  nation: 'USA',
  service: 'USA:JOINT',
  echelon: 'TEAM',
  sidc: '10031002111105000000',
  roles: ['COORDINATION_BODY'],
  valid: { from: '2025-01-01' },
};

describe('who may call what', () => {
  it('answers 401 on every non-public route of the OpenAPI document, with or without a bad token', async () => {
    const { body: openapi } = await server.get('/api/openapi.json');
    const operations = Object.entries(openapi.paths as Record<string, Record<string, { security: unknown[] }>>).flatMap(
      ([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    const open = operations.filter((o) => o.op.security.length === 0).map((o) => `${o.method} ${o.path}`);
    expect(open.sort()).toEqual(['get /api/meta', 'post /api/auth/login']);
    const guarded = operations.filter((o) => o.op.security.length > 0);
    expect(guarded.length).toBeGreaterThan(20);
    await unchangedBy(async () => {
      for (const { path, method } of guarded) {
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        for (const headers of [
          {} as Record<string, string>,
          { authorization: 'Bearer c2_0000000000000000000000000000000000000000000' },
        ]) {
          const answer = await server.send(method.toUpperCase(), url, method === 'get' ? undefined : {}, headers);
          expect(answer.status, `${method} ${path}`).toBe(401);
          expect(answer.body.code).toBe('C2_UNAUTHENTICATED');
        }
      }
      expect((await server.get('/api/no-such-route')).status).toBe(401);
    });
    // Refusals are audited without holding up the reply: wait for those writes to land before counting.
    await server.services.audit.settled();
    const audited = await server.services.audit.list({ action: 'refused' });
    expect(audited.length).toBeGreaterThanOrEqual(guarded.length * 2);
  });

  it('refuses by role, by clearance and by nation with 403, and CSRF without the token or from another origin', async () => {
    const viewer = await loginAs(server, 'us.viewer');
    const japanese = await loginAs(server, 'jp.planner');
    await unchangedBy(async () => {
      const byRole = await viewer.send('POST', '/api/units', { ...UNIT, label: 'UNCLASSIFIED' });
      expect([byRole.status, byRole.body.code]).toEqual([403, 'C2_FORBIDDEN']);
      const above = await japanese.send('POST', '/api/units', { ...UNIT, label: 'TOP SECRET//REL TO USA, JPN' });
      expect([above.status, above.body.code]).toEqual([403, 'C2_LABEL_ABOVE_CLEARANCE']);
      const noforn = await japanese.send('POST', '/api/units', { ...UNIT, label: 'SECRET//NOFORN' });
      expect([noforn.status, noforn.body.code]).toEqual([403, 'C2_FORBIDDEN']);
      for (const path of ['/api/admin/users', '/api/audit', '/api/audit/verify']) {
        expect((await planner.get(path)).status, path).toBe(403);
      }
      const cookie = planner.headers.cookie!;
      const noToken = await client(server.url, { cookie }).send('POST', '/api/units', {
        ...UNIT,
        label: 'UNCLASSIFIED',
      });
      expect([noToken.status, noToken.body.code]).toEqual([403, 'C2_FORBIDDEN']);
      const crossSite = await planner.send(
        'POST',
        '/api/units',
        { ...UNIT, label: 'UNCLASSIFIED' },
        { origin: 'https://evil.example' },
      );
      expect(crossSite.status).toBe(403);
    });
    // The same writer with the token and a marking string writes, canonicalised.
    const created = await planner.send('POST', '/api/units', { ...UNIT, label: 'secret//rel to jpn, usa' });
    expect(created.status).toBe(201);
    expect((await planner.get(`/api/units/${UNIT.id}?at=2025-06-01`)).body.unit.label).toEqual({
      classification: 'SECRET',
      releasableTo: ['USA', 'JPN'],
      caveats: [],
    });
  });

  it('answers a unit the reader may not read exactly as one that does not exist', async () => {
    const japanese = await loginAs(server, 'jp.planner');
    const hidden = await japanese.get('/api/units/notional-usfj-plans-cell?at=2025-06-01');
    const missing = await japanese.get('/api/units/no-such-unit-xyz?at=2025-06-01');
    expect(hidden.status).toBe(404);
    expect(hidden.body.detail.replace('notional-usfj-plans-cell', 'X')).toBe(
      missing.body.detail.replace('no-such-unit-xyz', 'X'),
    );
    const list = await japanese.get('/api/units?at=2025-06-01');
    expect(list.body.units.map((u: { id: string }) => u.id)).toContain('notional-usfj-jjoc-liaison');
    expect(JSON.stringify(list.body)).not.toContain('notional-usfj-plans-cell');
    expect(list.body.marking).toBe('SECRET//REL TO USA, JPN');
  });

  it('runs a disclosure request: only an FDO of the owning nation decides; approval relabels, history keeps both', async () => {
    const asked = await planner.send('POST', '/api/disclosure-requests', {
      recordRef: 'unit:notional-usfj-plans-cell',
      newLabel: 'SECRET//REL TO USA, JPN',
      justification: 'JJOC planners need the cell for bilateral planning',
    });
    expect(asked.status).toBe(201);
    const id = asked.body.request.id;
    const decide = (who: Client) =>
      who.send('POST', `/api/disclosure-requests/${id}/decision`, {
        decision: 'approve',
        justification: 'releasable under the 2024 arrangement',
      });
    await unchangedBy(async () => {
      expect((await decide(await loginAs(server, 'jp.fdo'))).status).toBe(404);
      expect((await decide(planner)).status).toBe(403);
    });
    const approved = await decide(await loginAs(server, 'us.fdo'));
    expect(approved.status).toBe(200);
    expect(approved.body.request.state).toBe('approved');
    const japanese = await loginAs(server, 'jp.planner');
    expect((await japanese.get('/api/units/notional-usfj-plans-cell?at=2025-06-01')).status).toBe(200);
    const versions = (await server.services.store.loadForce()).units.filter(
      (v) => v.record.id === 'notional-usfj-plans-cell',
    );
    expect(versions.map((v) => v.record.label.caveats)).toEqual([['NOFORN'], []]);
    const log = await server.services.store.transactions();
    expect(JSON.stringify(log.at(-1)?.detail)).toContain('releasable under the 2024 arrangement');
  });
});

describe('sessions and tokens', () => {
  it('never adopts a session id the client brought, and gives a new one at every sign-in', async () => {
    const planted = 'attacker-chosen-session-id-aaaaaaaaaaaaaaaaaaaa';
    const first = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `c2_session=${planted}` },
      body: JSON.stringify({ username: 'us.viewer', password: 'usa-viewer-demo-2024' }),
    });
    const issued = first.headers.getSetCookie().find((c) => c.startsWith('c2_session='))!;
    expect(issued).toMatch(/HttpOnly/i);
    expect(issued).toMatch(/SameSite=Strict/i);
    expect(issued).not.toContain(planted);
    expect((await server.get('/api/auth/me', { cookie: `c2_session=${planted}` })).status).toBe(401);
    const again = await loginAs(server, 'us.viewer');
    expect(again.headers.cookie).not.toContain(issued.split(';')[0]!.split('=')[1]);
    const { status } = await again.send('POST', '/api/auth/logout');
    expect(status).toBe(204);
    expect((await again.get('/api/auth/me')).status).toBe(401);
  });

  it('accepts a bearer token until it is revoked or expires (pinned clock), and ends idle sessions', async () => {
    const expiresAt = new Date(START + offsetMs + 86_400_000).toISOString();
    const made = await planner.send('POST', '/api/auth/tokens', { name: 'script', expiresAt });
    expect(made.status).toBe(201);
    expect(made.body.token).toMatch(/^c2_/);
    const bearer = client(server.url, { authorization: `Bearer ${made.body.token}` });
    expect((await bearer.get('/api/units?at=2025-06-01')).status).toBe(200);
    expect(JSON.stringify((await planner.get('/api/auth/tokens')).body)).not.toContain(made.body.token);
    // Tokens are not cookies: no CSRF token needed, and they write.
    expect((await bearer.get('/api/auth/me')).body.via).toBe('token');

    expect((await planner.send('DELETE', `/api/auth/tokens/${made.body.id}`)).status).toBe(204);
    expect((await bearer.get('/api/units')).status).toBe(401);

    const second = await planner.send('POST', '/api/auth/tokens', { name: 'short', expiresAt });
    const short = client(server.url, { authorization: `Bearer ${second.body.token}` });
    expect((await short.get('/api/auth/me')).status).toBe(200);
    advance(86_400_000 + 1000);
    expect((await short.get('/api/auth/me')).status).toBe(401);
    // A day later the planner's session is long idle too.
    expect((await planner.get('/api/auth/me')).status).toBe(401);
    planner = await loginAs(server, 'us.planner');
    advance(29 * 60_000);
    expect((await planner.get('/api/auth/me')).status).toBe(200);
    advance(29 * 60_000);
    expect((await planner.get('/api/auth/me')).status).toBe(200);
    advance(31 * 60_000);
    expect((await planner.get('/api/auth/me')).status).toBe(401);
    planner = await loginAs(server, 'us.planner');
  });

  it('throttles failed sign-ins per username and address, audits every attempt, and forgives after the window', async () => {
    const attempt = (username: string, password: string) =>
      server.send('POST', '/api/auth/login', { username, password });
    const before = (await server.services.audit.list({ action: 'auth.login' })).length;
    await unchangedBy(async () => {
      for (let i = 0; i < 5; i++) expect((await attempt('jp.viewer', 'wrong-password-123')).status).toBe(401);
      const blocked = await attempt('jp.viewer', 'jpn-viewer-demo-2024');
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    });
    expect((await attempt('jp.fdo', 'jpn-fdo-demo-2024')).status).toBe(200);
    const entries = (await server.services.audit.list({ action: 'auth.login' })).slice(before);
    expect(entries.map((e) => e.outcome)).toEqual([
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
      'ok',
    ]);
    advance(16 * 60_000);
    expect((await attempt('jp.viewer', 'jpn-viewer-demo-2024')).status).toBe(200);
    planner = await loginAs(server, 'us.planner');
  });
});

describe('hostile input changes nothing', () => {
  it('treats SQL in usernames, ids and searches as plain text', async () => {
    await unchangedBy(async () => {
      for (const username of ["' OR '1'='1", "us.admin'--", 'x"; DROP TABLE users; --']) {
        expect((await server.send('POST', '/api/auth/login', { username, password: "' OR '1'='1" })).status).toBe(401);
      }
      const search = await planner.get(`/api/units?q=${encodeURIComponent("' OR '1'='1")}`);
      expect([search.status, search.body.units.length]).toEqual([200, 0]);
      const id = await planner.get(`/api/units/${encodeURIComponent("usfj' OR '1'='1")}`);
      expect([400, 404]).toContain(id.status);
      const admin = await loginAs(server, 'us.admin');
      const bad = await admin.send('POST', '/api/admin/users', {
        username: "robert'); DROP TABLE users;--",
        password: 'a-long-enough-password-1',
        name: 'Bobby',
        nation: 'USA',
        clearance: 'SECRET',
        roles: ['viewer'],
      });
      expect(bad.status).toBe(400);
    });
    expect((await server.services.store.listUsers()).length).toBe(DEMO_USERS.length);
  });

  it('never lets request data into response headers', async () => {
    await unchangedBy(async () => {
      const answer = await planner.get('/api/units/abc%0d%0aSet-Cookie:%20evil=1?at=2025-06-01');
      expect(answer.headers.getSetCookie().join()).not.toContain('evil');
      const login = await server.send('POST', '/api/auth/login', {
        username: 'x\r\nSet-Cookie: evil=1',
        password: 'y',
      });
      expect(login.status).toBe(401);
      expect(login.headers.getSetCookie().join()).not.toContain('evil');
      // A raw request with a folded header line is refused by the HTTP parser, not passed on.
      const raw = await new Promise<string>((resolve) => {
        const { port } = new URL(server.url);
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.write('GET /api/units HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer c2_a\r\n X-Smuggled: 1\r\n\r\n'),
        );
        let data = '';
        socket.on('data', (chunk) => (data += chunk));
        socket.on('close', () => resolve(data));
        socket.on('end', () => resolve(data));
        setTimeout(() => socket.destroy(), 2000);
      });
      expect(raw).toMatch(/^HTTP\/1\.1 4\d\d/);
    });
  });

  it('refuses oversized and malformed bodies with a problem, before anything is stored', async () => {
    await unchangedBy(async () => {
      const huge = await planner.send(
        'POST',
        '/api/units',
        JSON.stringify({ ...UNIT, notes: 'x'.repeat(9 * 1024 * 1024) }),
      );
      expect(huge.status).toBe(413);
      expect(huge.body.code).toBe('C2_PAYLOAD_TOO_LARGE');
      for (const body of ['{"id": ', '[]', 'null', '{"label": {"classification": "SECRET", "releasableTo": "USA"}}']) {
        const answer = await planner.send('POST', '/api/units', body);
        expect(answer.status, body).toBe(400);
        expect(answer.body.code).toBe('C2_BAD_INPUT');
      }
      const badMarking = await planner.send('POST', '/api/units', {
        ...UNIT,
        id: 'bad-marking',
        label: 'SECRET//NOFORN//REL TO USA, JPN',
      });
      expect([badMarking.status, badMarking.body.code]).toEqual([400, 'C2_BAD_MARKING']);
      const longLogin = await server.send('POST', '/api/auth/login', {
        username: 'us.planner',
        password: 'p'.repeat(5000),
      });
      expect(longLogin.status).toBe(400);
    });
  });

  it('sends secure headers on API answers', async () => {
    const { headers } = await planner.get('/api/auth/me');
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('cache-control')).toBe('no-store');
  });
});
