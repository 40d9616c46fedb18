import type { Relationship } from '../command/relationship.js';
import type { Violation } from '../errors.js';
import type { RelationshipPatch } from '../force/operations.js';
import type { Echelon, UnitRole, UnitSlice } from '../force/unit.js';
import type { Areal } from '../geo/area.js';
import type { Mission, SupportingCommand } from '../mission/mission.js';
import type { SecurityLabel } from '../security/label.js';
import type { Instant } from '../time/instant.js';

/**
 * A reorganization plan: ordered phases, each with an effective date and operations. Every operation takes effect at
 * its phase's date and carries an id, so a violation or conflict can name the operation that caused it.
 */
export const PLAN_STATES = ['DRAFT', 'PROPOSED', 'APPROVED', 'EXECUTED', 'ROLLED_BACK'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

interface OperationBase {
  id: string;
  /** Why, or where the figure comes from; 'notional' marks what is not public. */
  note?: string;
}

export type PlanOperation = OperationBase &
  (
    | { op: 'createUnit'; unit: Omit<UnitSlice, 'valid'> }
    | { op: 'renameUnit'; unitId: string; name: string; shortName?: string }
    | { op: 'resymbolUnit'; unitId: string; sidc: string }
    | { op: 'reechelonUnit'; unitId: string; echelon: Echelon; sidc?: string }
    | { op: 'deactivateUnit'; unitId: string }
    | { op: 'startRelationship'; relationship: Omit<Relationship, 'valid'> & { until?: Instant | null } }
    | { op: 'endRelationship'; relationshipId: string }
    | { op: 'changeRelationship'; relationshipId: string; patch: RelationshipPatch; newId?: string }
    | { op: 'movePersonnel'; fromId: string; toId: string; count: number }
    | { op: 'setRoles'; unitId: string; roles: UnitRole[] }
    | { op: 'assignMission'; mission: Omit<Mission, 'valid' | 'follows'> & { until?: Instant | null } }
    | {
        op: 'moveMission';
        missionId: string;
        lead?: string;
        supporting?: SupportingCommand[];
        area?: Areal;
        /** The successor's id when the mission is already running at the phase date (default `${missionId}~YYYY-MM-DD`). */
        newId?: string;
      }
  );

export type OperationKind = PlanOperation['op'];

/** A violation a plan introduces (or an operation that cannot be applied), naming the phase and operations. */
export interface PlanViolation extends Violation {
  phaseId: string;
  phaseName: string;
  effectiveDate: Instant;
  operationIds: string[];
  /** Set on mission check findings: the missions it concerns. */
  missionIds?: string[];
}

export const OPERATION_KINDS: readonly OperationKind[] = [
  'createUnit',
  'renameUnit',
  'resymbolUnit',
  'reechelonUnit',
  'deactivateUnit',
  'startRelationship',
  'endRelationship',
  'changeRelationship',
  'movePersonnel',
  'setRoles',
  'assignMission',
  'moveMission',
];

export interface Phase {
  id: string;
  name: string;
  effectiveDate: Instant;
  operations: PlanOperation[];
}

export type PlanAction = 'create' | 'edit' | 'propose' | 'withdraw' | 'approve' | 'execute' | 'rollback';

export interface PlanHistoryEntry {
  at: Instant;
  actor: string;
  action: PlanAction;
  from: PlanState | null;
  to: PlanState;
  note?: string;
}

/**
 * What execution changed, kept so rollback can restore the exact prior records: the keys of the versions it
 * inserted and the full records it retired.
 */
export interface ExecutionRecord {
  insertedUnitSlices: Array<{ id: string; validFrom: Instant }>;
  insertedRelationships: string[];
  retiredUnitSlices: UnitSlice[];
  retiredRelationships: Relationship[];
  /** Missions it created (as written) and the prior versions of missions it changed (absent before missions were planned). */
  missions?: { inserted: Mission[]; replaced: Mission[] };
}

export interface Plan {
  id: string;
  title: string;
  description: string;
  label: SecurityLabel;
  state: PlanState;
  phases: Phase[];
  history: PlanHistoryEntry[];
  execution?: ExecutionRecord;
  /** Store transaction that executed the plan (set on the views read back from the store). */
  executedTx?: number;
  /** Store transaction that rolled it back. */
  rollbackTx?: number;
}

/** Phases in effective-date order; phases on the same date keep their written order. */
export function orderedPhases(plan: Pick<Plan, 'phases'>): Phase[] {
  return plan.phases
    .map((phase, index) => ({ phase, index }))
    .sort((a, b) =>
      a.phase.effectiveDate < b.phase.effectiveDate
        ? -1
        : a.phase.effectiveDate > b.phase.effectiveDate
          ? 1
          : a.index - b.index,
    )
    .map(({ phase }) => phase);
}

export interface OperationRefs {
  units: string[];
  relationships: string[];
  missions: string[];
}

/** Records an operation names: what must be readable to see it, and what another plan may collide with. */
export function operationRefs(op: PlanOperation): OperationRefs {
  const refs = (units: string[], relationships: string[] = [], missions: string[] = []) => ({
    units,
    relationships,
    missions,
  });
  switch (op.op) {
    case 'createUnit':
      return refs([op.unit.id]);
    case 'renameUnit':
    case 'resymbolUnit':
    case 'reechelonUnit':
    case 'deactivateUnit':
    case 'setRoles':
      return refs([op.unitId]);
    case 'startRelationship': {
      const r = op.relationship;
      return refs([r.superiorId, r.subordinateId, ...(r.establishedBy ? [r.establishedBy] : [])], [r.id]);
    }
    case 'endRelationship':
      return refs([], [op.relationshipId]);
    case 'changeRelationship': {
      const units = [op.patch.superiorId, op.patch.subordinateId, op.patch.establishedBy].filter(
        (id): id is string => typeof id === 'string',
      );
      return refs(units, [op.relationshipId, ...(op.newId ? [op.newId] : [])]);
    }
    case 'movePersonnel':
      return refs([op.fromId, op.toId]);
    case 'assignMission': {
      const m = op.mission;
      return refs(missionUnits(m.lead ?? undefined, m.supporting, m.forces), [], [m.id]);
    }
    case 'moveMission':
      return refs(missionUnits(op.lead, op.supporting), [], [op.missionId, ...(op.newId ? [op.newId] : [])]);
  }
}

function missionUnits(lead: string | undefined, supporting: SupportingCommand[] = [], forces: string[] = []): string[] {
  return [...new Set([...(lead ? [lead] : []), ...supporting.map((s) => s.unitId), ...forces])];
}

/** Ids an operation brings into being (a new unit, relationship or mission, a re-issued one's new id). */
export function operationCreates(op: PlanOperation): string[] {
  if (op.op === 'createUnit') return [op.unit.id];
  if (op.op === 'startRelationship') return [op.relationship.id];
  if (op.op === 'changeRelationship' && op.newId) return [op.newId];
  if (op.op === 'assignMission') return [op.mission.id];
  if (op.op === 'moveMission' && op.newId) return [op.newId];
  return [];
}

/** Labels an operation writes (a created unit's, relationship's or mission's own label). */
export function operationLabels(op: PlanOperation): SecurityLabel[] {
  if (op.op === 'createUnit') return [op.unit.label];
  if (op.op === 'startRelationship') return [op.relationship.label];
  if (op.op === 'changeRelationship' && op.patch.label) return [op.patch.label];
  if (op.op === 'assignMission') return [op.mission.label];
  return [];
}

/** A one-line description of an operation, as the CLI, the report and violation messages print it. */
export function describeOperation(op: PlanOperation): string {
  switch (op.op) {
    case 'createUnit':
      return `create ${op.unit.shortName} (${op.unit.id})`;
    case 'renameUnit':
      return `rename ${op.unitId} to ${op.name}${op.shortName ? ` (${op.shortName})` : ''}`;
    case 'resymbolUnit':
      return `re-symbol ${op.unitId} as ${op.sidc}`;
    case 'reechelonUnit':
      return `re-echelon ${op.unitId} as ${op.echelon}`;
    case 'deactivateUnit':
      return `deactivate ${op.unitId}`;
    case 'startRelationship': {
      const r = op.relationship;
      return `start ${r.kind} ${r.superiorId} → ${r.subordinateId}${r.until ? ` until ${r.until.slice(0, 10)}` : ''}`;
    }
    case 'endRelationship':
      return `end ${op.relationshipId}`;
    case 'changeRelationship':
      return `change ${op.relationshipId}: ${Object.keys(op.patch).join(', ')}`;
    case 'movePersonnel':
      return `move ${op.count} personnel ${op.fromId} → ${op.toId}`;
    case 'setRoles':
      return `set roles of ${op.unitId} to ${op.roles.join(', ') || 'none'}`;
    case 'assignMission':
      return `assign mission ${op.mission.id} to ${op.mission.lead ?? '(no lead)'}`;
    case 'moveMission': {
      const what = [
        ...(op.lead ? [`lead to ${op.lead}`] : []),
        ...(op.supporting ? [`supporting to ${op.supporting.map((s) => s.unitId).join(', ') || 'none'}`] : []),
        ...(op.area ? ['area'] : []),
      ];
      return `move mission ${op.missionId}: ${what.join('; ')}`;
    }
  }
}
