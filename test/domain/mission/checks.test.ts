import { describe, expect, it } from 'vitest';
import { DEFAULT_DOCTRINE } from '../../../src/domain/command/settings.js';
import { checkMissions } from '../../../src/domain/mission/checks.js';
import type { Mission } from '../../../src/domain/mission/mission.js';
import { ArrayTimeline, mission, rel, square, unit } from './fixture.js';

/** 5 AF holds OPCON of a wing, which an ADA battalion supports; USFJ gains OPCON of 5 AF mid-year; ADC is Japanese. */
const force = new ArrayTimeline(
  [
    unit('indopacom', 'USA', 'USA:JOINT', ['COMBATANT_COMMAND']),
    unit('usfj', 'USA', 'USA:JOINT'),
    unit('5af', 'USA', 'USA:USAF'),
    unit('18wg', 'USA', 'USA:USAF'),
    unit('ada', 'USA', 'USA:ARMY'),
    unit('jct', 'USA', 'USA:JOINT', [], '2025-03-31'),
    unit('adc', 'JPN', 'JPN:ASDF'),
    unit('swadf', 'JPN', 'JPN:ASDF'),
  ],
  [
    rel('c1', 'COCOM', 'indopacom', 'usfj'),
    rel('c2', 'COCOM', 'indopacom', '5af'),
    rel('o1', 'OPCON', '5af', '18wg'),
    rel('s1', 'SUPPORT', '18wg', 'ada', { supportCategory: 'DIRECT', establishedBy: '5af' }),
    rel('o2', 'OPCON', 'adc', 'swadf'),
    // USFJ gains OPCON of 5 AF only from 1 July 2025.
    rel('o3', 'OPCON', 'usfj', '5af', { from: '2025-07-01' }),
  ],
);

const codes = (missions: Mission[], settings = DEFAULT_DOCTRINE) =>
  checkMissions(missions, force, settings).map((violation) => violation.code);

describe('mission checks', () => {
  it('a lawful mission has no findings: authority through OPCON and an established support', () => {
    expect(
      codes([
        mission('m1', '5af', { forces: ['18wg', 'ada'], supporting: [{ unitId: 'adc', category: 'COORDINATE' }] }),
      ]),
    ).toEqual([]);
  });

  it('C2_MISSION_NO_LEAD names the mission', () => {
    const [finding] = checkMissions([mission('m1', null)], force, DEFAULT_DOCTRINE);
    expect(finding?.code).toBe('C2_MISSION_NO_LEAD');
    expect(finding?.message).toContain("'Mission m1' (m1)");
    expect(finding?.missionIds).toEqual(['m1']);
  });

  it('C2_MISSION_NO_AUTHORITY: a lead without an OPCON/TACON/support path, with the first date it lacks one', () => {
    const findings = checkMissions([mission('m1', 'usfj', { forces: ['18wg'] })], force, DEFAULT_DOCTRINE);
    expect(findings.map((f) => f.code)).toEqual(['C2_MISSION_NO_AUTHORITY']);
    expect(findings[0]!.message).toContain('lead usfj has no OPCON, TACON or support path over 18wg on 2025-01-01');
    expect(findings[0]!.units).toEqual(['usfj', '18wg']);
  });

  it('finds the authority path once it exists: a mission starting after USFJ gains OPCON passes', () => {
    expect(codes([mission('m1', 'usfj', { forces: ['18wg'], from: '2025-07-01' })])).toEqual([]);
    // …and one that spans the change fails on its first day, not after it.
    const [finding] = checkMissions(
      [mission('m1', 'usfj', { forces: ['18wg'], from: '2025-06-01' })],
      force,
      DEFAULT_DOCTRINE,
    );
    expect(finding?.message).toContain('on 2025-06-01');
  });

  it('finds a path lost in the middle of a mission (checked at every change point, not only the start)', () => {
    const ending = new ArrayTimeline(force.units, [
      ...force.relationships.filter((r) => r.id !== 'o1'),
      rel('o1', 'OPCON', '5af', '18wg', { to: '2025-05-01' }),
    ]);
    const [finding] = checkMissions([mission('m1', '5af', { forces: ['18wg'] })], ending, DEFAULT_DOCTRINE);
    expect(finding?.code).toBe('C2_MISSION_NO_AUTHORITY');
    expect(finding?.message).toContain('on 2025-05-01');
  });

  it('under PARALLEL a foreign force named in a mission explains that it must be coordinated', () => {
    const [finding] = checkMissions([mission('m1', '5af', { forces: ['swadf'] })], force, DEFAULT_DOCTRINE);
    expect(finding?.code).toBe('C2_MISSION_NO_AUTHORITY');
    expect(finding?.message).toContain('a JPN force is not commanded by a USA lead');
  });

  it('C2_MISSION_CROSS_NATION_COMMAND: another nation’s supporting command given a support category', () => {
    const findings = checkMissions(
      [mission('m1', '5af', { supporting: [{ unitId: 'adc', category: 'DIRECT' }] })],
      force,
      DEFAULT_DOCTRINE,
    );
    expect(findings.map((f) => f.code)).toEqual(['C2_MISSION_CROSS_NATION_COMMAND']);
    expect(findings[0]!.message).toContain('adc (JPN) is modelled as DIRECT support under USA lead 5af');
    expect(findings[0]!.path).toBe('supporting.0');
  });

  it('allows the same support under an integrated structure, or under the lead nation', () => {
    const m = [mission('m1', '5af', { supporting: [{ unitId: 'adc', category: 'DIRECT' }] })];
    expect(codes(m, { structure: 'INTEGRATED', nations: ['USA', 'JPN'] })).toEqual([]);
    expect(codes(m, { structure: 'LEAD_NATION', nations: ['USA', 'JPN'], leadNation: 'USA' })).toEqual([]);
    expect(codes(m, { structure: 'LEAD_NATION', nations: ['USA', 'JPN'], leadNation: 'JPN' })).toEqual([
      'C2_MISSION_CROSS_NATION_COMMAND',
    ]);
  });

  it('C2_MISSION_UNIT_NOT_IN_EXISTENCE: a supporting unit activated after the mission starts, and an unknown id', () => {
    const findings = checkMissions(
      [mission('m1', 'usfj', { supporting: [{ unitId: 'jct', category: 'DIRECT' }], forces: ['ghost'] })],
      force,
      DEFAULT_DOCTRINE,
    );
    expect(findings.map((f) => f.code)).toEqual([
      'C2_MISSION_UNIT_NOT_IN_EXISTENCE',
      'C2_MISSION_UNIT_NOT_IN_EXISTENCE',
    ]);
    expect(findings[0]!.message).toContain('supporting jct is not in existence on 2025-01-01');
    expect(findings[1]!.message).toContain("names unknown force unit 'ghost'");
    expect(
      codes([mission('m1', 'usfj', { from: '2025-04-01', supporting: [{ unitId: 'jct', category: 'DIRECT' }] })]),
    ).toEqual([]);
  });

  describe('C2_MISSION_LEAD_OVERLAP', () => {
    const a = mission('a', '5af', { kind: 'AIR_DEFENSE', area: square(130, 30, 5), to: '2025-06-01' });

    it('two leads of one kind for overlapping areas and times', () => {
      const b = mission('b', 'usfj', { kind: 'AIR_DEFENSE', area: square(134, 33, 5), from: '2025-05-01' });
      const findings = checkMissions([a, b], force, DEFAULT_DOCTRINE);
      expect(findings.map((f) => f.code)).toEqual(['C2_MISSION_LEAD_OVERLAP']);
      expect(findings[0]!.message).toContain(
        "missions 'Mission a' (a) and 'Mission b' (b) have different leads (5af, usfj)",
      );
      expect(findings[0]!.message).toContain('2025-05-01..2025-06-01');
      expect(findings[0]!.missionIds).toEqual(['a', 'b']);
    });

    it('not when areas, times or kinds are apart, or the lead is the same', () => {
      const apart = mission('b', 'usfj', { kind: 'AIR_DEFENSE', area: square(140, 40, 2) });
      const later = mission('b', 'usfj', { kind: 'AIR_DEFENSE', area: square(131, 31, 1), from: '2025-06-01' });
      const otherKind = mission('b', 'usfj', { kind: 'HADR', area: square(131, 31, 1) });
      const sameLead = mission('b', '5af', { kind: 'AIR_DEFENSE', area: square(131, 31, 1) });
      for (const b of [apart, later, otherKind, sameLead]) expect(codes([a, b])).toEqual([]);
    });

    it('parallel national missions that name each other’s lead are coordinated, not in conflict', () => {
      const jp = mission('b', 'adc', { kind: 'AIR_DEFENSE', area: square(131, 31, 1) });
      expect(codes([a, jp])).toEqual(['C2_MISSION_LEAD_OVERLAP']);
      const coordinated = { ...jp, supporting: [{ unitId: '5af', category: 'COORDINATE' as const }] };
      expect(codes([a, coordinated])).toEqual([]);
    });

    it('`only` keeps the findings about the missions asked for, still comparing with all', () => {
      const b = mission('b', 'usfj', { kind: 'AIR_DEFENSE', area: square(131, 31, 1) });
      const c = mission('c', null);
      const only = (id: string) =>
        checkMissions([a, b, c], force, DEFAULT_DOCTRINE, { only: new Set([id]) }).map((f) => f.code);
      expect(only('b')).toEqual(['C2_MISSION_LEAD_OVERLAP']);
      expect(only('c')).toEqual(['C2_MISSION_NO_LEAD']);
    });
  });
});
