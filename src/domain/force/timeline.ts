import type { Relationship, RelationshipKind } from '../command/relationship.js';
import type { Instant } from '../time/instant.js';
import type { UnitSlice } from './unit.js';

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
}
