import { describe, expect, it } from 'vitest';
import { DEFAULT_DOCTRINE } from '../../../src/domain/command/settings.js';
import type { Mission } from '../../../src/domain/mission/mission.js';
import { executionRecord, missionsBeforeExecution, rollbackChange } from '../../../src/domain/reorg/changes.js';
import { planConflicts } from '../../../src/domain/reorg/conflicts.js';
import { evaluatePlan, type PlanEvaluation, planChange } from '../../../src/domain/reorg/evaluate.js';
import type { Phase, PlanOperation } from '../../../src/domain/reorg/plan.js';
import { responsibilityImpact } from '../../../src/domain/reorg/responsibility.js';
import { ArrayTimeline, mission, square, unit } from '../mission/fixture.js';
import { assignUsfjAir, D, demoForce, demoMissions, opconUsfj5af, phase } from './fixture.js';

const force = demoForce();
const missions = demoMissions();
const run = (phases: Phase[], base: Mission[] = missions) =>
  evaluatePlan(force, { phases }, DEFAULT_DOCTRINE, undefined, base);
const P2 = '2025-11-01T00:00:00.000Z';
const P3 = '2026-04-01T00:00:00.000Z';

const assign = assignUsfjAir;
const opcon5af = opconUsfj5af;
const missionFindings = (e: PlanEvaluation) => e.violations.filter((v) => v.code.startsWith('C2_MISSION_'));

describe('mission checks on the projected structure of each phase', () => {
  it('a USFJ-led mission naming 5th Air Force forces is lawful from the phase that gives USFJ their OPCON', () => {
    const e = run([phase([opcon5af, assign()], P2, 'p2')]);
    expect(e.missions.phases[0]!.written).toEqual({ assign: ['m-usfj-air'] });
    expect(missionFindings(e)).toEqual([]);
  });

  it('without that OPCON the lead has no authority path: the finding names phase, operation and mission', () => {
    const e = run([phase([assign()], P2, 'p2')]);
    expect(e.errors).toBeGreaterThan(0);
    const findings = missionFindings(e);
    expect(findings.map((v) => [v.code, v.phaseId, v.operationIds, v.missionIds, v.units])).toEqual([
      ['C2_MISSION_NO_AUTHORITY', 'p2', ['assign'], ['m-usfj-air'], ['usfj', '5af']],
      ['C2_MISSION_NO_AUTHORITY', 'p2', ['assign'], ['m-usfj-air'], ['usfj', '18wg']],
    ]);
    expect(findings[0]!.message).toContain("mission 'USFJ air operations' (m-usfj-air)");
  });

  it('OPCON given only in a later phase leaves the gap in between open, charged to the phase that assigned', () => {
    const e = run([phase([assign()], P2, 'p2'), phase([opcon5af], P3, 'p3')]);
    expect(missionFindings(e).map((v) => [v.phaseId, v.message.slice(-10)])).toEqual([
      ['p2', '2025-11-01'],
      ['p2', '2025-11-01'],
    ]);
  });

  it('a force change alone can break a standing mission: deactivating a force it names', () => {
    const e = run([phase([{ id: 'gone', op: 'deactivateUnit', unitId: '35fw' }])]);
    expect(missionFindings(e)).toContainEqual(
      expect.objectContaining({
        code: 'C2_MISSION_UNIT_NOT_IN_EXISTENCE',
        phaseId: 'p',
        operationIds: ['gone'],
        missionIds: ['m-iamd-usa'],
      }),
    );
  });

  it('no lead, another nation modelled as command support, and two leads for one area are each charged', () => {
    const noLead = run([phase([assign({ lead: null, forces: [] })])]);
    expect(missionFindings(noLead).map((v) => [v.code, v.missionIds])).toEqual([
      ['C2_MISSION_NO_LEAD', ['m-usfj-air']],
    ]);

    const cross = run([
      phase([
        { id: 'mv', op: 'moveMission', missionId: 'm-iamd-usa', supporting: [{ unitId: 'adc', category: 'DIRECT' }] },
      ]),
    ]);
    expect(missionFindings(cross).map((v) => [v.code, v.operationIds, v.missionIds])).toEqual([
      ['C2_MISSION_CROSS_NATION_COMMAND', ['mv'], ['m-iamd-usa~2026-01-01']],
    ]);

    const adJpn = missions.find((m) => m.id === 'm-ad-jpn')!;
    const overlap = run([phase([assign({ kind: 'AIR_DEFENSE', area: adJpn.area!, supporting: [], forces: [] })])]);
    const found = missionFindings(overlap).filter((v) => v.code === 'C2_MISSION_LEAD_OVERLAP');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((v) => v.missionIds!.includes('m-usfj-air') && v.operationIds.includes('assign'))).toBe(true);
    expect(found.map((v) => v.missionIds!.find((id) => id !== 'm-usfj-air'))).toContain('m-ad-jpn');
  });
});

describe('mission operations', () => {
  it('that cannot apply are failures naming phase and operation, and the rest still apply', () => {
    const e = run([
      phase([
        { id: 'unknown', op: 'moveMission', missionId: 'no-such-mission', lead: 'usfj' },
        { id: 'ended', op: 'moveMission', missionId: 'm-nansei-js', lead: 'jjoc' },
        assign({ id: 'm-ad-jpn' }, 'duplicate'),
        { id: 'taken', op: 'moveMission', missionId: 'm-mar-usa', lead: 'cnfj', newId: 'm-ad-jpn' },
        assign({ forces: [] }, 'fine'),
      ]),
    ]);
    expect(e.missions.failed.map((v) => [v.operationIds[0], v.code, v.phaseId])).toEqual([
      ['unknown', 'C2_NOT_FOUND', 'p'],
      ['ended', 'C2_BAD_STATE', 'p'],
      ['duplicate', 'C2_DUPLICATE_ID', 'p'],
      ['taken', 'C2_DUPLICATE_ID', 'p'],
    ]);
    expect(e.violations[0]!.message).toBe(
      "operation unknown (move mission no-such-mission: lead to usfj) cannot be applied: no mission with id 'no-such-mission'",
    );
    expect(e.missions.written.map((m) => m.id)).toEqual(['m-usfj-air']);
  });

  it('a move before the mission begins changes the mission itself: there is no earlier assignment to end', () => {
    const later = mission('m-later', '5af', {
      from: '2027-01-01',
      supporting: [{ unitId: 'c7f', category: 'MUTUAL' }],
    });
    const e = run([phase([{ id: 'mv', op: 'moveMission', missionId: 'm-later', lead: 'usfj' }])], [...missions, later]);
    expect(e.missions.written).toEqual([{ ...later, lead: 'usfj' }]);
  });

  it('an explicit successor id is used, and the successor keeps everything the move does not change', () => {
    const e = run([
      phase([{ id: 'mv', op: 'moveMission', missionId: 'm-mar-usa', lead: 'cnfj', newId: 'm-mar-cnfj' }]),
    ]);
    const old = missions.find((m) => m.id === 'm-mar-usa')!;
    const [ended, successor] = e.missions.written;
    expect(ended).toEqual({ ...old, valid: { from: old.valid.from, to: D } });
    expect(successor).toEqual({
      ...old,
      id: 'm-mar-cnfj',
      lead: 'cnfj',
      valid: { from: D, to: null },
      follows: 'm-mar-usa',
    });
  });

  it('execution records prior versions so rollback restores every mission exactly', () => {
    const e = run([
      phase([opcon5af, assign(), { id: 'mv', op: 'moveMission', missionId: 'm-iamd-usa', lead: 'usfj' }]),
    ]);
    const change = planChange(e);
    const record = executionRecord(force, change, missions);
    expect(record.missions?.inserted.map((m) => m.id)).toEqual(['m-usfj-air', 'm-iamd-usa~2026-01-01']);
    expect(record.missions?.replaced).toEqual([missions.find((m) => m.id === 'm-iamd-usa')]);
    const undo = rollbackChange(record);
    expect(undo.putDocuments?.map((d) => [d.id, d.retired ?? false])).toEqual([
      ['m-usfj-air', true],
      ['m-iamd-usa~2026-01-01', true],
      ['m-iamd-usa', false],
    ]);
    const byId = (list: Mission[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(missionsBeforeExecution(e.missions.final, record))).toEqual(byId(missions));
  });

  it('two plans moving the same mission, or assigning one id, conflict', () => {
    const a = {
      id: 'a',
      phases: [phase([{ id: 'x', op: 'moveMission', missionId: 'm-iamd-usa', lead: 'usfj' }, assign()])],
    };
    const b = {
      id: 'b',
      phases: [phase([{ id: 'y', op: 'moveMission', missionId: 'm-iamd-usa', lead: 'pacaf' }, assign()])],
    };
    const messages = planConflicts(a, b as never).map((c) => c.message);
    expect(messages.some((m) => m.startsWith('both change mission m-iamd-usa'))).toBe(true);
    expect(messages.some((m) => m.startsWith('both create id m-usfj-air'))).toBe(true);
  });
});

describe('responsibility impact against a matrix worked by hand', () => {
  // Two U.S. commands and a Japanese one; each mission's area is a square of degrees.
  const tl = new ArrayTimeline(
    [unit('a', 'USA', 'USA:JOINT'), unit('b', 'USA', 'USA:USAF'), unit('c', 'JPN', 'JPN:JOINT')],
    [],
  );
  const m1 = mission('m1', 'a', {
    kind: 'X',
    area: square(0, 0, 2),
    supporting: [{ unitId: 'b', category: 'GENERAL' }],
  });
  const m2 = mission('m2', 'c', {
    kind: 'Y',
    area: square(10, 10, 1),
    supporting: [{ unitId: 'a', category: 'COORDINATE' }],
  });
  const plan = {
    phases: [
      phase([
        {
          id: 'lead',
          op: 'moveMission',
          missionId: 'm1',
          lead: 'b',
          supporting: [{ unitId: 'a', category: 'DIRECT' }],
        },
        { id: 'area', op: 'moveMission', missionId: 'm2', area: square(1, 1, 2) },
      ] as PlanOperation[]),
    ],
  };
  const e = evaluatePlan(tl, plan, DEFAULT_DOCTRINE, undefined, [m1, m2]);
  const layer = e.missions.phases[0]!;
  const impact = responsibilityImpact(
    { missions: layer.before, timeline: e.base },
    { missions: layer.after, timeline: e.projected },
    D,
  );

  it('the matrices before and after the phase date', () => {
    expect(e.violations).toEqual([]);
    expect(impact.before.cells).toEqual({ m1: { a: 'LEAD', b: 'SUPPORT' }, m2: { c: 'LEAD', a: 'COORDINATE' } });
    expect(impact.after.cells).toEqual({
      'm1~2026-01-01': { b: 'LEAD', a: 'SUPPORT' },
      'm2~2026-01-01': { c: 'LEAD', a: 'COORDINATE' },
    });
    // The day before, the plan changes nothing.
    const eve = responsibilityImpact(
      { missions: layer.before, timeline: e.base },
      { missions: layer.after, timeline: e.projected },
      '2025-12-31T00:00:00.000Z',
    );
    expect(eve.commands).toEqual([]);
    expect(eve.after.cells).toEqual(eve.before.cells);
  });

  it('roles changed per command, a moved mission counting as the same mission', () => {
    expect(impact.commands).toEqual([
      {
        commandId: 'a',
        gained: [],
        lost: [],
        changed: [{ missionId: 'm1~2026-01-01', before: 'LEAD', after: 'SUPPORT' }],
      },
      {
        commandId: 'b',
        gained: [],
        lost: [],
        changed: [{ missionId: 'm1~2026-01-01', before: 'SUPPORT', after: 'LEAD' }],
      },
    ]);
  });

  it('commands responsible for each changed mission area, strongest role per command', () => {
    // m1's area: before only m1 meets it; after, m2 has moved over it too. m2's new area meets m1 both times.
    expect(impact.responsibleFor).toEqual([
      {
        missionId: 'm1~2026-01-01',
        before: [
          { unitId: 'a', role: 'LEAD' },
          { unitId: 'b', role: 'SUPPORT' },
        ],
        after: [
          { unitId: 'a', role: 'SUPPORT' },
          { unitId: 'b', role: 'LEAD' },
          { unitId: 'c', role: 'LEAD' },
        ],
      },
      {
        missionId: 'm2~2026-01-01',
        before: [
          { unitId: 'a', role: 'LEAD' },
          { unitId: 'b', role: 'SUPPORT' },
        ],
        after: [
          { unitId: 'a', role: 'SUPPORT' },
          { unitId: 'b', role: 'LEAD' },
          { unitId: 'c', role: 'LEAD' },
        ],
      },
    ]);
    expect(impact.missionNames).toMatchObject({ m1: 'Mission m1', 'm1~2026-01-01': 'Mission m1' });
  });

  it('a new mission and a command no longer in existence show as gained and lost', () => {
    const gone = evaluatePlan(
      tl,
      {
        phases: [
          phase([
            { id: 'end-c', op: 'deactivateUnit', unitId: 'c' },
            {
              id: 'new',
              op: 'assignMission',
              mission: { ...mission('m3', 'b'), supporting: [{ unitId: 'a', category: 'COORDINATE' }] },
            },
          ] as PlanOperation[]),
        ],
      },
      DEFAULT_DOCTRINE,
      undefined,
      [m1, m2],
    );
    const r = responsibilityImpact(
      { missions: gone.missions.base, timeline: gone.base },
      { missions: gone.missions.final, timeline: gone.projected },
      D,
    );
    expect(r.commands).toEqual([
      { commandId: 'a', gained: [{ missionId: 'm3', role: 'COORDINATE' }], lost: [], changed: [] },
      { commandId: 'b', gained: [{ missionId: 'm3', role: 'LEAD' }], lost: [], changed: [] },
      { commandId: 'c', gained: [], lost: [{ missionId: 'm2', role: 'LEAD' }], changed: [] },
    ]);
    // m2 lost its lead: the plan is charged with the gap.
    expect(gone.violations.map((v) => [v.code, v.operationIds])).toContainEqual([
      'C2_MISSION_UNIT_NOT_IN_EXISTENCE',
      ['end-c'],
    ]);
  });
});
