import type { Relationship } from '../command/relationship.js';
import { type ChangeSet, emptyChangeSet } from '../force/change.js';
import type { ForceTimeline } from '../force/timeline.js';
import type { UnitSlice } from '../force/unit.js';
import { MISSION_COLLECTION, type Mission, missionDocument } from '../mission/mission.js';
import type { ExecutionRecord } from './plan.js';

const sliceKey = (id: string, validFrom: string) => `${id}\u0000${validFrom}`;

/**
 * One change set equal to applying `changes` in order, each computed against the base with the ones before it
 * applied: what a later change retires of an earlier one's inserts cancels out, so the result retires only base
 * versions and inserts only surviving ones. Linear in the total size.
 */
export function composeChanges(...changes: ChangeSet[]): ChangeSet {
  const retiredSlices = new Map<string, { id: string; validFrom: string }>();
  const insertedSlices = new Map<string, UnitSlice>();
  const retiredRelationships = new Set<string>();
  const insertedRelationships = new Map<string, Relationship>();
  const documents = changes.flatMap((change) => change.putDocuments ?? []);
  for (const change of changes) {
    for (const retire of change.retireUnitSlices) {
      const key = sliceKey(retire.id, retire.validFrom);
      if (!insertedSlices.delete(key)) retiredSlices.set(key, retire);
    }
    for (const id of change.retireRelationships) {
      if (!insertedRelationships.delete(id)) retiredRelationships.add(id);
    }
    for (const slice of change.insertUnitSlices) insertedSlices.set(sliceKey(slice.id, slice.valid.from), slice);
    for (const edge of change.insertRelationships) insertedRelationships.set(edge.id, edge);
  }
  return {
    retireUnitSlices: [...retiredSlices.values()],
    retireRelationships: [...retiredRelationships],
    insertUnitSlices: [...insertedSlices.values()],
    insertRelationships: [...insertedRelationships.values()],
    ...(documents.length > 0 ? { putDocuments: documents } : {}),
  };
}

/** The records a change touches on `tl`: the versions it retires (as they are on `tl`) and the ones it inserts. */
export function touchedRecords(
  tl: ForceTimeline,
  change: ChangeSet,
): { slices: UnitSlice[]; relationships: Relationship[] } {
  const slices = [...change.insertUnitSlices];
  for (const { id, validFrom } of change.retireUnitSlices) {
    const slice = tl.unitSlices(id).find((s) => s.valid.from === validFrom);
    if (slice) slices.push(slice);
  }
  const relationships = [...change.insertRelationships];
  for (const id of change.retireRelationships) {
    const edge = tl.relationship(id);
    if (edge) relationships.push(edge);
  }
  return { slices, relationships };
}

/** Unit ids (including both ends of every relationship) and relationship ids among some touched records. */
export function touchedIds(records: { slices: UnitSlice[]; relationships: Relationship[] }) {
  const units = new Set(records.slices.map((s) => s.id));
  const relationships = new Set<string>();
  for (const r of records.relationships) {
    relationships.add(r.id);
    units.add(r.superiorId).add(r.subordinateId);
    if (r.establishedBy) units.add(r.establishedBy);
  }
  return { units, relationships };
}

/**
 * What executing `change` on `tl` and `missions` retires and inserts, in full, so the execution can be undone
 * exactly: mission documents it writes are new missions or new versions of one of `missions`.
 */
export function executionRecord(
  tl: ForceTimeline,
  change: ChangeSet,
  missions: readonly Mission[] = [],
): ExecutionRecord {
  const prior = new Map(missions.map((mission) => [mission.id, mission]));
  const written = (change.putDocuments ?? []).filter((doc) => doc.collection === MISSION_COLLECTION);
  const record: ExecutionRecord = {
    insertedUnitSlices: change.insertUnitSlices.map((s) => ({ id: s.id, validFrom: s.valid.from })),
    insertedRelationships: change.insertRelationships.map((r) => r.id),
    retiredUnitSlices: change.retireUnitSlices.map(
      ({ id, validFrom }) => tl.unitSlices(id).find((s) => s.valid.from === validFrom)!,
    ),
    retiredRelationships: change.retireRelationships.map((id) => tl.relationship(id)!),
  };
  if (written.length === 0) return record;
  return {
    ...record,
    missions: {
      inserted: written.filter((doc) => !prior.has(doc.id)).map((doc) => doc.body as Mission),
      replaced: written.flatMap((doc) => prior.get(doc.id) ?? []),
    },
  };
}

/**
 * The change that undoes an execution: retire what it inserted, re-insert what it retired, as they were; missions it
 * created are retired and missions it changed get their prior version back.
 */
export function rollbackChange(execution: ExecutionRecord): ChangeSet {
  const missions = execution.missions;
  const documents = missions
    ? [
        ...missions.inserted.map((mission) => missionDocument(mission, true)),
        ...missions.replaced.map((mission) => missionDocument(mission)),
      ]
    : [];
  return {
    ...emptyChangeSet(),
    retireUnitSlices: execution.insertedUnitSlices.map((s) => ({ ...s })),
    retireRelationships: [...execution.insertedRelationships],
    insertUnitSlices: [...execution.retiredUnitSlices],
    insertRelationships: [...execution.retiredRelationships],
    ...(documents.length > 0 ? { putDocuments: documents } : {}),
  };
}

/** The missions as they were before an execution, from the current ones and its record. */
export function missionsBeforeExecution(current: readonly Mission[], execution: ExecutionRecord): Mission[] {
  if (!execution.missions) return [...current];
  const inserted = new Set(execution.missions.inserted.map((mission) => mission.id));
  const byId = new Map(current.filter((mission) => !inserted.has(mission.id)).map((mission) => [mission.id, mission]));
  for (const mission of execution.missions.replaced) byId.set(mission.id, mission);
  return [...byId.values()];
}
