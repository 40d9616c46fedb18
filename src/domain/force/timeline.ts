import type { Relationship, RelationshipKind } from '../command/relationship.js';
import type { Instant } from '../time/instant.js';
import type { UnitRole, UnitSlice } from './unit.js';

/**
 * The force as known at one record time, across all valid time. Doctrine rules and queries read through this
 * interface; ForceStructure (structure.ts) implements it over indexes, and a projected structure (a plan phase, a
 * proposed change) implements it as an overlay, so rules never care which.
 */
export interface ForceTimeline {
  unitIds(): Iterable<string>;
  /** A unit's slices, sorted by valid.from; empty if unknown. */
  unitSlices(unitId: string): readonly UnitSlice[];
  /** The slice valid at `at`, if the unit exists then. */
  unitAt(unitId: string, at: Instant): UnitSlice | undefined;
  relationship(id: string): Relationship | undefined;
  allRelationships(): Iterable<Relationship>;
  /** Edges where the unit is the subordinate (its superiors), over all valid time, optionally of one kind. */
  superiorEdges(unitId: string, kind?: RelationshipKind): readonly Relationship[];
  /** Edges where the unit is the superior (its subordinates), over all valid time, optionally of one kind. */
  subordinateEdges(unitId: string, kind?: RelationshipKind): readonly Relationship[];
  /** Optional index: ids of units holding `role` in any slice (others are found by a scan). */
  unitsWithRole?(role: UnitRole): readonly string[];
  /**
   * Optional fast path for chain queries (indexed timelines provide it; overlays need not): from the unit valid at
   * `at`, repeatedly take the holding superior edge of the first kind in `first` (at the start) or `rest` (above)
   * that has one, and stop at a unit with none or before revisiting a unit. An edge holds if its interval contains
   * `at` and its superior exists then; among several of one kind the last in edge order wins. Empty when the unit
   * does not exist at `at`; undefined when the timeline has no such unit. Must answer exactly as that walk over the
   * methods above.
   */
  walkUp?(
    unitId: string,
    first: readonly RelationshipKind[],
    rest: readonly RelationshipKind[],
    at: Instant,
  ): Array<{ unit: UnitSlice; via: Relationship | null }> | undefined;
}
