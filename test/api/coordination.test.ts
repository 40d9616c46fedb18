import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JP_J3, NOFORN, PinnedClock, REL_USA_JPN, US_J3 } from '../services/missions-fixture.js';
import { type Call, startServers } from './missions-harness.js';

const clock = new PinnedClock('2025-06-02T00:00:00.000Z');
let servers: Awaited<ReturnType<typeof startServers>>;
let us: Call;
let jp: Call;
beforeAll(async () => {
  servers = await startServers({ us: US_J3, jp: JP_J3 }, clock);
  ({ us, jp } = servers.as as { us: Call; jp: Call });
});
afterAll(async () => servers?.close());

const draft = (label: unknown) => ({
  kind: 'RFS',
  fromId: 'usfj',
  toId: 'jjoc',
  subject: 'Liaison officer at the BOCC',
  body: 'Request a JJOC liaison officer at the BOCC for the exercise.',
  deadline: '2025-06-06T08:00:00Z',
  priority: 'IMMEDIATE',
  label,
});

describe('coordination over real HTTP on a real SQLite file', () => {
  it('refuses to send a NOFORN request to JJOC with a problem naming the code', async () => {
    const created = await us('POST', '/api/coordination/requests', draft(NOFORN));
    expect(created.status).toBe(201);
    const sent = await us('POST', `/api/coordination/requests/${created.body.request.id}/send`, {});
    expect(sent.status).toBe(422);
    expect(sent.body.code).toBe('C2_NOT_RELEASABLE');
    expect(sent.body.detail).toContain('does not release to JPN');
    expect((await jp('GET', `/api/coordination/requests/${created.body.request.id}`)).status).toBe(404);
  });

  it('a U.S. and a Japanese officer see their own inboxes; sending moves a request from one side to the other', async () => {
    const created = await us('POST', '/api/coordination/requests', draft(REL_USA_JPN));
    const id = created.body.request.id;
    const jpBefore = await jp('GET', '/api/coordination/inbox');
    expect(jpBefore.status).toBe(200);
    expect(jpBefore.body.commands).toEqual(['jjoc']);
    expect(jpBefore.body.requests.map((r: { id: string }) => r.id)).not.toContain(id);

    const sent = await us('POST', `/api/coordination/requests/${id}/send`, {});
    expect(sent.status).toBe(200);
    expect(sent.body.request.deadlineDtg.zulu).toBe('060800ZJUN25');
    expect(sent.body.request.deadlineDtg.local[1]).toMatchObject({ unitId: 'jjoc', letter: 'I', dtg: '061700IJUN25' });

    const jpInbox = await jp('GET', '/api/coordination/inbox');
    const usInbox = await us('GET', '/api/coordination/inbox');
    expect(jpInbox.body.requests.map((r: { id: string }) => r.id)).toContain(id);
    expect(usInbox.body.commands).toEqual(['usfj']);
    expect(usInbox.body.requests.map((r: { id: string }) => r.id)).not.toContain(id);
    expect(jpInbox.body.counts.SENT).toBe(jpBefore.body.counts.SENT + 1);
    const outbox = await us('GET', '/api/commands/usfj/outbox');
    expect(outbox.body.requests.map((r: { id: string }) => r.id)).toContain(id);

    expect((await us('POST', `/api/coordination/requests/${id}/acknowledge`, {})).body.code).toBe('C2_FORBIDDEN');
    expect(
      (await jp('POST', `/api/coordination/requests/${id}/acknowledge`, { note: 'on it' })).body.request.state,
    ).toBe('ACKNOWLEDGED');
    const answer = { body: 'LNO assigned', label: REL_USA_JPN };
    expect((await jp('POST', `/api/coordination/requests/${id}/answer`, answer)).body.request.state).toBe('ANSWERED');
    const again = await jp('POST', `/api/coordination/requests/${id}/answer`, answer);
    expect([again.status, again.body.code]).toEqual([409, 'C2_BAD_STATE']);
    const thread = await us('GET', `/api/coordination/requests/${id}`);
    expect(thread.body.marking).toBe('SECRET//REL TO USA, JPN');
    expect(thread.body.request.thread.map((r: { body: string }) => r.body)).toEqual(['LNO assigned']);
  });

  it('turns a request overdue at its deadline and records it through the API', async () => {
    const created = await us('POST', '/api/coordination/requests', {
      ...draft(REL_USA_JPN),
      deadline: '2025-06-03T00:00:00Z',
    });
    const id = created.body.request.id;
    await us('POST', `/api/coordination/requests/${id}/send`, {});
    clock.set('2025-06-03T00:00:00.000Z');
    expect((await jp('GET', `/api/coordination/requests/${id}`)).body.request.state).toBe('OVERDUE');
    expect((await us('POST', '/api/coordination/overdue')).body.recorded).toContain(id);
    expect((await us('POST', '/api/coordination/overdue')).body.recorded).not.toContain(id);
  });

  it('serves separation, counterparts and bodies; bad input is a 400 naming the field', async () => {
    const sep = await us('GET', '/api/commands/usfj/indopacom/separation?at=2025-06-03T00:00:00Z');
    expect(sep.status).toBe(200);
    expect(sep.body.timeDifferenceHours).toBe(19);
    expect(sep.body.at.local.map((l: { dtg: string }) => l.dtg)).toEqual(['030900IJUN25', '021400WJUN25']);
    expect(sep.body.workingHours.minutes).toBe(240);
    const cps = await jp('GET', '/api/counterparts?command=jjoc&at=2025-06-01');
    expect(cps.body.counterparts.map((l: { a: string }) => l.a)).toContain('usfj');
    const bodies = await jp('GET', '/api/coordination-bodies?command=jjoc&at=2025-06-01');
    expect(bodies.body.bodies.map((b: { id: string }) => b.id)).toEqual(['bocc']);
    const bad = await us('POST', '/api/coordination/requests', { ...draft(REL_USA_JPN), priority: 'URGENT' });
    expect([bad.status, bad.body.code, bad.body.violations[0].path]).toEqual([400, 'C2_BAD_INPUT', 'body.priority']);
  });
});
