import type { Relationship, RelationshipKind } from '../command/relationship.js';
import { C2Error, type ErrorCode } from '../errors.js';
import type { Instant } from '../time/instant.js';
import type { ChangeSet } from './change.js';
import { compareRelationships, compareSlices, sliceAt } from './indexed-timeline.js';
import type { ForceTimeline } from './timeline.js';
import type { UnitSlice } from './unit.js';

function conflict(code: ErrorCode, message: string, ids: { units?: string[]; relationshipIds?: string[] }): C2Error {
  return new C2Error(code, message, [{ code, message, ...ids }]);
}

/**
 * The checks a store makes when it commits, made against a timeline: retired versions must be current, inserted
 * slices must not overlap the unit's remaining slices, inserted relationship ids must be free. Returns the unit
 * slices each touched unit would have afterwards.
 */
export function checkChange(base: ForceTimeline, change: ChangeSet): Map<string, UnitSlice[]> {
  const retiredFrom = new Map<string, Set<Instant>>();
  for (const { id, validFrom } of change.retireUnitSlices) {
    if (!base.unitSlices(id).some((slice) => slice.valid.from === validFrom)) {
      throw conflict('C2_CONFLICT', `unit ${id}: no current slice from ${validFrom} to retire`, { units: [id] });
    }
    const set = retiredFrom.get(id) ?? new Set<Instant>();
    if (set.has(validFrom))
      throw conflict('C2_BAD_INPUT', `unit ${id}: slice from ${validFrom} retired twice`, { units: [id] });
    retiredFrom.set(id, set.add(validFrom));
  }
  const retiredRelationships = new Set<string>();
  for (const id of change.retireRelationships) {
    if (!base.relationship(id)) {
      throw conflict('C2_CONFLICT', `relationship ${id}: no current version to retire`, { relationshipIds: [id] });
    }
    if (retiredRelationships.has(id)) {
      throw conflict('C2_BAD_INPUT', `relationship ${id} retired twice`, { relationshipIds: [id] });
    }
    retiredRelationships.add(id);
  }
  const inserted = new Set<string>();
  for (const { id } of change.insertRelationships) {
    if (inserted.has(id) || (base.relationship(id) && !retiredRelationships.has(id))) {
      throw conflict('C2_DUPLICATE_ID', `relationship ${id} already has a current version`, { relationshipIds: [id] });
    }
    inserted.add(id);
  }

  const after = new Map<string, UnitSlice[]>();
  for (const [id, froms] of retiredFrom) {
    after.set(
      id,
      base.unitSlices(id).filter((slice) => !froms.has(slice.valid.from)),
    );
  }
  for (const slice of change.insertUnitSlices) {
    const list = after.get(slice.id) ?? [...base.unitSlices(slice.id)];
    list.push(slice);
    after.set(slice.id, list);
  }
  for (const [id, slices] of after) {
    slices.sort(compareSlices);
    for (let i = 1; i < slices.length; i++) {
      const previous = slices[i - 1]!;
      if (previous.valid.to === null || previous.valid.to > slices[i]!.valid.from) {
        throw conflict(
          'C2_CONFLICT',
          `unit ${id}: slice from ${slices[i]!.valid.from} overlaps the slice from ${previous.valid.from}`,
          {
            units: [id],
          },
        );
      }
    }
  }
  return after;
}

/**
 * The base timeline as if `change` were applied, without copying it: reads of untouched units and edges go straight
 * to the base; touched ones are merged once and memoized. Overlays stack (a plan's phases project one on another).
 * The base must not change while the overlay is in use.
 */
export function projectTimeline(base: ForceTimeline, change: ChangeSet): ForceTimeline {
  return new ProjectedTimeline(base, change);
}

class ProjectedTimeline implements ForceTimeline {
  private readonly slices: Map<string, readonly UnitSlice[]>;
  private readonly retired = new Set<string>();
  private readonly inserted = new Map<string, Relationship>();
  /** Inserted edges by subordinate / superior id; units touched by a retired edge get an (empty) entry too. */
  private readonly insertedBySubordinate = new Map<string, Relationship[]>();
  private readonly insertedBySuperior = new Map<string, Relationship[]>();
  private readonly memo = new Map<string, readonly Relationship[]>();

  constructor(
    private readonly base: ForceTimeline,
    change: ChangeSet,
  ) {
    this.slices = checkChange(base, change);
    const touch = (index: Map<string, Relationship[]>, unitId: string) => {
      const list = index.get(unitId) ?? [];
      index.set(unitId, list);
      return list;
    };
    for (const id of change.retireRelationships) {
      const edge = base.relationship(id)!;
      this.retired.add(id);
      touch(this.insertedBySubordinate, edge.subordinateId);
      touch(this.insertedBySuperior, edge.superiorId);
    }
    for (const edge of change.insertRelationships) {
      this.inserted.set(edge.id, edge);
      touch(this.insertedBySubordinate, edge.subordinateId).push(edge);
      touch(this.insertedBySuperior, edge.superiorId).push(edge);
    }
  }

  *unitIds(): Iterable<string> {
    for (const id of this.base.unitIds()) {
      if ((this.slices.get(id)?.length ?? 1) > 0) yield id;
    }
    for (const [id, slices] of this.slices) {
      if (slices.length > 0 && this.base.unitSlices(id).length === 0) yield id;
    }
  }

  unitSlices(unitId: string): readonly UnitSlice[] {
    return this.slices.get(unitId) ?? this.base.unitSlices(unitId);
  }

  unitAt(unitId: string, at: Instant): UnitSlice | undefined {
    const slices = this.slices.get(unitId);
    return slices ? sliceAt(slices, at) : this.base.unitAt(unitId, at);
  }

  relationship(id: string): Relationship | undefined {
    return this.inserted.get(id) ?? (this.retired.has(id) ? undefined : this.base.relationship(id));
  }

  *allRelationships(): Iterable<Relationship> {
    for (const edge of this.base.allRelationships()) if (!this.retired.has(edge.id)) yield edge;
    yield* this.inserted.values();
  }

  superiorEdges(unitId: string, kind?: RelationshipKind): readonly Relationship[] {
    const added = this.insertedBySubordinate.get(unitId);
    if (!added) return this.base.superiorEdges(unitId, kind);
    return this.merged(`^${kind ?? ''}:${unitId}`, this.base.superiorEdges(unitId, kind), added, kind);
  }

  subordinateEdges(unitId: string, kind?: RelationshipKind): readonly Relationship[] {
    const added = this.insertedBySuperior.get(unitId);
    if (!added) return this.base.subordinateEdges(unitId, kind);
    return this.merged(`v${kind ?? ''}:${unitId}`, this.base.subordinateEdges(unitId, kind), added, kind);
  }

  private merged(
    key: string,
    base: readonly Relationship[],
    added: readonly Relationship[],
    kind: RelationshipKind | undefined,
  ): readonly Relationship[] {
    let edges = this.memo.get(key);
    if (!edges) {
      const list = base.filter((edge) => !this.retired.has(edge.id));
      for (const edge of added) if (kind === undefined || edge.kind === kind) list.push(edge);
      edges = list.sort(compareRelationships);
      this.memo.set(key, edges);
    }
    return edges;
  }
}
