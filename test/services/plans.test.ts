import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/compose.js';
import type { Plan, PlanOperation } from '../../src/domain/reorg/plan.js';
import { PUBLIC_UNCLASSIFIED } from '../../src/domain/security/label.js';
import type { Actor } from '../../src/services/actor.js';
import type { Services } from '../../src/services/index.js';
import { assignUsfjAir, opconUsfj5af } from '../domain/reorg/fixture.js';

const person = (id: string, roles: string[], nation = 'USA', clearance = 'SECRET'): Actor => ({
  id,
  name: id,
  nation,
  clearance,
  caveats: [],
  roles,
});
const PLANNER = person('alice.planner', ['planner']);
const APPROVER = person('bob.approver', ['approver']);
const VIEWER = person('carol.viewer', ['viewer']);
const JP_PLANNER = person('jp.planner', ['planner'], 'JPN');

let dir: string;
let services: Services;
let file: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'c2-plans-'));
  file = join(dir, 'c2.db');
  services = await openApp({ db: file, demo: true, auditDir: dir });
});
afterEach(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

const planOf = (id: string, operations: PlanOperation[], label = PUBLIC_UNCLASSIFIED, date = '2026-01-01') => ({
  id,
  title: `Plan ${id}`,
  label,
  phases: [{ id: `${id}-1`, name: 'Only phase', effectiveDate: date, operations }],
});
/** The export as text, without its time stamp: exports list records in key order, so equal forces give equal bytes. */
const exported = () => {
  const { meta, ...rest } = services.force.exportDocument(PLANNER);
  const { exportedAt: _ignored, ...kept } = meta;
  return JSON.stringify({ ...rest, meta: kept });
};
/** Every current mission document (body and label) in id order, as text. */
const missionsExported = async () => {
  const versions = await services.store.listDocuments('missions');
  return JSON.stringify(versions.map((v) => v.record).sort((a, b) => (a.id < b.id ? -1 : 1)));
};

describe('the demo plan through its whole workflow', () => {
  it('is drafted, proposed, approved, executed in one transaction, and rolled back to the byte', async () => {
    const { plans } = services;
    expect((await plans.list(VIEWER)).map((p) => [p.id, p.state])).toEqual([['usfj-jfhq', 'DRAFT']]);
    const validation = await plans.validation(PLANNER, 'usfj-jfhq');
    expect(validation).toMatchObject({ valid: true, errors: 0, violations: [], withheld: 0 });
    expect(validation.phases.map((p) => p.id)).toEqual(['phase-2', 'phase-3', 'phase-4']);

    await expect(plans.step(APPROVER, 'usfj-jfhq', 'propose')).rejects.toMatchObject({ code: 'C2_FORBIDDEN' });
    await plans.step(PLANNER, 'usfj-jfhq', 'propose', 'for the commander');
    await expect(plans.step(PLANNER, 'usfj-jfhq', 'approve')).rejects.toMatchObject({ code: 'C2_FORBIDDEN' });
    await expect(plans.step(APPROVER, 'usfj-jfhq', 'execute')).rejects.toMatchObject({ code: 'C2_BAD_STATE' });
    await plans.step(APPROVER, 'usfj-jfhq', 'approve');

    const before = exported();
    const missionsBefore = await missionsExported();
    const txBefore = await services.store.lastTxId();
    const executed = await plans.step(APPROVER, 'usfj-jfhq', 'execute');
    expect(executed.state).toBe('EXECUTED');
    // The whole plan and the plan document went in as one transaction.
    expect(await services.store.lastTxId()).toBe(txBefore + 1);
    expect(executed.executedTx).toBe(txBefore + 1);
    const tl = services.force.structure.timeline();
    expect(tl.relationship('opcon-usfj-5af')?.superiorId).toBe('usfj');
    expect(tl.unitAt('usfj-joc', '2027-06-01T00:00:00.000Z')).toBeDefined();
    expect(exported()).not.toBe(before);
    // The notional phase 3 move of the air and missile defense lead went in with it.
    expect(await missionsExported()).not.toBe(missionsBefore);
    const iamd = await services.missions.get(VIEWER, 'm-iamd-usa-jfhq');
    expect(iamd).toMatchObject({ lead: 'usfj', follows: 'm-iamd-usa', valid: { from: '2026-04-01T00:00:00.000Z' } });
    expect((await services.missions.get(VIEWER, 'm-iamd-usa')).valid.to).toBe('2026-04-01T00:00:00.000Z');
    // An executed plan still shows its impact, measured against the structure without it.
    const impact = await plans.impact(VIEWER, 'usfj-jfhq');
    expect(impact.whole?.commands.find((c) => c.commandId === 'usfj')?.gained.OPCON).toHaveLength(5);
    expect(impact.whole?.responsibility.commands.find((c) => c.commandId === 'usfj')?.gained).toContainEqual({
      missionId: 'm-iamd-usa-jfhq',
      role: 'LEAD',
    });

    const rolledBack = await plans.step(APPROVER, 'usfj-jfhq', 'rollback', 'exercise over');
    expect(rolledBack).toMatchObject({ state: 'ROLLED_BACK', executedTx: txBefore + 1, rollbackTx: txBefore + 2 });
    expect(exported()).toBe(before);
    expect(await missionsExported()).toBe(missionsBefore);
    // Mission history stays truthful: as it was, ended by the plan, then restored by the rollback.
    const iamdHistory = await services.missions.history(VIEWER, 'm-iamd-usa');
    expect(iamdHistory.map((v) => [v.txId, v.mission.valid.to])).toEqual([
      [iamdHistory[0]!.txId, null],
      [txBefore + 1, '2026-04-01T00:00:00.000Z'],
      [txBefore + 2, null],
    ]);

    // Reloaded from the file by a fresh process, the force is the pre-execution force too.
    await services.close();
    services = await openApp({ db: file, auditDir: dir });
    expect(exported()).toBe(before);
    expect(await missionsExported()).toBe(missionsBefore);

    const history = (await services.plans.get(VIEWER, 'usfj-jfhq')).history;
    expect(history.map((h) => [h.action, h.actor, h.from, h.to])).toEqual([
      ['create', 'system', null, 'DRAFT'],
      ['propose', 'alice.planner', 'DRAFT', 'PROPOSED'],
      ['approve', 'bob.approver', 'PROPOSED', 'APPROVED'],
      ['execute', 'bob.approver', 'APPROVED', 'EXECUTED'],
      ['rollback', 'bob.approver', 'EXECUTED', 'ROLLED_BACK'],
    ]);
    expect(history.every((h) => /^\d{4}-\d{2}-\d{2}T/.test(h.at))).toBe(true);
    // Every step is a version of the plan document, in record time.
    const versions = await services.store.documentHistory<Plan>('plans', 'usfj-jfhq');
    expect(versions.map((v) => v.record.body.state)).toEqual([
      'DRAFT',
      'PROPOSED',
      'APPROVED',
      'EXECUTED',
      'ROLLED_BACK',
    ]);
  });
});

describe('approval', () => {
  it('is refused while the plan breaks a doctrine rule, naming the phase, operation and rule', async () => {
    const { plans } = services;
    const opcon: PlanOperation = {
      id: 'cross',
      op: 'startRelationship',
      relationship: {
        id: 'opcon-usfj-gcc',
        kind: 'OPCON',
        superiorId: 'usfj',
        subordinateId: 'gcc',
        basis: 'x',
        label: PUBLIC_UNCLASSIFIED,
      },
    };
    await plans.create(PLANNER, planOf('bad', [opcon]));
    await plans.step(PLANNER, 'bad', 'propose');
    const error = await plans.step(APPROVER, 'bad', 'approve').catch((e) => e);
    expect(error.code).toBe('C2_PLAN_INVALID');
    expect(error.violations).toContainEqual(
      expect.objectContaining({ code: 'C2_CROSS_NATION_COMMAND', phaseId: 'bad-1', operationIds: ['cross'] }),
    );
    expect((await plans.get(VIEWER, 'bad')).state).toBe('PROPOSED');
    // Fixed in a draft, it passes.
    await plans.step(PLANNER, 'bad', 'withdraw');
    await plans.update(
      PLANNER,
      'bad',
      planOf('bad', [{ ...opcon, relationship: { ...opcon.relationship, kind: 'COORDINATION' } }]),
    );
    await plans.step(PLANNER, 'bad', 'propose');
    expect((await plans.step(APPROVER, 'bad', 'approve')).state).toBe('APPROVED');
  });

  it('edits only drafts, and only by planners', async () => {
    const { plans } = services;
    await expect(plans.create(VIEWER, planOf('v', []))).rejects.toMatchObject({ code: 'C2_FORBIDDEN' });
    await plans.step(PLANNER, 'usfj-jfhq', 'propose');
    await expect(plans.update(PLANNER, 'usfj-jfhq', planOf('usfj-jfhq', []))).rejects.toMatchObject({
      code: 'C2_BAD_STATE',
    });
    await expect(plans.create(PLANNER, { id: 'x' })).rejects.toMatchObject({ code: 'C2_BAD_INPUT' });
  });
});

describe('two plans touching the same units', () => {
  const rename = (id: string, name: string): PlanOperation => ({ id, op: 'renameUnit', unitId: 'usarj', name });
  const newHq: PlanOperation = {
    id: 'a-create',
    op: 'createUnit',
    unit: {
      id: 'usarj-fwd',
      name: 'USARJ Forward',
      shortName: 'USARJ FWD',
      nation: 'USA',
      service: 'USA:ARMY',
      echelon: 'BRIGADE',
      sidc: '10031002181100000000',
      homeStation: null,
      personnel: { authorized: null, assigned: 50 },
      roles: [],
      label: PUBLIC_UNCLASSIFIED,
    },
  };
  const underUsarj = (id: string): PlanOperation => ({
    id,
    op: 'startRelationship',
    relationship: {
      id: `${id}-rel`,
      kind: 'OPCON',
      superiorId: 'usarj',
      subordinateId: 'usarj-fwd',
      basis: 'x',
      label: PUBLIC_UNCLASSIFIED,
      transfer: 'ASSIGNED',
    },
  });

  it('validates the second on top of the approved first, and names their conflicts', async () => {
    const { plans } = services;
    await plans.create(PLANNER, planOf('a', [newHq, underUsarj('a-opcon'), rename('a-rename', 'Army Japan A')]));
    await plans.step(PLANNER, 'a', 'propose');
    await plans.step(APPROVER, 'a', 'approve');

    // B builds on what A creates; on the force alone its operations could not apply.
    const adcon: PlanOperation = {
      id: 'b-adcon',
      op: 'startRelationship',
      relationship: {
        id: 'adcon-usarj-fwd',
        kind: 'ADCON',
        superiorId: 'usarj',
        subordinateId: 'usarj-fwd',
        basis: 'x',
        label: PUBLIC_UNCLASSIFIED,
      },
    };
    await plans.create(
      PLANNER,
      planOf('b', [adcon, rename('b-rename', 'Army Japan B')], PUBLIC_UNCLASSIFIED, '2026-06-01'),
    );
    const b = await plans.validation(PLANNER, 'b');
    expect(b.basedOn).toEqual(['a']);
    expect(b.violations).toEqual([]);
    expect(b.conflicts).toEqual([
      expect.objectContaining({ code: 'C2_CONFLICT', plans: ['b', 'a'], units: ['usarj'] }),
    ]);
    expect(b.conflicts[0]!.message).toContain('a-rename');
    expect(b.conflicts[0]!.message).toContain('b-rename');
    // The conflict with an approved plan blocks approval.
    expect(b.valid).toBe(false);
    await plans.step(PLANNER, 'b', 'propose');
    await expect(plans.step(APPROVER, 'b', 'approve')).rejects.toMatchObject({ code: 'C2_PLAN_INVALID' });

    // With A back in draft, B stands on the force alone and its first operation cannot apply.
    await plans.step(PLANNER, 'a', 'withdraw');
    const alone = await plans.validation(PLANNER, 'b');
    expect(alone.basedOn).toEqual([]);
    expect(alone.violations).toContainEqual(
      expect.objectContaining({ code: 'C2_NOT_FOUND', operationIds: ['b-adcon'] }),
    );
  });

  it('a second plan that adds a second OPCON superior on top of the first breaks doctrine', async () => {
    const { plans } = services;
    await plans.create(PLANNER, planOf('a', [newHq, underUsarj('a-opcon')]));
    await plans.step(PLANNER, 'a', 'propose');
    await plans.step(APPROVER, 'a', 'approve');
    const other: PlanOperation = {
      id: 'c-opcon',
      op: 'startRelationship',
      relationship: {
        id: 'c-rel',
        kind: 'OPCON',
        superiorId: 'icorps-fwd',
        subordinateId: 'usarj-fwd',
        basis: 'x',
        label: PUBLIC_UNCLASSIFIED,
        transfer: 'ASSIGNED',
      },
    };
    await plans.create(PLANNER, planOf('c', [other]));
    const c = await plans.validation(PLANNER, 'c');
    expect(c.violations).toContainEqual(
      expect.objectContaining({ code: 'C2_OPCON_DUPLICATE', operationIds: ['c-opcon'] }),
    );
    expect(c.conflicts.map((x) => x.message).join()).toContain('both give usarj-fwd a new OPCON superior');
  });
});

describe('access', () => {
  const NOFORN = { classification: 'SECRET', releasableTo: null, caveats: ['NOFORN'] };
  const REL = { classification: 'SECRET', releasableTo: ['USA', 'JPN'], caveats: [] };

  it('a plan the actor may not read does not exist for them', async () => {
    await services.plans.create(PLANNER, planOf('us-only', [], NOFORN));
    await expect(services.plans.get(JP_PLANNER, 'us-only')).rejects.toMatchObject({ code: 'C2_NOT_FOUND' });
    await expect(services.plans.validation(JP_PLANNER, 'us-only')).rejects.toMatchObject({ code: 'C2_NOT_FOUND' });
    expect((await services.plans.list(JP_PLANNER)).map((p) => p.id)).not.toContain('us-only');
    expect((await services.plans.list(PLANNER)).map((p) => p.id)).toContain('us-only');
  });

  it('withholds operations on units the reader cannot read, counts their findings, and refuses them to other authors', async () => {
    await services.force.createUnit(PLANNER, {
      id: 'us-secret-cell',
      name: 'Secret cell',
      shortName: 'CELL',
      nation: 'USA',
      service: 'USA:ARMY',
      echelon: 'TEAM',
      sidc: '10031000111100000000',
      homeStation: null,
      personnel: { authorized: null, assigned: 5 },
      roles: ['COORDINATION_BODY'],
      valid: { from: '2020-01-01T00:00:00.000Z', to: null },
      label: NOFORN,
    });
    const ops: PlanOperation[] = [
      { id: 'visible', op: 'renameUnit', unitId: 'usarj', name: 'Army Japan' },
      { id: 'hidden', op: 'renameUnit', unitId: 'us-secret-cell', name: 'Cell 2' },
    ];
    await services.plans.create(PLANNER, planOf('mixed', ops, REL));
    const seen = await services.plans.get(JP_PLANNER, 'mixed');
    expect(seen.phases[0]!.operations).toEqual([ops[0], { id: 'hidden', op: 'renameUnit', withheld: true }]);
    const validation = await services.plans.validation(JP_PLANNER, 'mixed');
    expect(JSON.stringify(validation)).not.toContain('us-secret-cell');
    expect(validation.withheld).toBe(validation.errors + validation.warnings - validation.violations.length);
    const impact = await services.plans.impact(JP_PLANNER, 'mixed');
    expect(JSON.stringify(impact)).not.toContain('us-secret-cell');
    // The JPN planner cannot name the unit at all: it answers as an unknown id would.
    await expect(services.plans.create(JP_PLANNER, planOf('probe', [ops[1]!], REL))).rejects.toMatchObject({
      code: 'C2_NOT_FOUND',
      message: "operation hidden: no unit with id 'us-secret-cell'",
    });
    await expect(
      services.plans.create(JP_PLANNER, planOf('probe', [{ ...ops[1]!, unitId: 'nothing' } as PlanOperation], REL)),
    ).rejects.toMatchObject({
      message: "operation hidden: no unit with id 'nothing'",
    });
  });
});

describe('missions through plans', () => {
  const usfjAir = assignUsfjAir;
  const opcon = opconUsfj5af;

  it('approval is refused while a mission check fails; with the OPCON in the same phase it executes and rolls back exactly', async () => {
    const { plans } = services;
    await plans.create(PLANNER, planOf('air', [usfjAir()]));
    const validation = await plans.validation(PLANNER, 'air');
    expect(validation.valid).toBe(false);
    expect(validation.phases[0]).toMatchObject({ introduced: 2, failed: 0 });
    await plans.step(PLANNER, 'air', 'propose');
    const error = await plans.step(APPROVER, 'air', 'approve').catch((e) => e);
    expect(error.code).toBe('C2_PLAN_INVALID');
    expect(error.violations).toContainEqual(
      expect.objectContaining({
        code: 'C2_MISSION_NO_AUTHORITY',
        phaseId: 'air-1',
        operationIds: ['assign'],
        missionIds: ['m-usfj-air'],
      }),
    );

    await plans.step(PLANNER, 'air', 'withdraw');
    await plans.update(PLANNER, 'air', planOf('air', [opcon, usfjAir()]));
    await plans.step(PLANNER, 'air', 'propose');
    await plans.step(APPROVER, 'air', 'approve');
    const force = exported();
    const missions = await missionsExported();
    const txBefore = await services.store.lastTxId();
    await plans.step(APPROVER, 'air', 'execute');
    expect(await services.store.lastTxId()).toBe(txBefore + 1);
    const assigned = await services.missions.history(VIEWER, 'm-usfj-air');
    expect(assigned.map((v) => [v.txId, v.mission.valid.from])).toEqual([[txBefore + 1, '2026-01-01T00:00:00.000Z']]);
    expect(await services.missions.check(VIEWER, { missionIds: ['m-usfj-air'] })).toEqual([]);

    await plans.step(APPROVER, 'air', 'rollback');
    expect(exported()).toBe(force);
    expect(await missionsExported()).toBe(missions);
    await expect(services.missions.get(VIEWER, 'm-usfj-air')).rejects.toMatchObject({ code: 'C2_NOT_FOUND' });
  });

  it('an execution racing a mission edit loses neither: the plan reads the missions under their write lock', async () => {
    const { plans } = services;
    const move: PlanOperation = { id: 'mv', op: 'moveMission', missionId: 'm-mar-usa', lead: 'usfj' };
    await plans.create(PLANNER, planOf('move', [move]));
    await plans.step(PLANNER, 'move', 'propose');
    await plans.step(APPROVER, 'move', 'approve');
    await Promise.all([
      plans.step(APPROVER, 'move', 'execute'),
      services.missions.update(PLANNER, 'm-mar-usa', { description: 'edited while the plan executed' }),
    ]);
    // The running mission ends at the phase date and a successor under USFJ carries on; the edit survives as well.
    const ended = await services.missions.get(VIEWER, 'm-mar-usa');
    expect(ended.valid.to).toBe('2026-01-01T00:00:00.000Z');
    expect(ended.description).toBe('edited while the plan executed');
    expect((await services.missions.get(VIEWER, 'm-mar-usa~2026-01-01')).lead).toBe('usfj');
  });

  it('the impact shows mission roles gained per command, with no trace of missions the reader cannot read', async () => {
    const NOFORN = { classification: 'SECRET', releasableTo: null, caveats: ['NOFORN'] };
    const REL = { classification: 'SECRET', releasableTo: ['USA', 'JPN'], caveats: [] };
    await services.missions.create(PLANNER, {
      id: 'm-us-only',
      name: 'U.S.-only task',
      description: '',
      valid: { from: '2020-01-01T00:00:00.000Z', to: null },
      label: NOFORN,
      lead: 'pacaf',
      supporting: [],
    });
    const ops: PlanOperation[] = [
      { id: 'hidden', op: 'moveMission', missionId: 'm-us-only', lead: 'usfj' },
      usfjAir({ forces: [], label: REL }),
    ];
    await services.plans.create(PLANNER, planOf('mixed-missions', ops, REL));

    const us = await services.plans.impact(PLANNER, 'mixed-missions');
    expect(us.whole?.responsibility.commands).toEqual([
      { commandId: 'jjoc', gained: [{ missionId: 'm-usfj-air', role: 'COORDINATE' }], lost: [], changed: [] },
      { commandId: 'pacaf', gained: [], lost: [{ missionId: 'm-us-only', role: 'LEAD' }], changed: [] },
      {
        commandId: 'usfj',
        gained: [
          { missionId: 'm-us-only~2026-01-01', role: 'LEAD' },
          { missionId: 'm-usfj-air', role: 'LEAD' },
        ],
        lost: [],
        changed: [],
      },
    ]);

    const jp = await services.plans.impact(JP_PLANNER, 'mixed-missions');
    expect(JSON.stringify(jp)).not.toContain('m-us-only');
    expect(jp.whole?.responsibility.commands).toEqual([
      { commandId: 'jjoc', gained: [{ missionId: 'm-usfj-air', role: 'COORDINATE' }], lost: [], changed: [] },
      { commandId: 'usfj', gained: [{ missionId: 'm-usfj-air', role: 'LEAD' }], lost: [], changed: [] },
    ]);
    const seen = await services.plans.get(JP_PLANNER, 'mixed-missions');
    expect(seen.phases[0]!.operations[0]).toEqual({ id: 'hidden', op: 'moveMission', withheld: true });
    // The JPN planner cannot name the mission in a plan of their own: it answers as an unknown id would.
    await expect(services.plans.create(JP_PLANNER, planOf('probe', [ops[0]!], REL))).rejects.toMatchObject({
      code: 'C2_NOT_FOUND',
      message: "operation hidden: no mission with id 'm-us-only'",
    });
  });

  it('a mission led by another nation’s command is not moved by this nation’s executor', async () => {
    const { plans } = services;
    const move: PlanOperation = { id: 'mv', op: 'moveMission', missionId: 'm-mar-jpn', supporting: [] };
    await plans.create(PLANNER, planOf('jp-mission', [move]));
    await plans.step(PLANNER, 'jp-mission', 'propose');
    await plans.step(APPROVER, 'jp-mission', 'approve');
    await expect(plans.step(APPROVER, 'jp-mission', 'execute')).rejects.toMatchObject({ code: 'C2_FORBIDDEN' });
    expect((await plans.get(VIEWER, 'jp-mission')).state).toBe('APPROVED');
  });
});
