import type { ErrorCode, Violation } from '../../errors.js';
import type { ForceTimeline } from '../../force/timeline.js';
import type { UnitSlice } from '../../force/unit.js';
import { type Interval, intersect } from '../../time/interval.js';
import type { Relationship } from '../relationship.js';
import type { DoctrineSettings } from '../settings.js';
import type { Chains } from './chain.js';

/**
 * What a rule reads. `edges` are the relationships to check edge by edge and `subjects` the units to check unit by
 * unit: everything in a full run, the neighbourhood of the scope in an incremental one (validate.ts explains why that
 * is enough). Rules add to `out`; `chains` memoizes walks across rules.
 */
export interface RuleContext {
  tl: ForceTimeline;
  settings: DoctrineSettings;
  edges: readonly Relationship[];
  subjects: readonly string[];
  chains: Chains;
  out: Violation[];
}

export interface Rule {
  code: ErrorCode;
  /** Further codes the same check reports (one computation, several findings). */
  alsoReports?: ErrorCode[];
  title: string;
  /** The doctrine the rule encodes, e.g. 'JP 1, COCOM'. */
  doctrine: string;
  check: (ctx: RuleContext) => void;
}

/** The unit's slices that overlap `span`, each with the overlap. */
export function slicesOver(tl: ForceTimeline, unitId: string, span: Interval) {
  const found: Array<{ slice: UnitSlice; span: Interval }> = [];
  for (const slice of tl.unitSlices(unitId)) {
    const overlap = intersect(slice.valid, span);
    if (overlap) found.push({ slice, span: overlap });
  }
  return found;
}

/** Pairs of (superior slice, subordinate slice) over the edge's validity, for rules on both units' attributes. */
export function slicePairs(tl: ForceTimeline, e: Relationship) {
  const pairs: Array<{ superior: UnitSlice; subordinate: UnitSlice; span: Interval }> = [];
  for (const sup of slicesOver(tl, e.superiorId, e.valid)) {
    for (const sub of slicesOver(tl, e.subordinateId, sup.span)) {
      pairs.push({ superior: sup.slice, subordinate: sub.slice, span: sub.span });
    }
  }
  return pairs;
}

export const isUS = (u: UnitSlice) => u.nation === 'USA';
export const hasRole = (u: UnitSlice | undefined, role: UnitSlice['roles'][number]) => u?.roles.includes(role) ?? false;
