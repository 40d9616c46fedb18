import { describe, expect, it } from 'vitest';
import type { DoctrineSettings } from '../../../src/domain/command/settings.js';
import { DEFAULT_DOCTRINE } from '../../../src/domain/command/settings.js';
import { RULES } from '../../../src/domain/command/validate.js';
import type { ErrorCode } from '../../../src/domain/errors.js';
import { evaluatePlan } from '../../../src/domain/reorg/evaluate.js';
import type { PlanOperation } from '../../../src/domain/reorg/plan.js';
import { create, demoForce, phase, start } from './fixture.js';

const LEAD_JPN: DoctrineSettings = { structure: 'LEAD_NATION', leadNation: 'JPN', nations: ['USA', 'JPN'] };

/** For every doctrine finding, a plan that introduces it on the demo force (and the settings it needs). */
const CASES: Array<[ErrorCode, PlanOperation[], DoctrineSettings?]> = [
  ['C2_CHAIN_CYCLE', [start('OPCON', '5af', 'pacaf')]],
  ['C2_COCOM_NOT_COMBATANT_COMMAND', [start('COCOM', 'pacaf', '18wg')]],
  ['C2_COCOM_DELEGATED', [start('COCOM', 'indopacom', '18wg', { transfer: 'ATTACHED' })]],
  ['C2_COCOM_MISSING', [create('lost')]],
  ['C2_COCOM_DUPLICATE', [create('eucom', 'USA:JOINT', ['COMBATANT_COMMAND']), start('COCOM', 'eucom', 'usarj')]],
  ['C2_OPCON_DUPLICATE', [start('OPCON', 'usarpac', '5af')]],
  ['C2_TACON_DUPLICATE', [start('TACON', '5af', '18wg'), start('TACON', 'pacaf', '18wg')]],
  ['C2_ADCON_DUPLICATE', [start('ADCON', 'us-army-dept', 'usarj')]],
  ['C2_TACON_OUTSIDE_OPCON_CHAIN', [start('TACON', 'pacflt', '18wg')]],
  ['C2_TACON_WITHOUT_OPCON_HOLDER', [create('x'), start('TACON', 'usarj', 'x')]],
  ['C2_ADCON_NOT_COMMAND', [create('y'), start('ADCON', 'usarj', 'y'), start('TACON', 'icorps-fwd', 'y')]],
  [
    'C2_AUTHORITY_WIDENS',
    [
      start('TACON', 'usarj', '1-1ada', { establishedBy: 'usarpac' }),
      start('OPCON', 'icorps-fwd', '1-1ada', { establishedBy: 'usarj' }),
    ],
  ],
  ['C2_ADCON_CROSSES_SERVICE', [start('ADCON', 'us-navy-dept', 'usarj')]],
  ['C2_ATTACHMENT_INCOMPLETE', [start('TACON', 'usarj', 'icorps-fwd', { transfer: 'ATTACHED', basis: ' ' })]],
  ['C2_SUPPORT_INCOMPLETE', [start('SUPPORT', '35fw', '374aw')]],
  [
    'C2_SUPPORT_NOT_COMMON_SUPERIOR',
    [start('SUPPORT', 'jjoc', 'usfj', { supportCategory: 'DIRECT', establishedBy: 'indopacom' })],
  ],
  ['C2_COORDINATION_TASKING', [start('COORDINATION', 'usfj', 'jjoc', { transfer: 'ATTACHED' })]],
  ['C2_CROSS_NATION_COMMAND', [start('OPCON', 'usfj', 'gcc')]],
  [
    'C2_FOREIGN_OPCON_NOT_APPROVED',
    [start('OPCON', 'jjoc', '5af', { transfer: 'ATTACHED', basis: 'CASE-7' })],
    LEAD_JPN,
  ],
  ['C2_NCA_SUBORDINATED', [start('OPCON', 'indopacom', 'us-nca')]],
  ['C2_SELF_RELATIONSHIP', [start('DIRLAUTH', '5af', '5af')]],
  [
    'C2_OUTSIDE_UNIT_VALIDITY',
    [{ id: 'op-deactivate', op: 'deactivateUnit', unitId: '18wg' }, start('COORDINATION', '5af', '18wg')],
  ],
  ['C2_ADCON_MISSING', [create('z'), start('OPCON', 'usarj', 'z')]],
  ['C2_OPCON_HOLDER_UNANCHORED', [create('rogue'), create('led'), start('OPCON', 'rogue', 'led')]],
  [
    'C2_SPAN_OF_CONTROL',
    [create('s1'), create('s2'), start('OPCON', 'usarj', 's1'), start('OPCON', 'usarj', 's2')],
    { ...DEFAULT_DOCTRINE, maxSpanOfControl: 2 },
  ],
];

describe('every doctrine finding surfaces through a plan', () => {
  const force = demoForce();

  it('covers every code the rules report', () => {
    const reported = RULES.flatMap((rule) => [rule.code, ...(rule.alsoReports ?? [])]);
    expect(new Set(CASES.map(([code]) => code))).toEqual(new Set(reported));
  });

  it('the demo force with the demo settings has none of them to begin with', () => {
    expect(evaluatePlan(force, { phases: [phase([])] }, DEFAULT_DOCTRINE).violations).toEqual([]);
  });

  for (const [code, operations, settings] of CASES) {
    it(`${code}: named with the phase, the operation and the units`, () => {
      const evaluation = evaluatePlan(force, { phases: [phase(operations)] }, settings ?? DEFAULT_DOCTRINE);
      const found = evaluation.violations.filter((v) => v.code === code);
      expect(found.length, JSON.stringify(evaluation.violations, null, 1)).toBeGreaterThan(0);
      const ids = new Set(operations.map((op) => op.id));
      for (const v of found) {
        expect(v.phaseId).toBe('p');
        expect(v.effectiveDate).toBe('2026-01-01T00:00:00.000Z');
        expect(v.operationIds.length).toBeGreaterThan(0);
        for (const id of v.operationIds) expect(ids.has(id)).toBe(true);
        expect(v.units?.length).toBeGreaterThan(0);
      }
      // Nothing here is a failed operation: each plan applies, and doctrine is what it breaks.
      expect(evaluation.phases[0]!.failed).toEqual([]);
    });
  }
});
