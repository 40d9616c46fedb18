import type { Relationship, RelationshipKind } from '../command/relationship.js';
import { knownAt, type Versioned } from '../time/bitemporal.js';
import type { Instant } from '../time/instant.js';
import type { ChangeSet } from './change.js';
import { compareRelationships, compareSlices, IndexedTimeline, sliceAt } from './indexed-timeline.js';
import { checkChange, projectTimeline } from './overlay.js';
import type { ForceTimeline } from './timeline.js';
import type { UnitSlice } from './unit.js';

/** Every version ever stored, current and retired (the shape of the store port's `StoredForce`). */
export interface ForceVersions {
  units: Versioned<UnitSlice>[];
  relationships: Versioned<Relationship>[];
}

/**
 * Every version by unit id and by relationship id; retired relationship versions also by either end, so a past view
 * can add them to the current indexes' edges (most versions are current, so this stays small).
 */
interface VersionLists {
  units: Map<string, Versioned<UnitSlice>[]>;
  relationships: Map<string, Versioned<Relationship>[]>;
  retiredBySubordinate: Map<string, Versioned<Relationship>[]>;
  retiredBySuperior: Map<string, Versioned<Relationship>[]>;
}

const PAST_VIEWS_KEPT = 4;

/**
 * The bitemporal force in memory. It keeps every version in per-id lists (never mutating a version: retiring one
 * replaces it with a closed copy), and the current record time as a fully indexed timeline that `apply`/`merge`
 * advance in place. Past record times are served by lazy views over both, a few kept in a small LRU cache.
 */
export class ForceStructure {
  private readonly lists: VersionLists = {
    units: new Map(),
    relationships: new Map(),
    retiredBySubordinate: new Map(),
    retiredBySuperior: new Map(),
  };
  private current = new IndexedTimeline();
  /** The latest record instant seen: any knownAt at or after it sees exactly the current versions. */
  private lastRecorded: Instant = '';
  private readonly pastViews = new Map<Instant, KnownAtTimeline>();

  static from(stored: ForceVersions): ForceStructure {
    const structure = new ForceStructure();
    const units: UnitSlice[] = [];
    const relationships: Relationship[] = [];
    for (const version of stored.units) {
      structure.addVersion(structure.lists.units, version.record.id, version);
      if (version.recorded.to === null) units.push(version.record);
    }
    for (const version of stored.relationships) {
      structure.addRelationshipVersion(version);
      if (version.recorded.to === null) relationships.push(version.record);
    }
    structure.current = IndexedTimeline.build(units, relationships);
    return structure;
  }

  /**
   * Advances the index by a committed change set: closes the record time of the versions it retires at `at` and adds
   * its inserts as versions of transaction `txId`. Throws C2_CONFLICT (changing nothing) as the store would.
   */
  apply(change: ChangeSet, txId: number, at: Instant): void {
    checkChange(this.current, change);
    const units: Versioned<UnitSlice>[] = [];
    const relationships: Versioned<Relationship>[] = [];
    for (const { id, validFrom } of change.retireUnitSlices) {
      const version = this.lists.units
        .get(id)!
        .find((v) => v.recorded.to === null && v.record.valid.from === validFrom)!;
      units.push({ ...version, recorded: { from: version.recorded.from, to: at } });
    }
    for (const id of change.retireRelationships) {
      const version = this.lists.relationships.get(id)!.find((v) => v.recorded.to === null)!;
      relationships.push({ ...version, recorded: { from: version.recorded.from, to: at } });
    }
    for (const record of change.insertUnitSlices) units.push({ record, recorded: { from: at, to: null }, txId });
    for (const record of change.insertRelationships)
      relationships.push({ record, recorded: { from: at, to: null }, txId });
    this.merge({ units, relationships });
  }

  /**
   * Takes in versions loaded from the store since a transaction (another node's or our own commits): a version we
   * hold already updates its record-time end; a new one is added. Order within the batch does not matter.
   */
  merge(stored: ForceVersions): void {
    for (const version of stored.units) {
      const versions = this.lists.units.get(version.record.id) ?? [];
      const at = versions.findIndex(
        (v) => sameVersion(v, version) && v.record.valid.from === version.record.valid.from,
      );
      const held = versions[at];
      if (!held) {
        this.addVersion(this.lists.units, version.record.id, version);
        if (version.recorded.to === null) this.current.addSlice(version.record);
      } else if (held.recorded.to === null && version.recorded.to !== null) {
        versions[at] = closed(held, version.recorded.to);
        this.noteRecorded(version.recorded.to);
        this.current.removeSlice(held.record);
      }
    }
    for (const version of stored.relationships) {
      const versions = this.lists.relationships.get(version.record.id) ?? [];
      const at = versions.findIndex((v) => sameVersion(v, version));
      const held = versions[at];
      if (!held) {
        this.addRelationshipVersion(version);
        if (version.recorded.to === null) this.current.addRelationship(version.record);
      } else if (held.recorded.to === null && version.recorded.to !== null) {
        versions[at] = closed(held, version.recorded.to);
        this.noteRecorded(version.recorded.to);
        this.indexRetired(versions[at]);
        this.current.removeRelationship(held.record);
      }
    }
    this.pastViews.clear();
  }

  /** The force as known at record time `knownAt` (default: now). The current one is live: `apply` advances it. */
  timeline(knownAt?: Instant): ForceTimeline {
    if (knownAt === undefined || knownAt >= this.lastRecorded) return this.current;
    let view = this.pastViews.get(knownAt);
    if (view) this.pastViews.delete(knownAt);
    else view = new KnownAtTimeline(this.lists, this.current, knownAt);
    this.pastViews.set(knownAt, view);
    if (this.pastViews.size > PAST_VIEWS_KEPT) this.pastViews.delete(this.pastViews.keys().next().value!);
    return view;
  }

  /** The current timeline as if `change` were applied: an overlay, valid until the next apply/merge. */
  project(change: ChangeSet): ForceTimeline {
    return projectTimeline(this.current, change);
  }

  /** Every version of a unit's slices ever stored, in the order they were stored. */
  versionsOf(unitId: string): readonly Versioned<UnitSlice>[] {
    return this.lists.units.get(unitId) ?? [];
  }

  relationshipVersionsOf(relationshipId: string): readonly Versioned<Relationship>[] {
    return this.lists.relationships.get(relationshipId) ?? [];
  }

  private addVersion<T>(lists: Map<string, Versioned<T>[]>, id: string, version: Versioned<T>): void {
    pushTo(lists, id, version);
    this.noteRecorded(version.recorded.to ?? version.recorded.from);
  }

  private addRelationshipVersion(version: Versioned<Relationship>): void {
    this.addVersion(this.lists.relationships, version.record.id, version);
    if (version.recorded.to !== null) this.indexRetired(version);
  }

  private indexRetired(version: Versioned<Relationship>): void {
    pushTo(this.lists.retiredBySubordinate, version.record.subordinateId, version);
    pushTo(this.lists.retiredBySuperior, version.record.superiorId, version);
  }

  private noteRecorded(at: Instant): void {
    if (at > this.lastRecorded) this.lastRecorded = at;
  }
}

function closed<T>(version: Versioned<T>, to: Instant): Versioned<T> {
  return { record: version.record, recorded: { from: version.recorded.from, to }, txId: version.txId };
}

function sameVersion<T>(a: Versioned<T>, b: Versioned<T>): boolean {
  return a.txId === b.txId && a.recorded.from === b.recorded.from;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The force as known at a past record time. Slices filter the unit's versions; edges are the current edges recorded
 * by then plus the retired versions still known then. Results are memoized per unit for the view's life.
 */
class KnownAtTimeline implements ForceTimeline {
  private readonly slicesMemo = new Map<string, readonly UnitSlice[]>();
  private readonly edgesMemo = new Map<string, readonly Relationship[]>();

  constructor(
    private readonly lists: VersionLists,
    private readonly current: ForceTimeline,
    private readonly at: Instant,
  ) {}

  *unitIds(): Iterable<string> {
    for (const id of this.lists.units.keys()) if (this.unitSlices(id).length > 0) yield id;
  }

  unitSlices(unitId: string): readonly UnitSlice[] {
    let slices = this.slicesMemo.get(unitId);
    if (!slices) {
      slices = this.known(this.lists.units.get(unitId)).sort(compareSlices);
      this.slicesMemo.set(unitId, slices);
    }
    return slices;
  }

  unitAt(unitId: string, at: Instant): UnitSlice | undefined {
    return sliceAt(this.unitSlices(unitId), at);
  }

  relationship(id: string): Relationship | undefined {
    return this.lists.relationships.get(id)?.find((v) => knownAt(v, this.at))?.record;
  }

  *allRelationships(): Iterable<Relationship> {
    for (const versions of this.lists.relationships.values()) {
      const version = versions.find((v) => knownAt(v, this.at));
      if (version) yield version.record;
    }
  }

  superiorEdges(unitId: string, kind?: RelationshipKind): readonly Relationship[] {
    const key = `^${kind ?? ''}:${unitId}`;
    return this.edges(key, this.current.superiorEdges(unitId, kind), this.lists.retiredBySubordinate.get(unitId), kind);
  }

  subordinateEdges(unitId: string, kind?: RelationshipKind): readonly Relationship[] {
    const key = `v${kind ?? ''}:${unitId}`;
    return this.edges(key, this.current.subordinateEdges(unitId, kind), this.lists.retiredBySuperior.get(unitId), kind);
  }

  private edges(
    key: string,
    current: readonly Relationship[],
    retired: Versioned<Relationship>[] | undefined,
    kind: RelationshipKind | undefined,
  ): readonly Relationship[] {
    let edges = this.edgesMemo.get(key);
    if (!edges) {
      const list = current.filter((edge) => this.recordedBy(edge));
      for (const version of retired ?? []) {
        if ((kind === undefined || version.record.kind === kind) && knownAt(version, this.at))
          list.push(version.record);
      }
      edges = list.sort(compareRelationships);
      this.edgesMemo.set(key, edges);
    }
    return edges;
  }

  /** Whether a current edge's version had been recorded by this view's record time. */
  private recordedBy(edge: Relationship): boolean {
    const version = this.lists.relationships.get(edge.id)?.find((v) => v.record === edge);
    return version !== undefined && version.recorded.from <= this.at;
  }

  private known<T>(versions: Versioned<T>[] | undefined): T[] {
    const out: T[] = [];
    for (const version of versions ?? []) if (knownAt(version, this.at)) out.push(version.record);
    return out;
  }
}
