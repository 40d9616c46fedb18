import type { Violation } from '../errors.js';
import type { ChangeSet } from '../force/change.js';
import type { ForceTimeline } from '../force/timeline.js';
import type { Relationship } from './relationship.js';
import { adconInService, adconMissing } from './rules/adcon.js';
import { crossNationCommand, foreignOpcon, ncaNotSubordinate } from './rules/alliance.js';
import { assignment } from './rules/assignment.js';
import { attachment } from './rules/attachment.js';
import { Chains, WALKED_KINDS } from './rules/chain.js';
import { cocomDelegated, cocomHolder } from './rules/cocom.js';
import type { Rule, RuleContext } from './rules/context.js';
import { coordinationNoTasking } from './rules/coordination.js';
import { chainCycle } from './rules/cycle.js';
import { opconHolderAnchored, spanOfControl } from './rules/staffing.js';
import { supportCommonSuperior, supportComplete } from './rules/support.js';
import { taconWithinOpcon } from './rules/tacon.js';
import { singleSuperior } from './rules/uniqueness.js';
import { outsideValidity, selfRelationship } from './rules/validity.js';
import { authorityWidens } from './rules/widening.js';
import type { DoctrineSettings } from './settings.js';

export type { Rule } from './rules/context.js';

/** Every doctrine rule, in the order `c2 rules` prints them. */
export const RULES: readonly Rule[] = [
  chainCycle,
  cocomHolder,
  cocomDelegated,
  assignment,
  singleSuperior,
  taconWithinOpcon,
  authorityWidens,
  adconInService,
  attachment,
  supportComplete,
  supportCommonSuperior,
  coordinationNoTasking,
  crossNationCommand,
  foreignOpcon,
  ncaNotSubordinate,
  selfRelationship,
  outsideValidity,
  adconMissing,
  opconHolderAnchored,
  spanOfControl,
];

function compare(a: Violation, b: Violation): number {
  const ka = `${a.code}\u0000${(a.units ?? []).join(',')}\u0000${a.message}`;
  const kb = `${b.code}\u0000${(b.units ?? []).join(',')}\u0000${b.message}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Validates the force against every rule. With `scope`, returns exactly the violations of a full run whose `units`
 * include a scoped unit, at the cost of the scope's neighbourhood. That holds because every rule reports either
 * - per edge, listing the edge's two units: checking every edge that touches the scope finds them all; or
 * - per unit X, listing X and at most X's direct superiors: checking the scope and its direct neighbours finds them; or
 * - per cycle, listing its units: the cycle is found from any of them.
 * Which units a change can affect is `affectedUnits`' job.
 */
export function validateForce(
  tl: ForceTimeline,
  settings: DoctrineSettings,
  scope?: { unitIds: ReadonlySet<string> },
): Violation[] {
  let edges: Relationship[];
  let subjects: Set<string>;
  if (scope) {
    const byId = new Map<string, Relationship>();
    for (const id of scope.unitIds) {
      for (const e of tl.superiorEdges(id)) byId.set(e.id, e);
      for (const e of tl.subordinateEdges(id)) byId.set(e.id, e);
    }
    edges = [...byId.values()];
    subjects = new Set(scope.unitIds);
  } else {
    edges = [...tl.allRelationships()];
    subjects = new Set(tl.unitIds());
  }
  // Units named only by relationships (unknown to the timeline) are subjects too, in both modes alike.
  for (const e of edges) subjects.add(e.superiorId).add(e.subordinateId);
  const ctx: RuleContext = { tl, settings, edges, subjects: [...subjects], chains: new Chains(tl), out: [] };
  for (const rule of RULES) rule.check(ctx);
  const found = scope ? ctx.out.filter((v) => v.units?.some((u) => scope.unitIds.has(u))) : ctx.out;
  return found.sort(compare);
}

/**
 * The units whose violations a change can alter; pass the timeline as it was before the change (retired ids resolve
 * there). Seeds are the changed units and both units of every changed relationship; a changed unit is also a seed
 * for relationships naming it as `establishedBy` (their grantor or establishing superior). Chain rules read upward
 * from a unit (assignment, TACON derivation, support's common superior, widening), so a change at a seed can alter a
 * verdict anywhere beneath it: the scope is the seeds plus everything below a changed unit or below the subordinate
 * of a changed walked edge, over all valid time, in the graph before and after (before's edges plus inserted ones).
 */
export function affectedUnits(tl: ForceTimeline, change: ChangeSet): Set<string> {
  const scope = new Set<string>();
  const below: string[] = [];
  const changed = [
    ...change.retireRelationships.map((id) => tl.relationship(id)).filter((r) => r !== undefined),
    ...change.insertRelationships,
  ];
  for (const r of changed) {
    scope.add(r.superiorId).add(r.subordinateId);
    if (WALKED_KINDS.has(r.kind)) below.push(r.subordinateId);
  }
  const units = new Set([...change.retireUnitSlices.map((s) => s.id), ...change.insertUnitSlices.map((s) => s.id)]);
  if (units.size > 0) {
    for (const r of [...tl.allRelationships(), ...change.insertRelationships]) {
      if (r.establishedBy && units.has(r.establishedBy)) scope.add(r.superiorId).add(r.subordinateId);
    }
  }
  below.push(...units);
  const inserted = new Map<string, string[]>();
  for (const r of change.insertRelationships) {
    if (WALKED_KINDS.has(r.kind)) inserted.set(r.superiorId, [...(inserted.get(r.superiorId) ?? []), r.subordinateId]);
  }
  const seen = new Set<string>();
  while (below.length > 0) {
    const id = below.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    scope.add(id);
    for (const e of tl.subordinateEdges(id)) if (WALKED_KINDS.has(e.kind)) below.push(e.subordinateId);
    below.push(...(inserted.get(id) ?? []));
  }
  return scope;
}
