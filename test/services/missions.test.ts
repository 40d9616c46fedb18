import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mission } from '../../src/domain/mission/mission.js';
import { PUBLIC_UNCLASSIFIED } from '../../src/domain/security/label.js';
import type { Services } from '../../src/services/index.js';
import { codeOf, JP_J3, NOFORN, openTestApp, type PinnedClock, staff, US_J3 } from './missions-fixture.js';

let app: Awaited<ReturnType<typeof openTestApp>>;
let services: Services;
let clock: PinnedClock;
beforeAll(async () => {
  app = await openTestApp('2025-06-01T00:00:00.000Z');
  ({ services, clock } = app);
});
afterAll(async () => app?.close());

const AT = '2025-06-01T00:00:00.000Z';
const base: Mission = {
  id: 'm-test',
  name: 'Test air patrol',
  description: '',
  kind: 'AIR_PATROL',
  valid: { from: '2025-01-01T00:00:00.000Z', to: null },
  label: PUBLIC_UNCLASSIFIED,
  lead: '5af',
  supporting: [{ unitId: 'adc', category: 'DIRECT' }],
  forces: ['18wg'],
};

describe('mission service on a real SQLite store', () => {
  it('reports the demo scenario’s gaps: a mission without a lead, USFJ without authority over 5 AF', async () => {
    const findings = await services.missions.check(US_J3);
    expect(findings.map((f) => `${f.code} ${f.missionIds.join(',')}`).sort()).toEqual([
      'C2_MISSION_NO_AUTHORITY m-usfj-bilateral',
      'C2_MISSION_NO_LEAD m-hadr-kanto',
    ]);
  });

  it('stores a mission with its findings; a gap is recorded, not refused', async () => {
    const created = await services.missions.create(US_J3, base);
    expect(created.violations.map((v) => v.code)).toEqual(['C2_MISSION_CROSS_NATION_COMMAND']);
    expect((await services.missions.get(JP_J3, 'm-test')).lead).toBe('5af');
    expect(await codeOf(services.missions.create(US_J3, base))).toBe('C2_DUPLICATE_ID');
  });

  it('keeps each change as a version in record time', async () => {
    clock.set('2025-06-02T00:00:00.000Z');
    const changed = await services.missions.update(US_J3, 'm-test', {
      supporting: [{ unitId: 'adc', category: 'COORDINATE' }],
    });
    expect(changed.violations).toEqual([]);
    const before = await services.missions.get(US_J3, 'm-test', '2025-06-01T12:00:00.000Z');
    expect(before.supporting[0]?.category).toBe('DIRECT');
    const history = await services.missions.history(US_J3, 'm-test');
    expect(history.map((v) => v.mission.supporting[0]?.category)).toEqual(['DIRECT', 'COORDINATE']);
  });

  it('a nation assigns missions to its own commands, and only planners, editors and admins assign', async () => {
    expect(await codeOf(services.missions.create(JP_J3, { ...base, id: 'm-jp' }))).toBe('C2_FORBIDDEN');
    const viewer = staff('us-viewer', 'USA', 'usfj', ['viewer']);
    expect(await codeOf(services.missions.create(viewer, { ...base, id: 'm-v' }))).toBe('C2_FORBIDDEN');
    expect(
      await codeOf(
        services.missions.create(JP_J3, { ...base, id: 'm-jp2', lead: 'adc', supporting: [], forces: ['swadf'] }),
      ),
    ).toBe('no error');
  });

  it('a mission the reader may not read is absent everywhere: get, list, matrix, responsibility and checks', async () => {
    clock.set('2025-06-03T00:00:00.000Z');
    const secret = { ...base, id: 'm-secret', label: NOFORN, lead: 'usfj', forces: ['5af'], supporting: [] };
    await services.missions.create(US_J3, secret);
    expect(await codeOf(services.missions.get(JP_J3, 'm-secret'))).toBe('C2_NOT_FOUND');
    expect((await services.missions.list(JP_J3)).map((m) => m.id)).not.toContain('m-secret');
    expect((await services.missions.list(US_J3)).map((m) => m.id)).toContain('m-secret');
    const jpMatrix = await services.missions.matrix(JP_J3, AT);
    const usMatrix = await services.missions.matrix(US_J3, AT);
    expect(jpMatrix.missionIds).not.toContain('m-secret');
    expect(usMatrix.cells['m-secret']).toEqual({ usfj: 'LEAD' });
    expect(JSON.stringify(jpMatrix)).not.toContain('m-secret');
    const usFindings = await services.missions.check(US_J3);
    const jpFindings = await services.missions.check(JP_J3);
    expect(usFindings.some((f) => f.missionIds.includes('m-secret'))).toBe(true);
    expect(jpFindings.some((f) => f.missionIds.includes('m-secret'))).toBe(false);
    expect(await codeOf(services.missions.history(JP_J3, 'm-secret'))).toBe('C2_NOT_FOUND');
  });

  it('answers who is responsible at Naha on a date, and what a command does', async () => {
    const naha = { point: { lat: 26.21, lon: 127.68 } };
    const before = await services.missions.responsible(US_J3, naha, '2025-02-01T00:00:00.000Z');
    const after = await services.missions.responsible(US_J3, naha, AT);
    const leads = (entries: typeof before) =>
      entries.filter((e) => e.role === 'LEAD').map((e) => `${e.missionId}:${e.unitId}`);
    expect(leads(before)).toContain('m-nansei-js:jp-js');
    expect(leads(after)).toContain('m-nansei:jjoc');
    expect(leads(after)).not.toContain('m-nansei-js:jp-js');
    const roles = await services.missions.ofCommand(US_J3, 'iiimef', AT);
    // III MEF coordinates the Nansei mission; being a force USFJ's mission names gives it no role of its own.
    expect(roles.map((r) => `${r.mission.id}:${r.role}`)).toEqual(['m-nansei:COORDINATE']);
  });
});
