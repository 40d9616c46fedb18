import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestDraft } from '../../src/services/coordination.js';
import type { Services } from '../../src/services/index.js';
import { codeOf, JP_J3, label, NOFORN, openTestApp, type PinnedClock, REL_USA_JPN, staff, US_J3 } from './missions-fixture.js';

const T0 = '2025-06-02T00:00:00.000Z';
let app: Awaited<ReturnType<typeof openTestApp>>;
let services: Services;
let clock: PinnedClock;
beforeAll(async () => {
  app = await openTestApp(T0);
  ({ services, clock } = app);
});
afterAll(async () => app?.close());

const draft = (extra: Partial<RequestDraft> = {}): RequestDraft => ({
  kind: 'RFI',
  fromId: 'usfj',
  toId: 'jjoc',
  subject: 'Air picture reporting times',
  body: 'When does JJOC report?',
  attachments: [{ kind: 'mission', id: 'm-nansei' }],
  deadline: '2025-06-04T08:00:00.000Z',
  priority: 'PRIORITY',
  label: REL_USA_JPN,
  ...extra,
});

describe('coordination requests on a real SQLite store', () => {
  it('refuses at send time a NOFORN request to a Japanese command, and hides it from the Japanese side', async () => {
    const created = await services.coordination.draft(US_J3, draft({ label: NOFORN, attachments: [] }));
    expect(created.state).toBe('DRAFT');
    const refused = services.coordination.send(US_J3, created.id);
    await expect(refused).rejects.toMatchObject({ code: 'C2_NOT_RELEASABLE' });
    await expect(services.coordination.send(US_J3, created.id)).rejects.toThrow(
      /SECRET\/\/NOFORN.*does not release to JPN \(JJOC\)/,
    );
    expect((await services.coordination.get(US_J3, created.id)).state).toBe('DRAFT');
    expect(await codeOf(services.coordination.get(JP_J3, created.id))).toBe('C2_NOT_FOUND');
  });

  it('walks DRAFT → SENT → ACKNOWLEDGED → ANSWERED → CLOSED, each side acting for its own command', async () => {
    const { id } = await services.coordination.draft(US_J3, draft());
    // A draft is the sender's: the receiver neither sees nor counts it.
    expect(await codeOf(services.coordination.get(JP_J3, id))).toBe('C2_NOT_FOUND');
    expect((await services.coordination.list(JP_J3, { box: 'inbox' })).requests.map((r) => r.id)).not.toContain(id);
    expect(await codeOf(services.coordination.send(JP_J3, id))).toBe('C2_NOT_FOUND');

    clock.set('2025-06-02T01:00:00.000Z');
    const sent = await services.coordination.send(US_J3, id);
    expect(sent.state).toBe('SENT');
    expect(sent.deadlineDtg?.zulu).toBe('040800ZJUN25');
    expect(sent.deadlineDtg?.local.map((l) => l.dtg)).toEqual(['041700IJUN25', '041700IJUN25']);
    const inbox = await services.coordination.list(JP_J3, { box: 'inbox' });
    expect(inbox.commands).toEqual(['jjoc']);
    expect(inbox.requests.map((r) => r.id)).toContain(id);
    expect(inbox.counts.SENT).toBeGreaterThanOrEqual(1);

    expect(await codeOf(services.coordination.acknowledge(US_J3, id))).toBe('C2_FORBIDDEN');
    expect(
      await codeOf(services.coordination.answer(US_J3, id, { body: 'x', attachments: [], label: REL_USA_JPN })),
    ).toBe('C2_FORBIDDEN');
    clock.set('2025-06-02T02:00:00.000Z');
    expect((await services.coordination.acknowledge(JP_J3, id, 'working it')).state).toBe('ACKNOWLEDGED');
    expect(await codeOf(services.coordination.acknowledge(JP_J3, id))).toBe('C2_BAD_STATE');

    // The answer must release to the nation that asked; a Japanese officer cannot write a U.S.-only label at all.
    const usOnly = { body: 'Daily at 0800I', attachments: [], label: NOFORN };
    expect(await codeOf(services.coordination.answer(JP_J3, id, usOnly))).toBe('C2_FORBIDDEN');
    const jpRel = { body: 'Daily at 0800I', attachments: [], label: label(['USA', 'JPN']) };
    clock.set('2025-06-03T00:00:00.000Z');
    const answered = await services.coordination.answer(JP_J3, id, jpRel);
    expect(answered.state).toBe('ANSWERED');
    expect(answered.thread.map((r) => [r.kind, r.fromId, r.body])).toEqual([['ANSWER', 'jjoc', 'Daily at 0800I']]);

    expect(await codeOf(services.coordination.close(JP_J3, id))).toBe('C2_FORBIDDEN');
    clock.set('2025-06-03T01:00:00.000Z');
    const closed = await services.coordination.close(US_J3, id, 'thanks');
    expect(closed.state).toBe('CLOSED');
    expect(closed.transitions.map((t) => [t.action, t.from, t.to, t.by, t.command, t.at])).toEqual([
      ['send', 'DRAFT', 'SENT', 'us-j3', 'usfj', '2025-06-02T01:00:00.000Z'],
      ['acknowledge', 'SENT', 'ACKNOWLEDGED', 'jp-j3', 'jjoc', '2025-06-02T02:00:00.000Z'],
      ['answer', 'ACKNOWLEDGED', 'ANSWERED', 'jp-j3', 'jjoc', '2025-06-03T00:00:00.000Z'],
      ['close', 'ANSWERED', 'CLOSED', 'us-j3', 'usfj', '2025-06-03T01:00:00.000Z'],
    ]);
    expect(
      await codeOf(services.coordination.comment(US_J3, id, { body: 'late', attachments: [], label: REL_USA_JPN })),
    ).toBe('C2_BAD_STATE');
  });

  it('refuses an answer that does not release to the nation that asked', async () => {
    const { id } = await services.coordination.draft(JP_J3, draft({ fromId: 'jjoc', toId: 'usfj', attachments: [] }));
    await services.coordination.send(JP_J3, id);
    const usOnly = { body: 'U.S. only', attachments: [], label: NOFORN };
    await expect(services.coordination.answer(US_J3, id, usOnly)).rejects.toThrow(
      /does not release to JPN \(JJOC\), who asked/,
    );
    expect((await services.coordination.get(JP_J3, id)).state).toBe('SENT');
  });

  it('hides a reply not releasable to the reader, and the thread count does not leak it', async () => {
    const { id } = await services.coordination.draft(US_J3, draft({ deadline: null }));
    await services.coordination.send(US_J3, id);
    await services.coordination.comment(US_J3, id, {
      body: 'U.S. eyes only: why we ask',
      attachments: [],
      label: NOFORN,
    });
    await services.coordination.comment(JP_J3, id, { body: 'Received', attachments: [], label: REL_USA_JPN });
    const us = await services.coordination.get(US_J3, id);
    const jp = await services.coordination.get(JP_J3, id);
    expect(us.thread.map((r) => r.body)).toEqual(['U.S. eyes only: why we ask', 'Received']);
    expect(jp.thread.map((r) => r.body)).toEqual(['Received']);
    expect(jp.replyCount).toBe(1);
    const listed = (await services.coordination.list(JP_J3, { box: 'inbox' })).requests.find((r) => r.id === id);
    expect(listed?.replyCount).toBe(1);
    expect(JSON.stringify(jp)).not.toContain('eyes only');
  });

  it('detects an overdue request at exactly its deadline, and records the lapse once', async () => {
    const deadline = '2025-06-05T00:00:00.000Z';
    const { id } = await services.coordination.draft(
      staff('us-5af', 'USA', '5af'),
      draft({ fromId: '5af', toId: 'adc', deadline, attachments: [] }),
    );
    await services.coordination.send(staff('us-5af', 'USA', '5af'), id);
    clock.set('2025-06-04T23:59:59.999Z');
    expect((await services.coordination.get(US_J3, id)).state).toBe('SENT');
    expect((await services.coordination.detectOverdue(US_J3)).recorded).not.toContain(id);
    clock.set(deadline);
    const view = await services.coordination.get(US_J3, id);
    expect([view.state, view.overdue, view.recordedState]).toEqual(['OVERDUE', true, 'SENT']);
    const first = await services.coordination.detectOverdue(US_J3);
    expect(first.recorded).toContain(id);
    expect((await services.coordination.get(US_J3, id)).transitions.at(-1)).toMatchObject({
      action: 'overdue',
      to: 'OVERDUE',
      at: deadline,
    });
    clock.set('2025-06-05T01:00:00.000Z');
    expect((await services.coordination.detectOverdue(US_J3)).recorded).toEqual([]);
    // The receiver may still answer a lapsed request.
    const adcStaff = staff('jp-adc', 'JPN', 'adc');
    expect(
      (await services.coordination.answer(adcStaff, id, { body: 'late', attachments: [], label: REL_USA_JPN })).state,
    ).toBe('ANSWERED');
  });

  it('needs a counterpart link or a shared body between the two commands', async () => {
    expect(await codeOf(services.coordination.draft(US_J3, draft({ toId: 'adc' })))).toBe('C2_NOT_COUNTERPART');
    // 5 AF and ADC share the air component coordination center.
    const fifth = staff('us-5af', 'USA', '5af');
    expect(
      await codeOf(services.coordination.draft(fifth, draft({ fromId: '5af', toId: 'adc', attachments: [] }))),
    ).toBe('no error');
    // Staff of another command may not draft for USFJ.
    expect(await codeOf(services.coordination.draft(fifth, draft()))).toBe('C2_FORBIDDEN');
  });

  it('refuses attachments that do not resolve to a record the drafter may read', async () => {
    const bad = draft({ attachments: [{ kind: 'mission', id: 'm-nowhere' }] });
    expect(await codeOf(services.coordination.draft(US_J3, bad))).toBe('C2_NOT_FOUND');
  });

  it('without a home command, nation stands for it: a JPN officer acts for every JPN command', async () => {
    const jpAny = { ...JP_J3, id: 'jp-any' };
    delete jpAny.homeCommand;
    const { requests, commands } = await services.coordination.list(jpAny, { box: 'inbox' });
    expect(commands).toContain('jjoc');
    expect(commands).toContain('adc');
    expect(commands).not.toContain('usfj');
    expect(requests.every((r) => ['JPN'].includes(r.to.nation))).toBe(true);
  });

  it('separation: USFJ to INDOPACOM distance, 19 h apart, 4 h of shared office hours on a Tokyo Tuesday', () => {
    const s = services.coordination.separation(US_J3, 'usfj', 'indopacom', '2025-06-03T00:00:00.000Z');
    expect(s.distanceKm).toBeGreaterThan(6200);
    expect(s.distanceKm).toBeLessThan(6300);
    expect(s.timeDifferenceHours).toBe(19);
    expect(s.at.local.map((l) => l.letter)).toEqual(['I', 'W']);
    expect(s.workingHours?.minutes).toBe(240);
    expect(s.workingHours?.intervals[0]?.from.zulu).toBe('022300ZJUN25');
    // A Tokyo Monday meets a Honolulu Sunday: nothing shared.
    expect(services.coordination.separation(US_J3, 'usfj', 'indopacom', T0, '2025-06-02').workingHours?.minutes).toBe(
      0,
    );
  });

  it('lists counterparts and the coordination mechanism’s bodies at a date', async () => {
    const before = await services.coordination.counterparts(US_J3, { unitId: 'usfj', at: '2025-01-01T00:00:00.000Z' });
    const after = await services.coordination.counterparts(US_J3, { unitId: 'usfj', at: '2025-06-01T00:00:00.000Z' });
    const other = (links: typeof before) => links.map((l) => (l.a === 'usfj' ? l.b : l.a));
    expect(other(before)).toEqual(['jp-js']);
    expect(other(after)).toEqual(['jjoc']);
    const bodies = await services.coordination.bodies(JP_J3, { at: '2025-06-01T00:00:00.000Z' });
    expect(bodies.map((b) => b.level).sort()).toEqual(['COMPONENT', 'COMPONENT', 'COMPONENT', 'OPERATIONAL', 'POLICY']);
    const bocc = bodies.find((b) => b.id === 'bocc')!;
    expect(new Set(bocc.memberUnits.map((m) => m.nation))).toEqual(new Set(['USA', 'JPN']));
    expect(
      await codeOf(services.coordination.createCounterpart(US_J3, { ...before[0]!, id: 'x', a: 'usfj', b: '5af' })),
    ).toBe('C2_BAD_INPUT');
  });
});
