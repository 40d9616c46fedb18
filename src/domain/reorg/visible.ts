import type { Relationship, RelationshipKind } from '../command/relationship.js';
import type { ForceTimeline } from '../force/timeline.js';
import type { UnitSlice } from '../force/unit.js';
import type { SecurityLabel } from '../security/label.js';
import type { Instant } from '../time/instant.js';

/**
 * A timeline as one reader sees it: unit slices they may not read are gone, and so is every relationship they may
 * not read or whose other end they cannot see. Anything computed on it (impact counts, personnel sums, chains) is
 * computed from readable records only, so it cannot leak what is hidden.
 */
export function visibleTimeline(tl: ForceTimeline, canRead: (label: SecurityLabel) => boolean): ForceTimeline {
  const slices = new Map<string, readonly UnitSlice[]>();
  const unitSlices = (id: string) => {
    let list = slices.get(id);
    if (!list) {
      list = tl.unitSlices(id).filter((slice) => canRead(slice.label));
      slices.set(id, list);
    }
    return list;
  };
  const shown = (edge: Relationship | undefined): edge is Relationship =>
    edge !== undefined &&
    canRead(edge.label) &&
    unitSlices(edge.superiorId).length > 0 &&
    unitSlices(edge.subordinateId).length > 0;
  return {
    *unitIds() {
      for (const id of tl.unitIds()) if (unitSlices(id).length > 0) yield id;
    },
    unitSlices,
    unitAt(id: string, at: Instant) {
      const slice = tl.unitAt(id, at);
      return slice && canRead(slice.label) ? slice : undefined;
    },
    relationship(id: string) {
      const edge = tl.relationship(id);
      return shown(edge) ? edge : undefined;
    },
    *allRelationships() {
      for (const edge of tl.allRelationships()) if (shown(edge)) yield edge;
    },
    superiorEdges: (id: string, kind?: RelationshipKind) => tl.superiorEdges(id, kind).filter(shown),
    subordinateEdges: (id: string, kind?: RelationshipKind) => tl.subordinateEdges(id, kind).filter(shown),
  };
}
