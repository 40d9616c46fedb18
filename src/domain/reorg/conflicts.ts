import type { Violation } from '../errors.js';
import type { Instant } from '../time/instant.js';
import { describeOperation, operationRefs, type Plan, type PlanOperation } from './plan.js';

/** Something one operation does to one thing, as another plan can collide with it. */
interface Touch {
  /** 'unit:<id>#<field>', 'relationship:<id>', 'mission:<id>', 'create:<id>', 'create:mission:<id>', 'superior:<kind>:<unit id>', 'personnel:<id>'. */
  key: string;
  kind: 'modify' | 'delete' | 'create' | 'slot' | 'personnel' | 'reference';
  target: string;
  record: 'unit' | 'relationship' | 'mission';
  at: Instant;
  planId: string;
  phaseId: string;
  op: PlanOperation;
}

export interface PlanConflict extends Violation {
  plans: [string, string];
  missionIds?: string[];
  operations: Array<{ planId: string; phaseId: string; operationId: string }>;
}

const UNIT_FIELDS: Partial<Record<PlanOperation['op'], string[]>> = {
  renameUnit: ['name'],
  resymbolUnit: ['sidc'],
  reechelonUnit: ['echelon'],
  setRoles: ['roles'],
};
const SLOT_KINDS = new Set(['COCOM', 'OPCON', 'TACON', 'ADCON']);

function touches(plan: Pick<Plan, 'id' | 'phases'>): Touch[] {
  const out: Touch[] = [];
  for (const phase of plan.phases) {
    for (const op of phase.operations) {
      const add = (kind: Touch['kind'], key: string, target: string, record: Touch['record'] = 'unit') =>
        out.push({ key, kind, target, record, at: phase.effectiveDate, planId: plan.id, phaseId: phase.id, op });
      const reference = (unitId: string | undefined) => {
        if (unitId) add('reference', `unit:${unitId}`, unitId);
      };
      switch (op.op) {
        case 'createUnit':
          add('create', `create:${op.unit.id}`, op.unit.id);
          break;
        case 'renameUnit':
        case 'resymbolUnit':
        case 'reechelonUnit':
        case 'setRoles':
          for (const field of UNIT_FIELDS[op.op]!) add('modify', `unit:${op.unitId}#${field}`, op.unitId);
          if (op.op === 'renameUnit' && op.shortName) add('modify', `unit:${op.unitId}#shortName`, op.unitId);
          reference(op.unitId);
          break;
        case 'deactivateUnit':
          add('delete', `unit:${op.unitId}`, op.unitId);
          break;
        case 'startRelationship': {
          const r = op.relationship;
          add('create', `create:${r.id}`, r.id, 'relationship');
          if (SLOT_KINDS.has(r.kind)) add('slot', `superior:${r.kind}:${r.subordinateId}`, r.subordinateId);
          [r.superiorId, r.subordinateId, r.establishedBy].forEach(reference);
          break;
        }
        case 'endRelationship':
          add('delete', `relationship:${op.relationshipId}`, op.relationshipId, 'relationship');
          break;
        case 'changeRelationship':
          add('modify', `relationship:${op.relationshipId}`, op.relationshipId, 'relationship');
          [op.patch.superiorId, op.patch.subordinateId, op.patch.establishedBy].forEach(reference);
          break;
        case 'movePersonnel':
          add('personnel', `personnel:${op.fromId}`, op.fromId);
          add('personnel', `personnel:${op.toId}`, op.toId);
          reference(op.fromId);
          reference(op.toId);
          break;
        case 'assignMission':
          add('create', `create:mission:${op.mission.id}`, op.mission.id, 'mission');
          operationRefs(op).units.forEach(reference);
          break;
        case 'moveMission':
          add('modify', `mission:${op.missionId}`, op.missionId, 'mission');
          if (op.newId) add('create', `create:mission:${op.newId}`, op.newId, 'mission');
          operationRefs(op).units.forEach(reference);
          break;
      }
    }
  }
  return out;
}

/**
 * Where two plans collide, found from their operations alone (no structure needed), each conflict naming both plans,
 * both operations and the thing they share:
 * - both change the same attribute of a unit, or the same relationship (a change holds from its date on, so any two
 *   such changes overlap in time);
 * - one deactivates a unit or ends a relationship that the other changes or refers to;
 * - both create a record with the same id, or both give one unit a new superior of the same kind;
 * - both move personnel into or out of the same unit (a warning: the moves add up, but the figures were planned apart).
 */
export function planConflicts(a: Pick<Plan, 'id' | 'phases'>, b: Pick<Plan, 'id' | 'phases'>): PlanConflict[] {
  const byKey = new Map<string, Touch[]>();
  for (const t of touches(b)) byKey.set(t.key, [...(byKey.get(t.key) ?? []), t]);
  const deletes = new Map<string, Touch[]>();
  for (const t of [...touches(a), ...touches(b)]) {
    if (t.kind === 'delete') deletes.set(t.key, [...(deletes.get(t.key) ?? []), t]);
  }
  const found = new Map<string, PlanConflict>();
  const note = (x: Touch, y: Touch, message: string, severity: 'error' | 'warning' = 'error') => {
    const key = [x.planId, x.op.id, y.planId, y.op.id].join('\u0000');
    if (found.has(key)) return;
    const conflict: PlanConflict = {
      code: 'C2_CONFLICT',
      message: `${message}: plan ${x.planId} ${x.phaseId}/${x.op.id} (${describeOperation(x.op)}, ${x.at.slice(0, 10)}) and plan ${y.planId} ${y.phaseId}/${y.op.id} (${describeOperation(y.op)}, ${y.at.slice(0, 10)})`,
      plans: [a.id, b.id],
      operations: [x, y].map((t) => ({ planId: t.planId, phaseId: t.phaseId, operationId: t.op.id })),
      ...(x.record === 'relationship'
        ? { relationshipIds: [x.target] }
        : x.record === 'mission'
          ? { missionIds: [x.target] }
          : { units: [x.target] }),
    };
    if (severity === 'warning') conflict.severity = 'warning';
    found.set(key, conflict);
  };
  for (const x of touches(a)) {
    for (const y of byKey.get(x.key) ?? []) {
      if (x.kind === 'modify' && y.kind === 'modify')
        note(x, y, `both change ${x.key.replace(/^(unit|mission):/, '$1 ').replace('#', "'s ")}`);
      else if (x.kind === 'delete' && y.kind === 'delete') note(x, y, `both remove ${x.target}`);
      else if (x.kind === 'create' && y.kind === 'create') note(x, y, `both create id ${x.target}`);
      else if (x.kind === 'slot' && y.kind === 'slot')
        note(x, y, `both give ${x.target} a new ${x.key.split(':')[1]} superior`);
      else if (x.kind === 'personnel' && y.kind === 'personnel')
        note(x, y, `both move personnel of ${x.target}`, 'warning');
    }
  }
  // Deleting what the other plan refers to or changes, either way round.
  for (const [first, second] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const t of touches(second)) {
      // Plans never remove a mission: a move ends it and names a successor, so only units and relationships apply.
      if (t.record === 'mission') continue;
      const target = t.record === 'relationship' ? `relationship:${t.target}` : `unit:${t.target}`;
      if (t.kind === 'delete' || (t.kind !== 'reference' && t.kind !== 'modify' && t.kind !== 'personnel')) continue;
      for (const d of deletes.get(target) ?? []) {
        if (d.planId === first.id) note(d, t, `${d.target} is removed by one plan and used by the other`);
      }
    }
  }
  return [...found.values()];
}
