import { describe, expect, it } from 'vitest';
import { affectedUnits } from '../../../src/domain/command/validate.js';
import { DEFAULT_DOCTRINE } from '../../../src/domain/command/settings.js';
import { generateForce, mulberry32 } from '../../../src/domain/force/generate.js';
import { IndexedTimeline } from '../../../src/domain/force/indexed-timeline.js';
import { operationChange } from '../../../src/domain/reorg/apply.js';
import { composeChanges } from '../../../src/domain/reorg/changes.js';
import { compareStructures } from '../../../src/domain/reorg/compare.js';
import { planConflicts } from '../../../src/domain/reorg/conflicts.js';
import { evaluatePlan } from '../../../src/domain/reorg/evaluate.js';
import { impactAt } from '../../../src/domain/reorg/impact.js';
import { EstablishedByIndex } from '../../../src/domain/reorg/scope.js';
import { visibleTimeline } from '../../../src/domain/reorg/visible.js';
import { assertStep, recordStep } from '../../../src/domain/reorg/workflow.js';
import { create, D, demoForce, demoMissions, demoPlan, phase, start } from './fixture.js';

const force = demoForce();
const END = '2027-03-31T00:00:00.000Z';
const demo = () => evaluatePlan(force, demoPlan(), DEFAULT_DOCTRINE, undefined, demoMissions());

describe('impact of the demo plan', () => {
  const evaluation = demo();
  const impact = impactAt(evaluation.base, evaluation.projected, END);

  it('names relationships gained and lost per command, and span of control before and after', () => {
    const usfj = impact.commands.find((c) => c.commandId === 'usfj')!;
    expect(usfj.gained.OPCON?.sort()).toEqual(['5af', 'cnfj', 'iiimef', 'usarj', 'usfj-joc']);
    expect(usfj.lost.COORDINATION?.sort()).toEqual(['5af', 'cnfj', 'iiimef', 'usarj']);
    expect(usfj.span).toEqual({ before: 1, after: 6 });
    expect(impact.commands.find((c) => c.commandId === 'pacaf')?.lost.OPCON).toEqual(['5af']);
  });

  it('sums personnel under each command’s OPCON before and after', () => {
    const usfj = impact.personnel.find((p) => p.commandId === 'usfj')!;
    // 160 HQ + 12 JCT before; plus 300 moved in and the notional JOC.
    expect(usfj.before).toEqual({ personnel: 172, units: 2 });
    // 240 moved into the HQ (phases 2 and 3) and 60 into the JOC, which is under USFJ's OPCON.
    expect(usfj.after.personnel).toBe(172 + 240 + 60);
    expect(usfj.after.units).toBeGreaterThan(10);
    const pacaf = impact.personnel.find((p) => p.commandId === 'pacaf')!;
    expect(pacaf.before.personnel - pacaf.after.personnel).toBe(300);
  });

  it('lists chains that changed and what did not change', () => {
    const wing = impact.chains.find((c) => c.unitId === '18wg')!;
    // Above the combatant command the chain is statute (10 U.S.C. 162(b)): it ends at the national command authority.
    expect(wing.before).toEqual(['18wg', '5af', 'pacaf', 'indopacom', 'us-nca']);
    expect(wing.after).toEqual(['18wg', '5af', 'usfj', 'indopacom', 'us-nca']);
    expect(wing.change).toBe('rerouted');
    const held = Object.fromEntries(impact.invariants.map((i) => [i.name, i.holds]));
    expect(held).toEqual({
      'COCOM of indopacom': true,
      'Top of the JPN command chain': true,
      'Top of the USA command chain': true,
      'Command relationships across nations': true,
    });
    expect(impact.orphaned).toEqual([]);
  });

  it('reports units left without a required superior, and a broken invariant', () => {
    const bad = evaluatePlan(
      force,
      { phases: [phase([{ id: 'end', op: 'endRelationship', relationshipId: 'cocom-indopacom-usfj' }])] },
      DEFAULT_DOCTRINE,
    );
    const hit = impactAt(force, bad.projected, D);
    expect(hit.orphaned.find((o) => o.unitId === 'usfj')?.missing).toEqual(['COMMAND', 'COMBATANT_COMMAND']);
    expect(hit.invariants.find((i) => i.name === 'COCOM of indopacom')?.holds).toBe(false);
  });

  it('counts nothing the reader cannot see', () => {
    const secret = { classification: 'SECRET', releasableTo: null, caveats: [] };
    const hidden = evaluatePlan(
      force,
      {
        phases: [
          phase([create('hidden', 'USA:ARMY', [], secret), start('OPCON', 'usarj', 'hidden', { label: secret })]),
        ],
      },
      DEFAULT_DOCTRINE,
    );
    const canRead = (label: { classification: string }) => label.classification === 'UNCLASSIFIED';
    const seen = impactAt(visibleTimeline(force, canRead), visibleTimeline(hidden.projected, canRead), D);
    expect(JSON.stringify(seen)).not.toContain('hidden');
    expect(seen.personnel).toEqual([]);
    const all = impactAt(force, hidden.projected, D);
    expect(all.personnel.find((p) => p.commandId === 'usarj')?.after.units).toBe(3);
  });
});

describe('as-is and to-be', () => {
  it('marks added, moved and changed units in both trees, and nothing else', () => {
    const evaluation = demo();
    const comparison = compareStructures(evaluation.base, evaluation.projected, END, ['COCOM', 'OPCON']);
    const marks = Object.fromEntries(comparison.rows.map((r) => [r.unitId, r.mark]));
    expect(marks).toMatchObject({
      '5af': 'moved',
      usarj: 'moved',
      cnfj: 'moved',
      iiimef: 'moved',
      'usfj-joc': 'added',
      usfj: 'changed',
    });
    expect(marks['18wg']).toBeUndefined();
    const moved = comparison.rows.find((r) => r.unitId === '5af')!;
    expect(moved.asIs).toEqual({ superiorId: 'pacaf', kind: 'OPCON' });
    expect(moved.toBe).toEqual({ superiorId: 'usfj', kind: 'OPCON' });
    expect(comparison.rows.find((r) => r.unitId === 'usfj')!.changes.sort()).toEqual([
      'name',
      'personnel',
      'roles',
      'sidc',
    ]);
  });

  it('marks a deactivated unit removed in the as-is tree', () => {
    const evaluation = evaluatePlan(
      force,
      { phases: [phase([{ id: 'd', op: 'deactivateUnit', unitId: '374aw' }])] },
      DEFAULT_DOCTRINE,
    );
    const comparison = compareStructures(evaluation.base, evaluation.projected, D, ['COCOM', 'OPCON']);
    expect(comparison.rows).toEqual([expect.objectContaining({ unitId: '374aw', mark: 'removed', toBe: null })]);
  });

  it('shows a unit the reader may not see as a placeholder, without its mark', () => {
    const evaluation = demo();
    const comparison = compareStructures(
      evaluation.base,
      evaluation.projected,
      END,
      ['COCOM', 'OPCON'],
      (unit) => unit.id !== '5af',
    );
    expect(comparison.rows.some((r) => r.unitId === '5af')).toBe(false);
    expect(JSON.stringify(comparison.toBe)).toContain('"withheld":true');
    expect(JSON.stringify(comparison.toBe)).toContain('"unitId":"18wg"');
  });
});

describe('conflicts between plans', () => {
  const plan = (id: string, ops: Parameters<typeof phase>[0], date = D) => ({
    id,
    phases: [phase(ops, date, `${id}-p`)],
  });

  it('names both plans and operations when both change the same attribute or relationship', () => {
    const a = plan('a', [{ id: 'a1', op: 'renameUnit', unitId: 'usarj', name: 'A' }]);
    const b = plan('b', [{ id: 'b1', op: 'renameUnit', unitId: 'usarj', name: 'B' }], '2027-01-01T00:00:00.000Z');
    const [conflict] = planConflicts(a, b);
    expect(conflict).toMatchObject({ code: 'C2_CONFLICT', plans: ['a', 'b'], units: ['usarj'] });
    expect(conflict!.operations.map((o) => o.operationId)).toEqual(['a1', 'b1']);
    expect(conflict!.message).toContain("usarj's name");
    const c = plan('c', [{ id: 'c1', op: 'endRelationship', relationshipId: 'opcon-pacaf-5af' }]);
    const d = plan('d', [
      { id: 'd1', op: 'changeRelationship', relationshipId: 'opcon-pacaf-5af', patch: { basis: 'x' } },
    ]);
    expect(planConflicts(c, d).map((x) => x.relationshipIds)).toEqual([['opcon-pacaf-5af']]);
  });

  it('names a plan that deletes what the other refers to, either way round', () => {
    const a = plan('a', [{ id: 'a1', op: 'deactivateUnit', unitId: '35fw' }]);
    const b = plan('b', [start('COORDINATION', '5af', '35fw')]);
    expect(planConflicts(a, b).map((c) => c.message)).toEqual([
      expect.stringContaining('35fw is removed by one plan and used by the other'),
    ]);
    expect(planConflicts(b, a)).toHaveLength(1);
  });

  it('names two new superiors of one kind, the same new id, and warns of personnel moves on one unit', () => {
    const a = plan('a', [
      start('OPCON', 'usfj', '5af'),
      create('dup'),
      { id: 'm', op: 'movePersonnel', fromId: 'pacaf', toId: 'usfj', count: 1 },
    ]);
    const b = plan('b', [
      start('OPCON', 'usarpac', '5af'),
      create('dup'),
      { id: 'n', op: 'movePersonnel', fromId: 'pacaf', toId: '5af', count: 1 },
    ]);
    const found = planConflicts(a, b);
    expect(found.map((c) => c.message).join('\n')).toMatch(
      /both give 5af a new OPCON superior[\s\S]*both create id dup[\s\S]*both move personnel of pacaf/,
    );
    expect(found.find((c) => c.message.includes('personnel'))?.severity).toBe('warning');
    expect(planConflicts(a, plan('c', [{ id: 'x', op: 'renameUnit', unitId: 'jjoc', name: 'JJOC' }]))).toEqual([]);
  });
});

describe('change composition and scope', () => {
  it('composes operations so later retirements cancel earlier inserts', () => {
    const first = operationChange(force, { id: 'a', op: 'renameUnit', unitId: 'usarj', name: 'One' }, D);
    const evaluation = evaluatePlan(
      force,
      { phases: [phase([{ id: 'a', op: 'renameUnit', unitId: 'usarj', name: 'One' }])] },
      DEFAULT_DOCTRINE,
    );
    const second = operationChange(
      evaluation.projected,
      { id: 'b', op: 'renameUnit', unitId: 'usarj', name: 'Two' },
      D,
    );
    const both = composeChanges(first, second);
    expect(both.retireUnitSlices).toEqual(first.retireUnitSlices);
    expect(both.insertUnitSlices.map((s) => s.name)).toEqual(['U.S. Army Japan', 'Two']);
  });

  it('the indexed scope equals affectedUnits on the plain timeline', () => {
    const generated = generateForce({ units: 300, seed: 9 });
    const tl = IndexedTimeline.build(generated.units, generated.relationships);
    const index = new EstablishedByIndex(tl.allRelationships());
    const random = mulberry32(2);
    const at = '2026-01-01T00:00:00.000Z';
    const ids = [...tl.unitIds()].filter((id) => tl.unitAt(id, at));
    for (let i = 0; i < 40; i++) {
      const unitId = ids[Math.floor(random() * ids.length)]!;
      const change = operationChange(tl, { id: 'x', op: 'renameUnit', unitId, name: `n${i}` }, at);
      expect(index.affected(tl, change)).toEqual(affectedUnits(tl, change));
    }
  });
});

describe('workflow', () => {
  const draft = { id: 'p', state: 'DRAFT' as const };
  it('lets planners draft and propose, approvers approve, execute and roll back, admin anything', () => {
    expect(() => assertStep(draft, 'propose', ['planner'])).not.toThrow();
    expect(() => assertStep(draft, 'propose', ['approver'])).toThrow(expect.objectContaining({ code: 'C2_FORBIDDEN' }));
    expect(() => assertStep({ ...draft, state: 'PROPOSED' }, 'approve', ['planner'])).toThrow(
      expect.objectContaining({ code: 'C2_FORBIDDEN' }),
    );
    expect(() => assertStep({ ...draft, state: 'PROPOSED' }, 'approve', ['approver'])).not.toThrow();
    expect(() => assertStep({ ...draft, state: 'EXECUTED' }, 'rollback', ['admin'])).not.toThrow();
    expect(() => assertStep(null, 'create', ['viewer'])).toThrow(expect.objectContaining({ code: 'C2_FORBIDDEN' }));
  });
  it('refuses steps out of order', () => {
    expect(() => assertStep(draft, 'execute', ['approver'])).toThrow(expect.objectContaining({ code: 'C2_BAD_STATE' }));
    expect(() => assertStep({ ...draft, state: 'EXECUTED' }, 'edit', ['planner'])).toThrow(
      expect.objectContaining({ code: 'C2_BAD_STATE' }),
    );
    expect(() => assertStep({ ...draft, state: 'ROLLED_BACK' }, 'execute', ['admin'])).toThrow(
      expect.objectContaining({ code: 'C2_BAD_STATE' }),
    );
  });
  it('records who took each step, when, from and to which state', () => {
    const plan = { ...demoPlan(), state: 'DRAFT' as const, history: [] };
    const next = recordStep(plan, 'propose', 'alice', D, 'ready');
    expect(next.state).toBe('PROPOSED');
    expect(next.history).toEqual([
      { at: D, actor: 'alice', action: 'propose', from: 'DRAFT', to: 'PROPOSED', note: 'ready' },
    ]);
  });
});
