import type { Relationship } from '../src/domain/command/relationship.js';
import { DEFAULT_DOCTRINE } from '../src/domain/command/settings.js';
import { generateForce, mulberry32 } from '../src/domain/force/generate.js';
import { IndexedTimeline } from '../src/domain/force/indexed-timeline.js';
import type { ForceTimeline } from '../src/domain/force/timeline.js';
import { evaluatePlan, type PlanEvaluation, violationKey } from '../src/domain/reorg/evaluate.js';
import type { Phase, PlanOperation } from '../src/domain/reorg/plan.js';
import { contains } from '../src/domain/time/interval.js';
import { fmt, heading, report, time } from './measure.js';

/**
 * Issue 3's bar: a 1,000-operation plan over the 100,000-unit generated force. Validating the plan from scratch (no
 * cache) beside re-validating it after one operation is edited, in the same run, for edits in early, middle and late
 * phases. Each incremental result is checked against a from-scratch validation of the edited plan.
 */
export async function run(options: { units?: number; operations?: number; phases?: number } = {}): Promise<void> {
  const unitCount = options.units ?? 100_000;
  const opCount = options.operations ?? 1_000;
  const phaseCount = options.phases ?? 10;
  heading(`Plans: ${opCount.toLocaleString('en-US')}-operation plan over ${unitCount.toLocaleString('en-US')} units`);
  const generated = time(() => generateForce({ units: unitCount, seed: 7 }));
  const base = IndexedTimeline.build(generated.result.units, generated.result.relationships);
  console.log(
    `generated ${generated.result.units.length.toLocaleString('en-US')} unit slices, ${generated.result.relationships.length.toLocaleString('en-US')} relationships in ${fmt(generated.ms, 0)} ms`,
  );
  const phases = generatePlan(base, opCount, phaseCount, 11);

  const scratch = time(() => evaluatePlan(base, { phases }, DEFAULT_DOCTRINE));
  const failed = scratch.result.phases.reduce((n, p) => n + p.failed.length, 0);
  console.log(
    `from scratch: ${fmt(scratch.ms, 0)} ms; ${scratch.result.stats.unitsValidated.toLocaleString('en-US')} unit checks; ${failed} operation(s) failed; ${scratch.result.errors} error(s), ${scratch.result.warnings} warning(s) introduced`,
  );

  // Three edits in turn (early, middle, late phase), each re-validated from the evaluation before it; then the final
  // plan once from scratch: the second baseline, and the check that the incremental findings are exact.
  let previous = scratch.result;
  let edited = phases;
  const runs: Array<{ phase: number; ms: number; stats: PlanEvaluation['stats'] }> = [];
  for (const phaseIndex of [0, Math.floor(phaseCount / 2), phaseCount - 1]) {
    edited = editOne(edited, phaseIndex);
    const incremental = time(() => evaluatePlan(base, { phases: edited }, DEFAULT_DOCTRINE, previous));
    runs.push({ phase: phaseIndex + 1, ms: incremental.ms, stats: incremental.result.stats });
    previous = incremental.result;
  }
  const full = time(() => evaluatePlan(base, { phases: edited }, DEFAULT_DOCTRINE));
  const same = sameFindings(previous, full.result);
  const scratchMs = (scratch.ms + full.ms) / 2;
  console.log(`from scratch again after the edits: ${fmt(full.ms, 0)} ms; baseline below is the mean of both runs`);
  for (const { phase, ms, stats } of runs) {
    report(
      `re-validate after editing 1 op in phase ${phase} (ms)`,
      fmt(ms, 1),
      `${fmt(scratchMs, 0)} scratch`,
      scratchMs / ms,
      {
        min: 20,
        label: '≥ 20x',
      },
    );
    console.log(
      `   reused ${stats.phasesReused} phase(s), re-validated ${stats.phasesRevalidated}, ${stats.unitsValidated} unit checks`,
    );
  }
  console.log(`incremental findings identical to validation from scratch: ${same ? 'yes' : 'NO'}`);
  if (!same) throw new Error('incremental validation differs from validation from scratch');
}

/** Findings of two evaluations, compared by rule, records and message, phase by phase. */
function sameFindings(a: PlanEvaluation, b: PlanEvaluation): boolean {
  const key = (e: PlanEvaluation) =>
    e.phases
      .map((p) =>
        [...p.introduced, ...p.resolved, ...p.failed]
          .map((v) => `${violationKey(v)}|${v.message}`)
          .sort()
          .join('\n'),
      )
      .join('\n--\n');
  return key(a) === key(b) && a.errors === b.errors && a.warnings === b.warnings;
}

/** A copy of the plan with one operation of one phase changed: a rename's name, or a personnel move's count. */
export function editOne(phases: Phase[], phaseIndex: number): Phase[] {
  return phases.map((phase, i) => {
    if (i !== phaseIndex) return phase;
    const at = phase.operations.findIndex((op) => op.op === 'renameUnit' || op.op === 'movePersonnel');
    const operations = phase.operations.map((op, j): PlanOperation => {
      if (j !== at) return op;
      if (op.op === 'renameUnit') return { ...op, name: `${op.name} (edited)` };
      if (op.op === 'movePersonnel') return { ...op, count: op.count > 1 ? op.count - 1 : op.count + 1 };
      return op;
    });
    return { ...phase, operations };
  });
}

/**
 * A plan a staff could write over a generated force: renames, personnel moves, new coordination links, re-issued
 * OPCON orders and ended coordination/support links, spread over phases a quarter apart, each on units that exist then.
 */
export function generatePlan(tl: ForceTimeline, opCount: number, phaseCount: number, seed: number): Phase[] {
  const random = mulberry32(seed);
  const ids = [...tl.unitIds()];
  const edges = [...tl.allRelationships()];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const usedEdges = new Set<string>();
  const phases: Phase[] = [];
  let n = 0;
  for (let p = 0; p < phaseCount; p++) {
    const effectiveDate = new Date(Date.UTC(2026, p * 3, 1)).toISOString();
    const operations: PlanOperation[] = [];
    const unitAt = (id: string) => tl.unitAt(id, effectiveDate);
    const holdingEdge = (kinds: string[]): Relationship | undefined => {
      for (let tries = 0; tries < 50; tries++) {
        const edge = pick(edges);
        if (kinds.includes(edge.kind) && contains(edge.valid, effectiveDate) && !usedEdges.has(edge.id)) {
          usedEdges.add(edge.id);
          return edge;
        }
      }
      return undefined;
    };
    while (operations.length < Math.round(opCount / phaseCount)) {
      const id = `op-${++n}`;
      const roll = random();
      const unitId = pick(ids);
      const unit = unitAt(unitId);
      if (!unit) continue;
      if (roll < 0.3) operations.push({ id, op: 'renameUnit', unitId, name: `${unit.name} (reorganized ${p + 1})` });
      else if (roll < 0.5) {
        const to = pick(ids);
        if (to === unitId || !unitAt(to) || (unit.personnel.assigned ?? 0) < 10) continue;
        operations.push({ id, op: 'movePersonnel', fromId: unitId, toId: to, count: 1 + Math.floor(random() * 5) });
      } else if (roll < 0.7) {
        const peer = pick(ids);
        if (peer === unitId || unitAt(peer)?.nation !== unit.nation) continue;
        operations.push({
          id,
          op: 'startRelationship',
          relationship: {
            id: `plan-coord-${n}`,
            kind: 'COORDINATION',
            superiorId: unitId,
            subordinateId: peer,
            basis: 'Plan coordination',
            label: unit.label,
          },
        });
      } else if (roll < 0.85) {
        const edge = holdingEdge(['OPCON']);
        if (!edge) continue;
        operations.push({
          id,
          op: 'changeRelationship',
          relationshipId: edge.id,
          patch: { basis: `Re-issued order ${n}` },
        });
      } else {
        const edge = holdingEdge(['COORDINATION', 'SUPPORT']);
        if (!edge) continue;
        operations.push({ id, op: 'endRelationship', relationshipId: edge.id });
      }
    }
    phases.push({ id: `phase-${p + 1}`, name: `Phase ${p + 1}`, effectiveDate, operations });
  }
  return phases;
}
