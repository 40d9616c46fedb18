import type { Relationship } from '../command/relationship.js';
import type { DoctrineSettings } from '../command/settings.js';
import { validateForce } from '../command/validate.js';
import { C2Error, type Violation } from '../errors.js';
import { type ChangeSet, emptyChangeSet } from '../force/change.js';
import { projectTimeline } from '../force/overlay.js';
import type { ForceTimeline } from '../force/timeline.js';
import type { UnitSlice } from '../force/unit.js';
import type { Instant } from '../time/instant.js';
import { operationChange } from './apply.js';
import { composeChanges, touchedIds, touchedRecords } from './changes.js';
import { describeOperation, operationRefs, orderedPhases, type Phase, type Plan } from './plan.js';
import { EstablishedByIndex } from './scope.js';

/** A violation a plan introduces (or an operation that cannot be applied), naming the phase and operations. */
export interface PlanViolation extends Violation {
  phaseId: string;
  phaseName: string;
  effectiveDate: Instant;
  operationIds: string[];
}

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
  operations: OperationOutcome[];
  scope: ReadonlySet<string>;
  /** The scope and every unit one edge away from it: whose violations can share a unit with the scope's. */
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
  let chainKey = '';
  let diverged = false;
  for (const [k, phase] of orderedPhases(plan).entries()) {
    const content = JSON.stringify(phase);
    chainKey = hash(`${chainKey}\u0000${content}`);
    const old = prev?.phases[k];
    if (!diverged && old?.chainKey === chainKey) {
      phases.push(old);
      tl = old.projected;
      stats.phasesReused++;
      continue;
    }
    diverged = true;
    const evaluation = evaluatePhase({ base: tl, phase, content, chainKey, old, delta, index, validate, stats });
    phases.push(evaluation);
    tl = evaluation.projected;
  }
  const remaining = new Map<string, PlanViolation>();
  const failed: PlanViolation[] = [];
  for (const phase of phases) {
    failed.push(...phase.failed);
    for (const v of phase.resolved) remaining.delete(violationKey(v));
    for (const v of phase.introduced) remaining.set(violationKey(v), v);
  }
  const violations = [...failed, ...remaining.values()];
  const errors = violations.filter((v) => (v.severity ?? 'error') === 'error').length;
  return {
    base,
    settings,
    phases,
    projected: tl,
    violations,
    errors,
    warnings: violations.length - errors,
    stats,
    index,
  };
}

/** The whole plan as one change set against the evaluation's base (what execution commits). */
export function planChange(evaluation: PlanEvaluation): ChangeSet {
  return evaluation.phases.reduce((all, phase) => composeChanges(all, phase.change), emptyChangeSet());
}

interface PhaseInput {
  base: ForceTimeline;
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
  const affectedBefore = old ? index.affectedByRecords(old.base, delta) : new Set<string>();
  if (old && JSON.stringify(old.phase) === input.content && !readsAny(phase, delta)) {
    const affectedAfter = index.affectedByRecords(old.projected, delta);
    if (disjoint(old.neighbourhood, affectedBefore) && disjoint(old.neighbourhood, affectedAfter)) {
      stats.phasesReused++;
      const projected = isEmpty(old.change) ? base : projectTimeline(base, old.change);
      return { ...old, chainKey: input.chainKey, base, projected };
    }
  }
  stats.phasesRevalidated++;
  const { operations, change } = applyOperations(base, phase, index);
  const projected = isEmpty(change) ? base : projectTimeline(base, change);
  if (old) addDifferences(delta, old.operations, operations);
  const scope = new Set<string>();
  for (const outcome of operations) for (const id of outcome.scope) scope.add(id);
  let before: Violation[];
  let after: Violation[];
  if (old) {
    const gained = new Set([...scope].filter((id) => !old.scope.has(id)));
    const refresh = (cached: Violation[], tl: ForceTimeline, affected: Set<string>) =>
      dedupe([
        ...cached.filter((v) => meets(v, scope) && !meets(v, affected)),
        ...validate(tl, affected).filter((v) => meets(v, scope)),
        ...validate(tl, gained),
      ]);
    before = refresh(old.before, base, affectedBefore);
    after = refresh(old.after, projected, index.affectedByRecords(old.projected, delta));
  } else {
    before = validate(base, scope);
    after = validate(projected, scope);
  }
  const beforeKeys = new Set(before.map(violationKey));
  const afterKeys = new Set(after.map(violationKey));
  const attribute = (v: Violation): PlanViolation => ({
    ...v,
    phaseId: phase.id,
    phaseName: phase.name,
    effectiveDate: phase.effectiveDate,
    operationIds: causes(v, operations),
  });
  return {
    phase,
    chainKey: input.chainKey,
    base,
    projected,
    change,
    operations,
    scope,
    neighbourhood: neighbourhood(scope, [base, projected]),
    before,
    after,
    introduced: after.filter((v) => !beforeKeys.has(violationKey(v))).map(attribute),
    resolved: before.filter((v) => !afterKeys.has(violationKey(v))),
    failed: operations.flatMap((o) =>
      o.failure
        ? [
            {
              ...o.failure,
              phaseId: phase.id,
              phaseName: phase.name,
              effectiveDate: phase.effectiveDate,
              operationIds: [o.id],
            },
          ]
        : [],
    ),
  };
}

/** Applies a phase's operations in order, each on the structure the ones before it produced. */
function applyOperations(base: ForceTimeline, phase: Phase, index: EstablishedByIndex) {
  const operations: OperationOutcome[] = [];
  let change = emptyChangeSet();
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
      change = composeChanges(change, opChange);
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
  return { operations, change };
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
