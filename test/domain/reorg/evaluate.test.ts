import { describe, expect, it } from 'vitest';
import { DEFAULT_DOCTRINE } from '../../../src/domain/command/settings.js';
import { generateForce, mulberry32 } from '../../../src/domain/force/generate.js';
import { IndexedTimeline } from '../../../src/domain/force/indexed-timeline.js';
import { projectTimeline } from '../../../src/domain/force/overlay.js';
import type { ForceTimeline } from '../../../src/domain/force/timeline.js';
import { rollbackChange, executionRecord } from '../../../src/domain/reorg/changes.js';
import { evaluatePlan, type PlanEvaluation, planChange, violationKey } from '../../../src/domain/reorg/evaluate.js';
import type { Phase, PlanOperation } from '../../../src/domain/reorg/plan.js';
import { OPERATION_KINDS } from '../../../src/domain/reorg/plan.js';
import { PUBLIC_UNCLASSIFIED } from '../../../src/domain/security/label.js';
import { create, D, demoForce, demoMissions, demoPlan, phase, start } from './fixture.js';

const force = demoForce();
const missions = demoMissions();
const run = (phases: Phase[], previous?: PlanEvaluation) =>
  evaluatePlan(force, { phases }, DEFAULT_DOCTRINE, previous, missions);

describe('each operation type, projected at its phase date', () => {
  const cases: Array<[PlanOperation, (e: PlanEvaluation) => void]> = [
    [create('new-bn'), (e) => expect(e.projected.unitAt('new-bn', D)?.name).toBe('NEW-BN')],
    [
      { id: 'o', op: 'renameUnit', unitId: 'usarj', name: 'Army Japan (renamed)', shortName: 'ARJ' },
      (e) => {
        expect(e.projected.unitAt('usarj', D)).toMatchObject({ name: 'Army Japan (renamed)', shortName: 'ARJ' });
        expect(e.projected.unitAt('usarj', '2025-12-31')?.name).toBe('U.S. Army Japan');
      },
    ],
    [
      { id: 'o', op: 'resymbolUnit', unitId: 'usarj', sidc: '10031006211100000000' },
      (e) => expect(e.projected.unitAt('usarj', D)?.sidc).toBe('10031006211100000000'),
    ],
    [
      { id: 'o', op: 'reechelonUnit', unitId: 'usarj', echelon: 'CORPS' },
      (e) => {
        expect(e.projected.unitAt('usarj', D)?.echelon).toBe('CORPS');
        expect(e.projected.unitAt('usarj', D)?.sidc.slice(8, 10)).toBe('22');
      },
    ],
    [
      { id: 'o', op: 'deactivateUnit', unitId: '18wg' },
      (e) => {
        expect(e.projected.unitAt('18wg', D)).toBeUndefined();
        expect(e.projected.relationship('opcon-5af-18wg')?.valid.to).toBe(D);
      },
    ],
    [
      start('COORDINATION', 'usarj', '5af'),
      (e) =>
        expect(e.projected.subordinateEdges('usarj', 'COORDINATION').some((r) => r.subordinateId === '5af')).toBe(true),
    ],
    [
      { id: 'o', op: 'endRelationship', relationshipId: 'coordination-usfj-5af' },
      (e) => expect(e.projected.relationship('coordination-usfj-5af')?.valid.to).toBe(D),
    ],
    [
      {
        id: 'o',
        op: 'changeRelationship',
        relationshipId: 'opcon-pacaf-5af',
        patch: { superiorId: 'usfj' },
        newId: 'opcon-usfj-5af',
      },
      (e) => {
        expect(e.projected.relationship('opcon-pacaf-5af')?.valid.to).toBe(D);
        expect(e.projected.relationship('opcon-usfj-5af')).toMatchObject({
          superiorId: 'usfj',
          valid: { from: D, to: null },
        });
      },
    ],
    [
      { id: 'o', op: 'movePersonnel', fromId: 'pacaf', toId: 'usfj', count: 25 },
      (e) => {
        expect(e.projected.unitAt('pacaf', D)?.personnel.assigned).toBe(46000 - 25);
        expect(e.projected.unitAt('usfj', D)?.personnel.assigned).toBe(160 + 25);
      },
    ],
    [
      { id: 'o', op: 'setRoles', unitId: 'usfj', roles: ['JOINT_FORCE_HQ'] },
      (e) => expect(e.projected.unitAt('usfj', D)?.roles).toEqual(['JOINT_FORCE_HQ']),
    ],
    [
      {
        id: 'o',
        op: 'assignMission',
        mission: {
          id: 'm-new',
          name: 'New',
          description: '',
          label: PUBLIC_UNCLASSIFIED,
          lead: 'usfj',
          supporting: [{ unitId: 'jjoc', category: 'COORDINATE' }],
          until: '2027-01-01',
        },
      },
      (e) => {
        const assigned = e.missions.final.find((m) => m.id === 'm-new');
        expect(assigned).toMatchObject({ lead: 'usfj', valid: { from: D, to: '2027-01-01T00:00:00.000Z' } });
        expect(planChange(e).putDocuments).toEqual([
          { collection: 'missions', id: 'm-new', body: assigned, label: PUBLIC_UNCLASSIFIED },
        ]);
      },
    ],
    [
      { id: 'o', op: 'moveMission', missionId: 'm-iamd-usa', lead: 'pacaf' },
      (e) => {
        const byId = new Map(e.missions.final.map((m) => [m.id, m]));
        // The old assignment ends at the phase date; a successor carries the new lead from it.
        expect(byId.get('m-iamd-usa')).toMatchObject({
          lead: '5af',
          valid: { from: '2020-01-01T00:00:00.000Z', to: D },
        });
        expect(byId.get('m-iamd-usa~2026-01-01')).toMatchObject({
          lead: 'pacaf',
          follows: 'm-iamd-usa',
          valid: { from: D, to: null },
          forces: ['18wg', '35fw', '1-1ada'],
        });
        expect(planChange(e).putDocuments?.map((d) => d.id)).toEqual(['m-iamd-usa', 'm-iamd-usa~2026-01-01']);
      },
    ],
  ];

  it('covers every operation kind', () => {
    expect(new Set(cases.map(([op]) => op.op))).toEqual(new Set(OPERATION_KINDS));
  });

  for (const [op, check] of cases) {
    it(op.op, () => {
      const evaluation = run([phase([op])]);
      expect(evaluation.phases[0]!.failed).toEqual([]);
      expect(evaluation.missions.failed).toEqual([]);
      check(evaluation);
      // The base is never changed by a projection.
      expect(force.unitAt('usarj', D)?.name).toBe('U.S. Army Japan');
    });
  }

  it('an operation that cannot be applied is named with its phase and error code, and the rest still apply', () => {
    const evaluation = run([
      phase([{ id: 'bad', op: 'endRelationship', relationshipId: 'no-such-edge' }, create('fine', 'JPN:GSDF')]),
    ]);
    expect(evaluation.violations).toEqual([
      expect.objectContaining({ code: 'C2_NOT_FOUND', phaseId: 'p', operationIds: ['bad'] }),
    ]);
    expect(evaluation.errors).toBe(1);
    expect(evaluation.projected.unitAt('fine', D)).toBeDefined();
  });
});

describe('phases', () => {
  it('apply in effective-date order, each on the structure the earlier ones produced', () => {
    const later = phase([start('OPCON', 'usarj', 'made')], '2026-06-01T00:00:00.000Z', 'later');
    const earlier = phase([create('made')], D, 'earlier');
    const evaluation = run([later, earlier]);
    expect(evaluation.phases.map((p) => p.phase.id)).toEqual(['earlier', 'later']);
    expect(evaluation.phases.flatMap((p) => p.failed)).toEqual([]);
    // Between the two dates the new unit has no combatant command: the earlier phase broke it, the later one
    // narrowed it to the gap, and the finding says so.
    const missing = evaluation.violations.filter((v) => v.code === 'C2_COCOM_MISSING');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.message).toContain('2026-01-01..2026-06-01');
    expect(missing[0]!.phaseId).toBe('earlier');
  });

  it('a later phase that repairs what an earlier one broke narrows the finding to the gap between them', () => {
    const evaluation = run([
      phase([{ id: 'end', op: 'endRelationship', relationshipId: 'adcon-usarpac-usarj' }], D, 'one'),
      phase([start('ADCON', 'us-army-dept', 'usarj')], '2026-02-01T00:00:00.000Z', 'two'),
    ]);
    expect(evaluation.phases[0]!.introduced.map((v) => v.code)).toContain('C2_ADCON_MISSING');
    const left = evaluation.violations.filter((v) => v.code === 'C2_ADCON_MISSING');
    expect(left.map((v) => v.phaseId)).toEqual(['one']);
    expect(left[0]!.message).toContain('2026-01-01..2026-02-01');
  });

  it('the demo plan is doctrine-valid: nothing introduced at any phase date, COCOM stays with INDOPACOM', () => {
    const plan = demoPlan();
    const evaluation = run(plan.phases);
    expect(evaluation.violations).toEqual([]);
    const end = '2027-03-31T00:00:00.000Z';
    expect(evaluation.projected.superiorEdges('usfj', 'COCOM').map((r) => r.superiorId)).toEqual(['indopacom']);
    expect(evaluation.projected.unitAt('usfj', end)?.roles).toContain('JOINT_FORCE_HQ');
    for (const id of ['5af', 'usarj', 'cnfj', 'iiimef']) {
      const opcon = evaluation.projected.superiorEdges(id, 'OPCON').filter((r) => r.valid.to === null);
      expect(
        opcon.map((r) => r.superiorId),
        id,
      ).toEqual(['usfj']);
    }
    for (const edge of evaluation.projected.allRelationships()) {
      if (!['COCOM', 'OPCON', 'TACON'].includes(edge.kind)) continue;
      const nations = [edge.superiorId, edge.subordinateId].map((id) => evaluation.projected.unitSlices(id)[0]?.nation);
      expect(nations[0], edge.id).toBe(nations[1]);
    }
  });

  it('the plan change, then its rollback, gives back the base exactly', () => {
    const evaluation = run(demoPlan().phases);
    const change = planChange(evaluation);
    const after = projectTimeline(force, change);
    const restored = projectTimeline(after, rollbackChange(executionRecord(force, change)));
    const dump = (tl: ForceTimeline) => ({
      units: [...tl.unitIds()].sort().flatMap((id) => tl.unitSlices(id)),
      relationships: [...tl.allRelationships()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    });
    expect(JSON.stringify(dump(restored))).toBe(JSON.stringify(dump(force)));
    expect(JSON.stringify(dump(after))).not.toBe(JSON.stringify(dump(force)));
  });
});

describe('incremental re-validation', () => {
  const findings = (e: PlanEvaluation) =>
    e.phases.map((p) =>
      [...p.introduced, ...p.resolved, ...p.failed].map((v) => `${violationKey(v)}|${v.message}`).sort(),
    );

  it('a later phase that repairs everything leaves nothing', () => {
    const evaluation = run([
      phase([{ id: 'end', op: 'endRelationship', relationshipId: 'opcon-usarpac-usarj' }], D, 'one'),
      phase([start('OPCON', 'usarpac', 'usarj')], D, 'two'),
    ]);
    expect(evaluation.phases[0]!.introduced.length).toBeGreaterThan(0);
    expect(evaluation.violations).toEqual([]);
  });

  it('reuses phases before the edit and gives the findings of a validation from scratch', () => {
    const plan = demoPlan().phases;
    const first = run(plan);
    const edited = plan.map((p, i) =>
      i === 1 ? { ...p, operations: [...p.operations, start('OPCON', 'pacflt', '5af')] } : p,
    );
    const again = run(edited, first);
    expect(again.stats.phasesReused).toBeGreaterThanOrEqual(1);
    expect(findings(again)).toEqual(findings(run(edited)));
    expect(again.violations.map((v) => v.code)).toContain('C2_OPCON_DUPLICATE');
  });

  it('matches validation from scratch over random edit sequences on a generated force', () => {
    const generated = generateForce({ units: 400, seed: 3 });
    const base = IndexedTimeline.build(generated.units, generated.relationships);
    const random = mulberry32(5);
    const ids = [...base.unitIds()];
    const edges = [...base.allRelationships()].filter((r) => r.valid.to === null);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
    const randomOp = (id: string): PlanOperation => {
      const roll = random();
      if (roll < 0.25) return { id, op: 'renameUnit', unitId: pick(ids), name: `renamed ${id}` };
      if (roll < 0.45)
        return { id, op: 'movePersonnel', fromId: pick(ids), toId: pick(ids), count: 1 + Math.floor(random() * 3) };
      if (roll < 0.7)
        return { ...start(pick(['OPCON', 'COORDINATION', 'TACON', 'ADCON'] as const), pick(ids), pick(ids)), id };
      if (roll < 0.85) return { id, op: 'endRelationship', relationshipId: pick(edges).id };
      return { id, op: 'changeRelationship', relationshipId: pick(edges).id, patch: { superiorId: pick(ids) } };
    };
    let phases: Phase[] = [0, 1, 2, 3].map((p) => ({
      id: `p${p}`,
      name: `P${p}`,
      effectiveDate: new Date(Date.UTC(2026, p * 2, 1)).toISOString(),
      operations: Array.from({ length: 8 }, (_, i) => randomOp(`o${p}-${i}`)),
    }));
    let previous = evaluatePlan(base, { phases }, DEFAULT_DOCTRINE);
    for (let edit = 0; edit < 12; edit++) {
      const p = Math.floor(random() * phases.length);
      const i = Math.floor(random() * phases[p]!.operations.length);
      phases = phases.map((ph, k) =>
        k === p
          ? { ...ph, operations: ph.operations.map((op, j) => (j === i ? randomOp(`${op.id}e${edit}`) : op)) }
          : ph,
      );
      const incremental = evaluatePlan(base, { phases }, DEFAULT_DOCTRINE, previous);
      const scratch = evaluatePlan(base, { phases }, DEFAULT_DOCTRINE);
      expect(findings(incremental), `edit ${edit}`).toEqual(findings(scratch));
      expect(incremental.errors).toBe(scratch.errors);
      previous = incremental;
    }
  });
});
