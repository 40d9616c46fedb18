import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCot } from '../../src/cot/xml.js';
import { DEFAULT_POLICY } from '../../src/domain/security/default-policy.js';
import { PUBLIC_UNCLASSIFIED } from '../../src/domain/security/label.js';
import { parseMarking } from '../../src/domain/security/marking.js';
import type { PictureMessage } from '../../src/services/cop.js';
import { type CopFixture, JP_USER, openCop, saXml, TestClock, US_USER } from '../cot/server/harness.js';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const clock = new TestClock(T0);
let fixture: CopFixture;
const published: Array<{ subject: string; payload: unknown }> = [];
const feed = { id: 'feed:test', actor: US_USER, defaultLabel: PUBLIC_UNCLASSIFIED };

beforeEach(async () => {
  clock.ms = T0;
  published.length = 0;
  fixture = await openCop(clock, {
    publish: (subject, payload) => void published.push({ subject, payload }),
    responsibleCommands: async (point) => (point.lat > 30 ? ['jjoc'] : []),
  });
});
afterEach(() => fixture.close());

describe('CopService picture', () => {
  it('expires a track at exactly its stale instant (pinned clock)', () => {
    fixture.cop.ingest(parseCot(saXml('S-1', { now: T0, staleMs: 30_000 })), feed);
    clock.ms = T0 + 29_999;
    expect(fixture.cop.latest(US_USER).map((m) => m.event.uid)).toEqual(['S-1']);
    expect(fixture.cop.expire()).toEqual([]);
    clock.ms = T0 + 30_000;
    expect(fixture.cop.latest(US_USER)).toEqual([]);
    expect(fixture.cop.expire()).toEqual(['S-1']);
  });

  it('labels from the detail marking, checks it against the sender, and delivers per reader', () => {
    const got: Record<string, string[]> = { us: [], jp: [] };
    fixture.cop.subscribe({ id: 'r-us', actor: US_USER, deliver: (m: PictureMessage) => got.us!.push(m.event.uid) });
    fixture.cop.subscribe({ id: 'r-jp', actor: JP_USER, deliver: (m: PictureMessage) => got.jp!.push(m.event.uid) });
    const marked = (uid: string, marking: string) =>
      parseCot(saXml(uid, { now: T0, detail: `<__c2 marking="${marking}"/>` }));
    const message = fixture.cop.ingest(marked('NF', 'SECRET//NOFORN'), feed);
    expect(message.event.label).toEqual(parseMarking('SECRET//NOFORN', DEFAULT_POLICY));
    fixture.cop.ingest(marked('REL', 'SECRET//REL TO USA, JPN'), feed);
    expect(() => fixture.cop.ingest(marked('TS', 'TOP SECRET//NOFORN'), feed)).toThrow(
      expect.objectContaining({ code: 'C2_LABEL_ABOVE_CLEARANCE' }),
    );
    expect(() => fixture.cop.ingest(marked('BAD', 'SECRET//REL TO MARS'), feed)).toThrow(
      expect.objectContaining({ code: 'C2_BAD_MARKING' }),
    );
    expect(got).toEqual({ us: ['NF', 'REL'], jp: ['REL'] });
  });

  it('keeps history and answers queries through the guard', async () => {
    fixture.cop.ingest(parseCot(saXml('H-1', { now: T0, lat: 35 })), feed);
    fixture.cop.ingest(
      parseCot(saXml('H-1', { now: T0 + 1000, lat: 35.5, detail: '<remarks>(S//NF) x</remarks>' })),
      feed,
    );
    expect((await fixture.cop.history(US_USER, 'H-1')).map((p) => p.lat)).toEqual([35, 35.5]);
    expect((await fixture.cop.history(JP_USER, 'H-1')).map((p) => p.lat)).toEqual([35]);
    clock.ms = T0 + fixture.cop.retentionMs + 500;
    expect(await fixture.cop.prune()).toBe(1);
  });

  it('replays a window at 10x with gaps divided by ten, in order', async () => {
    const offsets = [0, 1000, 1500, 3000];
    for (const [i, offset] of offsets.entries()) {
      fixture.cop.ingest(parseCot(saXml(`R-${i}`, { now: T0 + offset })), feed);
    }
    const arrivals: Array<{ uid: string; at: number }> = [];
    const start = performance.now();
    const sent = await fixture.cop.replay(
      US_USER,
      { from: new Date(T0).toISOString(), to: new Date(T0 + 3000).toISOString() },
      10,
      (point) => arrivals.push({ uid: point.uid, at: performance.now() - start }),
    );
    expect(sent).toBe(4);
    expect(arrivals.map((a) => a.uid)).toEqual(['R-0', 'R-1', 'R-2', 'R-3']);
    for (const [i, offset] of offsets.entries()) {
      expect(arrivals[i]!.at).toBeGreaterThanOrEqual(offset / 10 - 1);
      expect(arrivals[i]!.at).toBeLessThan(offset / 10 + 80);
    }
  });
});

describe('CopService security events and alerts', () => {
  const area = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [122, 24],
        [131, 24],
        [131, 34],
        [122, 34],
        [122, 24],
      ],
    ],
  };

  it('stores a labelled event, raises the alerts of the rules it falls in, and publishes them', async () => {
    const rel = parseMarking('SECRET//REL TO USA, JPN', DEFAULT_POLICY);
    await fixture.cop.createRule(US_USER, { name: 'Nansei', area, commands: ['usfj'], label: rel });
    await fixture.cop.createRule(US_USER, {
      name: 'Nansei air',
      area,
      kinds: ['air-activity'],
      commands: ['usfj'],
      label: rel,
    });
    const { event, alerts } = await fixture.cop.createEvent(US_USER, {
      kind: 'maritime-activity',
      description: 'Two vessels transit the Miyako Strait',
      geometry: { type: 'Point', coordinates: [125.3, 31.4] },
      source: { name: 'JTF sensor feed' },
      confidence: 'probable',
      label: parseMarking('SECRET//NOFORN', DEFAULT_POLICY),
    });
    expect(event.cot.type).toBe('a-u-S');
    expect(alerts.map((a) => [a.ruleName, a.commands])).toEqual([['Nansei', ['jjoc', 'usfj']]]);
    expect(alerts[0]!.label).toEqual(parseMarking('SECRET//NOFORN', DEFAULT_POLICY));
    expect(published.map((p) => p.subject)).toEqual(['cop.alert.jjoc', 'cop.alert.usfj']);
    expect((await fixture.cop.events(US_USER)).map((e) => e.description)).toEqual([event.description]);
    expect(await fixture.cop.events(JP_USER)).toEqual([]);
    expect(await fixture.cop.alerts(JP_USER)).toEqual([]);
    expect(fixture.cop.latest(US_USER).map((m) => m.event.uid)).toEqual([event.cot.uid]);
    const outside = await fixture.cop.createEvent(JP_USER, {
      kind: 'exercise',
      description: 'Exercise far away',
      geometry: { type: 'Point', coordinates: [150, 10] },
      source: { name: 'press' },
      confidence: 'confirmed',
      label: rel,
      details: { exerciseName: 'Blue Sky', participants: ['X'] },
    });
    expect(outside.alerts).toEqual([]);
    await expect(
      fixture.cop.createEvent(JP_USER, { ...outside.event, label: parseMarking('SECRET//NOFORN', DEFAULT_POLICY) }),
    ).rejects.toMatchObject({ code: 'C2_FORBIDDEN' });
  });
});
