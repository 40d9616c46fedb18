import { RELATIONSHIP_KINDS, type Relationship, SUPPORT_CATEGORIES } from '../command/relationship.js';
import { C2Error, type Violation } from '../errors.js';
import { type Instant, toInstant } from '../time/instant.js';
import { type ChangeSet, emptyChangeSet } from './change.js';
import { sameValue } from './fields.js';
import { amplifierToEchelon, withEchelon } from './sidc.js';
import type { ForceTimeline } from './timeline.js';
import type { UnitRole, UnitSlice } from './unit.js';
import { intervalViolations, throwIfAny, validateUnitSlice } from './validate-unit.js';

/**
 * Pure operations: each turns what a user means into a ChangeSet against a timeline (current, past or projected)
 * and never changes the timeline. Bad input throws a C2Error naming the unit or relationship and the field.
 */

export type UnitPatch = Partial<Omit<UnitSlice, 'id' | 'valid'>>;
export type RelationshipPatch = Partial<Omit<Relationship, 'id' | 'valid'>>;

const UNIT_FIELDS = new Set<string>([
  'name',
  'shortName',
  'nation',
  'service',
  'echelon',
  'sidc',
  'homeStation',
  'personnel',
  'roles',
  'label',
  'sources',
  'notes',
]);
const RELATIONSHIP_FIELDS = new Set<string>([
  'kind',
  'superiorId',
  'subordinateId',
  'basis',
  'transfer',
  'supportCategory',
  'establishedBy',
  'label',
  'notes',
]);

export function createUnit(tl: ForceTimeline, slice: UnitSlice): ChangeSet {
  validateUnitSlice(slice);
  if (tl.unitSlices(slice.id).length > 0) {
    throw error('C2_DUPLICATE_ID', `unit id '${slice.id}' is already in use`, 'id', { units: [slice.id] });
  }
  return { ...emptyChangeSet(), insertUnitSlices: [slice] };
}

/**
 * Changes a unit's attributes from `effectiveFrom` on: the slice valid then is split there, and the patch applies to
 * it and to later slices. Choice: each patched field carries forward only until the field's next recorded change
 * (a later slice where it already differs from its value at `effectiveFrom`), so correcting a name today does not
 * undo a rename already planned for next year. Changing the echelon also sets the SIDC's echelon amplifier.
 */
export function updateUnit(tl: ForceTimeline, unitId: string, effectiveFrom: Instant, patch: UnitPatch): ChangeSet {
  const from = toInstant(effectiveFrom, 'effectiveFrom');
  checkPatch(patch, UNIT_FIELDS, `unit ${unitId}`);
  const before = requireUnitAt(tl, unitId, from);
  const carrying = new Set(Object.keys(patch) as Array<keyof UnitPatch>);
  return reslice(tl, unitId, from, (slice) => {
    const next: UnitSlice = { ...slice };
    let changed = false;
    for (const field of [...carrying]) {
      if (!sameValue(slice[field], before[field])) {
        carrying.delete(field);
        continue;
      }
      if (sameValue(slice[field], patch[field])) continue;
      Object.assign(next, { [field]: patch[field] });
      changed = true;
    }
    if (changed && patch.echelon && !patch.sidc && amplifierToEchelon(next.sidc.slice(8, 10))) {
      next.sidc = withEchelon(next.sidc, next.echelon);
    }
    return changed ? next : slice;
  });
}

/** Ends a unit at `at` (its later slices are dropped) and ends, or cancels if not yet begun, every edge touching it. */
export function deactivateUnit(tl: ForceTimeline, unitId: string, effectiveAt: Instant): ChangeSet {
  const at = toInstant(effectiveAt, 'at');
  requireUnitAt(tl, unitId, at);
  const change = emptyChangeSet();
  for (const slice of tl.unitSlices(unitId)) {
    if (slice.valid.to !== null && slice.valid.to <= at) continue;
    change.retireUnitSlices.push({ id: unitId, validFrom: slice.valid.from });
    if (slice.valid.from < at) change.insertUnitSlices.push({ ...slice, valid: { from: slice.valid.from, to: at } });
  }
  const edges = new Map<string, Relationship>();
  for (const edge of [...tl.superiorEdges(unitId), ...tl.subordinateEdges(unitId)]) edges.set(edge.id, edge);
  for (const edge of edges.values()) {
    if (edge.valid.to !== null && edge.valid.to <= at) continue;
    addChange(change, endOrCancel(edge, at));
  }
  return change;
}

export function startRelationship(tl: ForceTimeline, relationship: Relationship): ChangeSet {
  throwIfAny(relationshipViolations(tl, relationship));
  if (tl.relationship(relationship.id)) {
    throw error('C2_DUPLICATE_ID', `relationship id '${relationship.id}' is already in use`, 'id', {
      relationshipIds: [relationship.id],
    });
  }
  return { ...emptyChangeSet(), insertRelationships: [relationship] };
}

/** Ends a relationship at `at`; ending it at its own start cancels it (the version is retired, nothing replaces it). */
export function endRelationship(tl: ForceTimeline, relationshipId: string, effectiveAt: Instant): ChangeSet {
  const at = toInstant(effectiveAt, 'at');
  const edge = requireRelationship(tl, relationshipId);
  if (at < edge.valid.from || (edge.valid.to !== null && at >= edge.valid.to)) {
    throw error(
      'C2_BAD_TIME',
      `relationship ${relationshipId} holds ${edge.valid.from}..${edge.valid.to ?? ''}; it cannot end at ${at}`,
      'at',
      { relationshipIds: [relationshipId] },
    );
  }
  return endOrCancel(edge, at);
}

/**
 * Changes a relationship from `at` on: the old one ends at `at` and a new one (old fields + patch) runs from `at` to
 * the old end. The new id is `newId`, else `${id}~YYYY-MM-DD`, else `${id}~<full instant>` if that is taken.
 */
export function changeRelationship(
  tl: ForceTimeline,
  relationshipId: string,
  effectiveAt: Instant,
  patch: RelationshipPatch,
  newId?: string,
): ChangeSet {
  const at = toInstant(effectiveAt, 'at');
  checkPatch(patch, RELATIONSHIP_FIELDS, `relationship ${relationshipId}`);
  const change = endRelationship(tl, relationshipId, at);
  const old = tl.relationship(relationshipId)!;
  const id =
    newId ?? [`${relationshipId}~${at.slice(0, 10)}`, `${relationshipId}~${at}`].find((c) => !tl.relationship(c))!;
  if (!id) {
    throw error(
      'C2_DUPLICATE_ID',
      `relationship ${relationshipId}: derived ids are taken; pass an explicit new id`,
      'id',
      {
        relationshipIds: [relationshipId],
      },
    );
  }
  addChange(change, startRelationship(tl, { ...old, ...patch, id, valid: { from: at, to: old.valid.to } }));
  return change;
}

/**
 * Moves `count` assigned personnel from one unit to another from `at` on: the count is subtracted from (added to)
 * the assigned figure of every slice from `at`, so later dated figures keep their own trend.
 */
export function movePersonnel(tl: ForceTimeline, fromId: string, toId: string, count: number, effectiveAt: Instant) {
  const at = toInstant(effectiveAt, 'at');
  if (!Number.isSafeInteger(count) || count <= 0) {
    throw error('C2_BAD_INPUT', `count '${count}' must be a positive whole number`, 'count', { units: [fromId, toId] });
  }
  if (fromId === toId)
    throw error('C2_BAD_INPUT', `cannot move personnel from unit ${fromId} to itself`, 'toId', { units: [fromId] });
  const giving = requireUnitAt(tl, fromId, at);
  requireUnitAt(tl, toId, at);
  if (giving.personnel.assigned === null) {
    throw error('C2_BAD_INPUT', `unit ${fromId} has no assigned personnel figure on ${at}`, 'personnel.assigned', {
      units: [fromId],
    });
  }
  const shift = (unitId: string, delta: number) =>
    reslice(tl, unitId, at, (slice) => {
      const assigned = (slice.personnel.assigned ?? 0) + delta;
      if (assigned < 0) {
        throw error(
          'C2_BAD_INPUT',
          `unit ${unitId} would have ${assigned} assigned personnel from ${maxInstant(slice.valid.from, at)}`,
          'count',
          { units: [unitId] },
        );
      }
      return { ...slice, personnel: { ...slice.personnel, assigned } };
    });
  const change = shift(fromId, -count);
  addChange(change, shift(toId, count));
  return change;
}

/** Sets a unit's role flags from `at` on (as updateUnit does for any field). */
export function setRoles(tl: ForceTimeline, unitId: string, at: Instant, roles: UnitRole[]): ChangeSet {
  return updateUnit(tl, unitId, at, { roles });
}

/** Problems with a relationship as input: fields, kind and category, both units known, interval shape. */
export function relationshipViolations(tl: ForceTimeline, edge: Relationship): Violation[] {
  const name = typeof edge?.id === 'string' && edge.id ? edge.id : '?';
  const out: Violation[] = [];
  const add = (code: Violation['code'], path: string, message: string) =>
    out.push({ code, path, message: `relationship ${name}: ${message}`, relationshipIds: [name] });
  for (const field of ['id', 'superiorId', 'subordinateId'] as const) {
    if (typeof edge[field] !== 'string' || edge[field].trim() === '')
      add('C2_BAD_INPUT', field, `${field} is required`);
  }
  if (!(RELATIONSHIP_KINDS as readonly string[]).includes(edge.kind)) {
    add('C2_BAD_INPUT', 'kind', `kind '${String(edge.kind)}' is not one of ${RELATIONSHIP_KINDS.join(', ')}`);
  }
  if (typeof edge.basis !== 'string') add('C2_BAD_INPUT', 'basis', 'basis (the order or agreement) must be text');
  if (edge.supportCategory !== undefined && !(SUPPORT_CATEGORIES as readonly string[]).includes(edge.supportCategory)) {
    add(
      'C2_BAD_INPUT',
      'supportCategory',
      `supportCategory '${edge.supportCategory}' is not one of ${SUPPORT_CATEGORIES.join(', ')}`,
    );
  }
  if (edge.transfer !== undefined && edge.transfer !== 'ASSIGNED' && edge.transfer !== 'ATTACHED') {
    add('C2_BAD_INPUT', 'transfer', `transfer '${String(edge.transfer)}' is not ASSIGNED or ATTACHED`);
  }
  for (const field of ['superiorId', 'subordinateId', 'establishedBy'] as const) {
    const unitId = edge[field];
    if (typeof unitId === 'string' && unitId && tl.unitSlices(unitId).length === 0) {
      add('C2_NOT_FOUND', field, `${field} '${unitId}' is not a known unit`);
    }
  }
  for (const violation of intervalViolations(edge.valid, 'valid'))
    add(violation.code, violation.path!, violation.message);
  if (!edge.label || typeof edge.label.classification !== 'string' || !Array.isArray(edge.label.caveats)) {
    add('C2_BAD_MARKING', 'label', 'label needs a classification and a caveats list');
  }
  return out;
}

/**
 * Splits the unit's slice that holds at `from` and passes the part from `from` on, and every later slice, through
 * `transform`; slices it returns unchanged (the same object) are left alone. Each resulting slice is validated.
 */
function reslice(
  tl: ForceTimeline,
  unitId: string,
  from: Instant,
  transform: (slice: UnitSlice) => UnitSlice,
): ChangeSet {
  const change = emptyChangeSet();
  for (const slice of tl.unitSlices(unitId)) {
    if (slice.valid.to !== null && slice.valid.to <= from) continue;
    const splits = slice.valid.from < from;
    const part = splits ? { ...slice, valid: { from, to: slice.valid.to } } : slice;
    const next = transform(part);
    if (next === part) continue;
    validateUnitSlice(next);
    change.retireUnitSlices.push({ id: unitId, validFrom: slice.valid.from });
    if (splits) change.insertUnitSlices.push({ ...slice, valid: { from: slice.valid.from, to: from } });
    change.insertUnitSlices.push(next);
  }
  return change;
}

function endOrCancel(edge: Relationship, at: Instant): ChangeSet {
  const change = { ...emptyChangeSet(), retireRelationships: [edge.id] };
  if (edge.valid.from < at) change.insertRelationships.push({ ...edge, valid: { from: edge.valid.from, to: at } });
  return change;
}

function addChange(into: ChangeSet, more: ChangeSet): void {
  into.retireUnitSlices.push(...more.retireUnitSlices);
  into.retireRelationships.push(...more.retireRelationships);
  into.insertUnitSlices.push(...more.insertUnitSlices);
  into.insertRelationships.push(...more.insertRelationships);
}

function requireUnitAt(tl: ForceTimeline, unitId: string, at: Instant): UnitSlice {
  const unit = tl.unitAt(unitId, at);
  if (unit) return unit;
  const known = tl.unitSlices(unitId).length > 0;
  throw error(
    'C2_NOT_FOUND',
    known ? `unit ${unitId} is not in existence on ${at}` : `no unit with id '${unitId}'`,
    'unitId',
    {
      units: [unitId],
    },
  );
}

function requireRelationship(tl: ForceTimeline, relationshipId: string): Relationship {
  const edge = tl.relationship(relationshipId);
  if (edge) return edge;
  throw error('C2_NOT_FOUND', `no relationship with id '${relationshipId}'`, 'relationshipId', {
    relationshipIds: [relationshipId],
  });
}

function checkPatch(patch: object, allowed: Set<string>, what: string): void {
  if (!patch || typeof patch !== 'object')
    throw error('C2_BAD_INPUT', `${what}: the patch must be an object`, 'patch', {});
  for (const field of Object.keys(patch)) {
    if (!allowed.has(field)) {
      throw error('C2_BAD_INPUT', `${what}: field '${field}' cannot be changed this way`, `patch.${field}`, {});
    }
  }
}

function maxInstant(a: Instant, b: Instant): Instant {
  return a > b ? a : b;
}

function error(
  code: Violation['code'],
  message: string,
  path: string,
  ids: { units?: string[]; relationshipIds?: string[] },
): C2Error {
  return new C2Error(code, message, [{ code, message, path, ...ids }]);
}
