import type { Relationship } from '../command/relationship.js';
import { affectedUnits } from '../command/validate.js';
import type { ChangeSet } from '../force/change.js';
import type { ForceTimeline } from '../force/timeline.js';
import type { UnitSlice } from '../force/unit.js';

/**
 * affectedUnits, without its one whole-force scan. affectedUnits reads `allRelationships()` only to find edges whose
 * `establishedBy` is a changed unit; over a 100,000-unit force that scan costs more than the rest of an incremental
 * check. This index answers the same question by key: the timeline handed to affectedUnits lists, as its
 * relationships, exactly the edges naming a changed unit as their establisher (a superset is harmless: it only widens
 * the scope). test/domain/reorg/scope.test.ts holds it equal to affectedUnits on the plain timeline.
 */
export class EstablishedByIndex {
  private readonly byEstablisher = new Map<string, Relationship[]>();

  constructor(edges: Iterable<Relationship>) {
    for (const edge of edges) this.add(edge);
  }

  add(edge: Relationship): void {
    if (!edge.establishedBy) return;
    const list = this.byEstablisher.get(edge.establishedBy);
    if (list) list.push(edge);
    else this.byEstablisher.set(edge.establishedBy, [edge]);
  }

  /** The units whose violations `change` can alter on `tl` (see affectedUnits). */
  affected(tl: ForceTimeline, change: ChangeSet): Set<string> {
    const changedUnits = new Set([
      ...change.retireUnitSlices.map((s) => s.id),
      ...change.insertUnitSlices.map((s) => s.id),
    ]);
    const establishing: Relationship[] = [];
    for (const id of changedUnits) establishing.push(...(this.byEstablisher.get(id) ?? []));
    const view: ForceTimeline = {
      unitIds: () => tl.unitIds(),
      unitSlices: (id) => tl.unitSlices(id),
      unitAt: (id, at) => tl.unitAt(id, at),
      relationship: (id) => tl.relationship(id),
      allRelationships: () => establishing,
      superiorEdges: (id, kind) => tl.superiorEdges(id, kind),
      subordinateEdges: (id, kind) => tl.subordinateEdges(id, kind),
    };
    return affectedUnits(view, change);
  }

  /**
   * The units whose violations can differ between `tl` and any timeline that differs from it only in `records`
   * (versions present in one and not the other): every record is treated as inserted, so both ends of each edge are
   * seeds and the walk below them follows the edges of `tl` and of the records alike. Records' own `establishedBy`
   * edges must already be in the index (evaluatePlan adds every edge a plan inserts).
   */
  affectedByRecords(tl: ForceTimeline, records: { slices: UnitSlice[]; relationships: Relationship[] }): Set<string> {
    if (records.slices.length === 0 && records.relationships.length === 0) return new Set();
    return this.affected(tl, {
      retireUnitSlices: [],
      retireRelationships: [],
      insertUnitSlices: records.slices,
      insertRelationships: records.relationships,
    });
  }
}
