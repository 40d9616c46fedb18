import type { Relationship } from '../command/relationship.js';
import type { DoctrineSettings } from '../command/settings.js';
import { validateForce } from '../command/validate.js';
import { C2Error, type Violation } from '../errors.js';
import { type ChangeSet, emptyChangeSet } from '../force/change.js';
import { projectTimeline } from '../force/overlay.js';
import type { ForceTimeline } from '../force/timeline.js';
import type { UnitSlice } from '../force/unit.js';
import { type Mission, missionDocument } from '../mission/mission.js';
import { operationChange } from './apply.js';
import { composeChanges, touchedIds, touchedRecords } from './changes.js';
import { evaluateMissions, type MissionLayer } from './missions.js';
import { describeOperation, operationRefs, orderedPhases, type Phase, type Plan, type PlanViolation } from './plan.js';
import { EstablishedByIndex } from './scope.js';

export type { PlanViolation } from './plan.js';

type Records = { slices: UnitSlice[]; relationships: Relationship[] };

export interface OperationOutcome {
  id: string;
  /** The change as JSON: a re-computation that yields the same key changed nothing. */
  key: string;
  change: ChangeSet | null;
  failure: Violation | null;
  /** Versions it retires (as they were) and inserts: what another outcome of it may differ in. */
  records: Records;
  touched: { units: Set<string>; relationships: Set<string> };
  /** Units whose violations it can alter (affectedUnits on the structure it applied to). */
  scope: Set<string>;
}

export interface PhaseEvaluation {
  phase: Phase;
  /** Hash of this phase and every phase before it: equal keys mean equal results on the same base. */
  chainKey: string;
  base: ForceTimeline;
  projected: ForceTimeline;
  change: ChangeSet;
  /** Every phase up to and including this one as one change on the plan's base: `projected` is the base under it. */
  cumulative: ChangeSet;
  operations: OperationOutcome[];
  scope: ReadonlySet<string>;
  /** The scope and every unit one edge away (a superset after incremental runs) from it: whose violations can share a unit with the scope's. */
  neighbourhood: ReadonlySet<string>;
  before: Violation[];
  after: Violation[];
  introduced: PlanViolation[];
  resolved: Violation[];
  failed: PlanViolation[];
}

export interface PlanEvaluation {
  base: ForceTimeline;
  settings: DoctrineSettings;
  phases: PhaseEvaluation[];
  /** The structure after the last phase. */
  projected: ForceTimeline;
  /** The plan's mission operations applied and the mission checks run at every phase. */
  missions: MissionLayer;
  /** Operations that failed, then introduced violations still present after the last phase, in phase order. */
  violations: PlanViolation[];
  errors: number;
  warnings: number;
  stats: { phasesReused: number; phasesRevalidated: number; unitsValidated: number };
  index: EstablishedByIndex;
}

/**
 * Projects a plan phase by phase over `base` and validates every phase: each phase's change is computed on the
 * structure all earlier phases produced, and doctrine is checked on the units the phase can affect, before and after,
 * so what it introduces and what it resolves are exact (validateForce/affectedUnits explain why a scope suffices).
 *
 * With `previous` (an evaluation of an earlier version of the plan on the same base) the work is incremental:
 * - phases before the first edited one are reused as they are (their chain key is unchanged);
 * - a later phase whose operations read nothing the edit changed, and whose neighbourhood the edit's effects do not
 *   reach, is reused without re-validation;
 * - any other phase re-validates only units the edit can affect plus units its own scope gained, and keeps the rest
 *   of its previous before/after violations.
 * Every difference between the previous and the new structures is accumulated as `delta` (the versions either
 * outcome of a changed operation touches); affectedUnits of those versions bounds which violations can differ.
 */
export function evaluatePlan(
  base: ForceTimeline,
  plan: Pick<Plan, 'phases'>,
  settings: DoctrineSettings,
  previous?: PlanEvaluation,
  missions: readonly Mission[] = [],
): PlanEvaluation {
  const prev = previous && previous.base === base && previous.settings === settings ? previous : undefined;
  const index = prev?.index ?? new EstablishedByIndex(base.allRelationships());
  const stats = { phasesReused: 0, phasesRevalidated: 0, unitsValidated: 0 };
  const validate = (tl: ForceTimeline, scope: ReadonlySet<string>) => {
    if (scope.size === 0) return [];
    stats.unitsValidated += scope.size;
    return validateForce(tl, settings, { unitIds: scope });
  };
  const delta: Records = { slices: [], relationships: [] };
  const phases: PhaseEvaluation[] = [];
  let tl = base;
  let cumulative = emptyChangeSet();
  let chainKey = '';
  let diverged = false;
  for (const [k, phase] of orderedPhases(plan).entries()) {
    const content = JSON.stringify(phase);
    chainKey = hash(`${chainKey}\u0000${content}`);
    const old = prev?.phases[k];
    if (!diverged && old?.chainKey === chainKey) {
      phases.push(old);
      tl = old.projected;
      cumulative = old.cumulative;
      stats.phasesReused++;
      continue;
    }
    diverged = true;
    const evaluation = evaluatePhase({
      planBase: base,
      base: tl,
      cumulative,
      phase,
      content,
      chainKey,
      old,
      delta,
      index,
      validate,
      stats,
    });
    phases.push(evaluation);
    tl = evaluation.projected;
    cumulative = evaluation.cumulative;
  }
  const remaining = new Map<string, PlanViolation>();
  const failed: PlanViolation[] = [];
  for (const phase of phases) {
    failed.push(...phase.failed);
    for (const v of phase.resolved) remaining.delete(violationKey(v));
    // A finding still open keeps the phase that introduced it, with its wording as the latest phase states it
    // (a later phase can narrow its span or rename a unit it names).
    for (const v of phase.after) {
      const open = remaining.get(violationKey(v));
      if (open) remaining.set(violationKey(v), { ...open, message: v.message });
    }
    for (const v of phase.introduced) remaining.set(violationKey(v), v);
  }
  const steps = phases.map((p) => ({ ...p, causes: (v: Violation) => causes(v, p.operations) }));
  const missionLayer = evaluateMissions(steps, missions, settings);
  const violations = [...failed, ...missionLayer.failed, ...remaining.values(), ...missionLayer.open];
  const errors = violations.filter((v) => (v.severity ?? 'error') === 'error').length;
  return {
    base,
    settings,
    phases,
    projected: tl,
    missions: missionLayer,
    violations,
    errors,
    warnings: violations.length - errors,
    stats,
    index,
  };
}

/** The whole plan as one change set against the evaluation's base (what execution commits), mission documents included. */
export function planChange(evaluation: PlanEvaluation): ChangeSet {
  const change = evaluation.phases.at(-1)?.cumulative ?? emptyChangeSet();
  const documents = evaluation.missions.written.map((mission) => missionDocument(mission));
  return documents.length > 0 ? { ...change, putDocuments: [...(change.putDocuments ?? []), ...documents] } : change;
}

interface PhaseInput {
  planBase: ForceTimeline;
  /** The structure all earlier phases produced, and the change that takes the plan's base there. */
  base: ForceTimeline;
  cumulative: ChangeSet;
  phase: Phase;
  content: string;
  chainKey: string;
  old: PhaseEvaluation | undefined;
  delta: Records;
  index: EstablishedByIndex;
  validate: (tl: ForceTimeline, scope: ReadonlySet<string>) => Violation[];
  stats: PlanEvaluation['stats'];
}

function evaluatePhase(input: PhaseInput): PhaseEvaluation {
  const { base, phase, old, delta, index, validate, stats } = input;
  if (!old) {
    stats.phasesRevalidated++;
    const { operations, change } = applyOperations(base, phase, index);
    const { projected, cumulative } = project(input, change);
    const scope = union(operations.map((o) => o.scope));
    const outcome = { operations, change, projected, cumulative, scope };
    return finish(
      input,
      outcome,
      validate(base, scope),
      validate(projected, scope),
      neighbourhood(scope, [base, projected]),
    );
  }
  const affectedBefore = index.affectedByRecords(old.base, delta);
  const unchanged = JSON.stringify(old.phase) === input.content && !readsAny(phase, delta);
  let outcome: Outcome;
  if (unchanged) {
    // The operations read nothing the edit touched, so they make the same change; only their surroundings moved.
    const affectedAfter = index.affectedByRecords(old.projected, delta);
    const moved = { operations: old.operations, change: old.change, ...project(input, old.change) };
    if (disjoint(old.neighbourhood, affectedBefore) && disjoint(old.neighbourhood, affectedAfter)) {
      stats.phasesReused++;
      return { ...old, ...moved, chainKey: input.chainKey, base };
    }
    // A walk from the phase's scope can now run through an edited edge only where the scope meets the edit's.
    const scope = disjoint(old.scope, affectedBefore) ? old.scope : union([old.scope, affectedBefore]);
    outcome = { ...moved, scope };
  } else {
    const { operations, change } = applyOperations(base, phase, index);
    addDifferences(delta, old.operations, operations);
    outcome = { operations, change, ...project(input, change), scope: union(operations.map((o) => o.scope)) };
  }
  stats.phasesRevalidated++;
  const { scope, projected } = outcome;
  const gained = new Set([...scope].filter((id) => !old.scope.has(id)));
  const refresh = (cached: Violation[], tl: ForceTimeline, affected: Set<string>) =>
    dedupe([
      ...cached.filter((v) => meets(v, scope) && !meets(v, affected)),
      ...validate(tl, affected).filter((v) => meets(v, scope)),
      ...validate(tl, gained),
    ]);
  // Adjacency changed only at units an edit touched: the old neighbourhood plus theirs (and the gained units') covers it.
  const touched = touchedIds(delta).units;
  const changedHere = [...gained, ...[...scope].filter((id) => touched.has(id))];
  const around = union([old.neighbourhood, neighbourhood(new Set(changedHere), [base, projected])]);
  const after = refresh(old.after, projected, index.affectedByRecords(old.projected, delta));
  return finish(input, outcome, refresh(old.before, base, affectedBefore), after, around);
}

interface Outcome {
  operations: OperationOutcome[];
  change: ChangeSet;
  projected: ForceTimeline;
  cumulative: ChangeSet;
  scope: ReadonlySet<string>;
}

function finish(
  input: PhaseInput,
  outcome: Outcome,
  before: Violation[],
  after: Violation[],
  around: ReadonlySet<string>,
): PhaseEvaluation {
  const { phase } = input;
  const beforeKeys = new Set(before.map(violationKey));
  const afterKeys = new Set(after.map(violationKey));
  const attribute = (v: Violation, operationIds = causes(v, outcome.operations)): PlanViolation => ({
    ...v,
    phaseId: phase.id,
    phaseName: phase.name,
    effectiveDate: phase.effectiveDate,
    operationIds,
  });
  return {
    ...outcome,
    phase,
    chainKey: input.chainKey,
    base: input.base,
    neighbourhood: around,
    before,
    after,
    introduced: after.filter((v) => !beforeKeys.has(violationKey(v))).map((v) => attribute(v)),
    resolved: before.filter((v) => !afterKeys.has(violationKey(v))),
    failed: outcome.operations.flatMap((o) => (o.failure ? [attribute(o.failure, [o.id])] : [])),
  };
}

function union(sets: Iterable<ReadonlySet<string>>): Set<string> {
  const out = new Set<string>();
  for (const set of sets) for (const id of set) out.add(id);
  return out;
}

/**
 * The structure after a phase, as one overlay on the plan's base rather than one more layer on the last phase's:
 * validation reads through every layer, so a flat overlay keeps reads as cheap in the tenth phase as in the first.
 */
function project(input: PhaseInput, change: ChangeSet): { projected: ForceTimeline; cumulative: ChangeSet } {
  if (isEmpty(change)) return { projected: input.base, cumulative: input.cumulative };
  const cumulative = composeChanges(input.cumulative, change);
  return { projected: projectTimeline(input.planBase, cumulative), cumulative };
}

/** Applies a phase's operations in order, each on the structure the ones before it produced. */
function applyOperations(base: ForceTimeline, phase: Phase, index: EstablishedByIndex) {
  const operations: OperationOutcome[] = [];
  let current = base;
  for (const op of phase.operations) {
    try {
      const opChange = operationChange(current, op, phase.effectiveDate);
      const next = projectTimeline(current, opChange);
      for (const edge of opChange.insertRelationships) index.add(edge);
      const records = touchedRecords(current, opChange);
      operations.push({
        id: op.id,
        key: JSON.stringify(opChange),
        change: opChange,
        failure: null,
        records,
        touched: touchedIds(records),
        scope: index.affected(current, opChange),
      });
      current = next;
    } catch (error) {
      if (!(error instanceof C2Error)) throw error;
      const first = error.violations[0];
      const failure: Violation = {
        code: error.code,
        message: `operation ${op.id} (${describeOperation(op)}) cannot be applied: ${error.message}`,
        units: first?.units ?? operationRefs(op).units,
        relationshipIds: first?.relationshipIds ?? [],
        ...(first?.path ? { path: first.path } : {}),
      };
      const none = { slices: [], relationships: [] };
      operations.push({
        id: op.id,
        key: `failed:${error.code}:${error.message}`,
        change: null,
        failure,
        records: none,
        touched: touchedIds(none),
        scope: new Set(),
      });
    }
  }
  return { operations, change: composeChanges(...operations.flatMap((o) => (o.change ? [o.change] : []))) };
}

/** Adds to `delta` the versions of every operation whose outcome differs between the two computations. */
function addDifferences(delta: Records, oldOps: OperationOutcome[], newOps: OperationOutcome[]): void {
  const oldById = new Map(oldOps.map((o) => [o.id, o]));
  const add = (outcome: OperationOutcome | undefined) => {
    if (!outcome) return;
    delta.slices.push(...outcome.records.slices);
    delta.relationships.push(...outcome.records.relationships);
  };
  for (const outcome of newOps) {
    const before = oldById.get(outcome.id);
    oldById.delete(outcome.id);
    if (before?.key === outcome.key) continue;
    add(before);
    add(outcome);
  }
  for (const gone of oldById.values()) add(gone);
}

/** Whether any operation of the phase names a record `delta` touches (an operation reads only what it names). */
function readsAny(phase: Phase, delta: Records): boolean {
  if (delta.slices.length === 0 && delta.relationships.length === 0) return false;
  const touched = touchedIds(delta);
  return phase.operations.some((op) => {
    const refs = operationRefs(op);
    if (refs.units.some((id) => touched.units.has(id))) return true;
    // changeRelationship also probes `${id}~…` for a free derived id.
    return refs.relationships.some(
      (id) => touched.relationships.has(id) || [...touched.relationships].some((t) => t.startsWith(`${id}~`)),
    );
  });
}

/** The operations a violation points at: those that touched one of its units or relationships, else those whose scope holds one of its units. */
function causes(v: Violation, operations: OperationOutcome[]): string[] {
  const units = v.units ?? [];
  const relationships = v.relationshipIds ?? [];
  const direct = operations.filter(
    (o) => units.some((id) => o.touched.units.has(id)) || relationships.some((id) => o.touched.relationships.has(id)),
  );
  const found = direct.length > 0 ? direct : operations.filter((o) => units.some((id) => o.scope.has(id)));
  return found.map((o) => o.id);
}

function neighbourhood(scope: ReadonlySet<string>, timelines: ForceTimeline[]): Set<string> {
  const out = new Set(scope);
  for (const id of scope) {
    for (const tl of timelines) {
      for (const e of tl.superiorEdges(id)) out.add(e.superiorId);
      for (const e of tl.subordinateEdges(id)) out.add(e.subordinateId);
    }
  }
  return out;
}

/**
 * Identity of a violation across structures: the rule and the records, not the message. Messages carry unit names and
 * spans, which a rename or a slice split by any plan operation changes while the breach stays the one it was; so a
 * plan is charged only with breaches of a rule by records that did not breach it before.
 */
export function violationKey(v: Violation): string {
  return [
    v.code,
    v.severity ?? 'error',
    [...(v.units ?? [])].sort().join(','),
    [...(v.relationshipIds ?? [])].sort().join(','),
  ].join('\u0000');
}

function meets(v: Violation, units: ReadonlySet<string>): boolean {
  return (v.units ?? []).some((id) => units.has(id));
}

function disjoint(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const id of small) if (large.has(id)) return false;
  return true;
}

function dedupe(violations: Violation[]): Violation[] {
  const seen = new Map<string, Violation>();
  for (const v of violations) seen.set(`${violationKey(v)}\u0000${v.message}`, v);
  return [...seen.values()];
}

function isEmpty(change: ChangeSet): boolean {
  return (
    change.retireUnitSlices.length === 0 &&
    change.retireRelationships.length === 0 &&
    change.insertUnitSlices.length === 0 &&
    change.insertRelationships.length === 0
  );
}

/** cyrb53: a fast 53-bit string hash; keys caches, not security. */
export function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
