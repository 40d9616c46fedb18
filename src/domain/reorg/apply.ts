import { type ChangeSet, emptyChangeSet } from '../force/change.js';
import {
  changeRelationship,
  createUnit,
  deactivateUnit,
  endRelationship,
  movePersonnel,
  setRoles,
  startRelationship,
  updateUnit,
} from '../force/operations.js';
import type { ForceTimeline } from '../force/timeline.js';
import type { Instant } from '../time/instant.js';
import type { PlanOperation } from './plan.js';

/**
 * The change one plan operation makes to `tl` when it takes effect at `at`: a thin mapping onto the force's own
 * operations, so a plan can do nothing a direct edit could not. Rename, re-symbol and re-echelon are updateUnit with a
 * patch restricted to those fields. Throws the C2Error the force operation throws.
 */
export function operationChange(tl: ForceTimeline, op: PlanOperation, at: Instant): ChangeSet {
  switch (op.op) {
    case 'createUnit':
      return createUnit(tl, { ...op.unit, valid: { from: at, to: null } });
    case 'renameUnit':
      return updateUnit(tl, op.unitId, at, { name: op.name, ...(op.shortName ? { shortName: op.shortName } : {}) });
    case 'resymbolUnit':
      return updateUnit(tl, op.unitId, at, { sidc: op.sidc });
    case 'reechelonUnit':
      return updateUnit(tl, op.unitId, at, { echelon: op.echelon, ...(op.sidc ? { sidc: op.sidc } : {}) });
    case 'deactivateUnit':
      return deactivateUnit(tl, op.unitId, at);
    case 'startRelationship': {
      const { until, ...relationship } = op.relationship;
      return startRelationship(tl, { ...relationship, valid: { from: at, to: until ?? null } });
    }
    case 'endRelationship':
      return endRelationship(tl, op.relationshipId, at);
    case 'changeRelationship':
      return changeRelationship(tl, op.relationshipId, at, op.patch, op.newId);
    case 'movePersonnel':
      return movePersonnel(tl, op.fromId, op.toId, op.count, at);
    case 'setRoles':
      return setRoles(tl, op.unitId, at, op.roles);
    case 'assignMission':
    case 'moveMission':
      // Missions are not force records: the mission layer (missions.ts) applies these on the projected structure.
      return emptyChangeSet();
  }
}
