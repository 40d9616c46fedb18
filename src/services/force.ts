import type { Controller, StructureDiff } from '../domain/command/queries.js';
import {
  chainOfCommand,
  controllersAt,
  diffStructure,
  forest,
  searchUnits,
  subtree,
  unitHistory,
} from '../domain/command/queries.js';
import type { Relationship, RelationshipKind } from '../domain/command/relationship.js';
import type { SecurityLabel } from '../domain/security/label.js';
import type { DoctrineSettings } from '../domain/command/settings.js';
import { affectedUnits, validateForce } from '../domain/command/validate.js';
import { C2Error, type Violation } from '../domain/errors.js';
import type { ChangeSet } from '../domain/force/change.js';
import type { ForceDocument } from '../domain/force/document.js';
import { previewImport } from '../domain/force/import.js';
import {
  createUnit,
  deactivateUnit,
  endRelationship,
  startRelationship,
  type UnitPatch,
  updateUnit,
} from '../domain/force/operations.js';
import { ForceStructure } from '../domain/force/structure.js';
import type { ForceTimeline } from '../domain/force/timeline.js';
import type { UnitSlice } from '../domain/force/unit.js';
import { separation } from '../domain/geo/separation.js';
import { forceDocument } from '../domain/schema.js';
import type { Instant } from '../domain/time/instant.js';
import { contains } from '../domain/time/interval.js';
import { STALE_WRITER, type Store, type TxRecord } from '../store/port.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { Guard } from './guard.js';
import { Mutex } from './mutex.js';

/** The two time axes of every read: valid time (`at`) and record time (`knownAt`, default: now). */
export interface TimeAxes {
  at: Instant;
  knownAt?: Instant;
}

/** Authority kinds whose holder is a unit's higher headquarters, most operational first. */
const HIGHER_HQ_KINDS: readonly RelationshipKind[] = ['OPCON', 'COCOM', 'ADCON'];

/** Who may change the force structure. */
const WRITER_ROLES = ['editor', 'planner', 'admin'] as const;
/** A write that keeps losing the race to other processes gives up with their C2_CONFLICT after this many tries. */
const MAX_WRITE_ATTEMPTS = 5;

/** A record as an API client may give it: the label as a marking string or as the object. */
export type WithLabelInput<T extends { label: SecurityLabel }> = Omit<T, 'label'> & { label: SecurityLabel | string };

/**
 * Force-structure use cases. Reads answer from the in-memory bitemporal index and pass every record through the
 * guard; writes check the actor may write the label, validate the projected structure against doctrine, commit to the
 * store, then advance the index with the same change set.
 */
export class ForceService {
  private readonly writes = new Mutex();
  /** Told of every export, for the audit log. */
  onExport: (actor: Actor, detail: { units: number; relationships: number; marking: string }) => void = () => {};

  private following: ReturnType<typeof setInterval> | undefined;
  private followed: Promise<void> | undefined;

  private constructor(
    readonly store: Store,
    readonly structure: ForceStructure,
    private readonly clock: Clock,
    private readonly guard: Guard,
    readonly settings: DoctrineSettings,
    /** The last transaction the index holds everything up to (other processes may have committed since). */
    private appliedTx: number,
  ) {}

  static async open(store: Store, clock: Clock, guard: Guard, settings: DoctrineSettings): Promise<ForceService> {
    // The last id first: a commit landing during the load is then merged again by the next catch-up (idempotent).
    const last = await store.lastTxId();
    const structure = ForceStructure.from(await store.loadForce());
    return new ForceService(store, structure, clock, guard, settings, last);
  }

  /**
   * Takes in what other processes on the same store committed since the index was last brought up to date. Writes do
   * it first, under the write lock; `follow` does it every so often for reads.
   */
  async catchUp(): Promise<void> {
    const last = await this.store.lastTxId();
    if (last <= this.appliedTx) return;
    this.structure.merge(await this.store.loadForceSince(this.appliedTx));
    this.appliedTx = last;
  }

  /** Keeps reads at most `everyMs` behind other processes' commits, until `stop`. */
  follow(everyMs = 1000): void {
    this.following ??= setInterval(() => {
      this.followed = this.writes
        .run(() => this.catchUp())
        .catch((error) => console.error('force catch-up failed', error));
    }, everyMs);
    this.following.unref();
  }

  /** Stops following, once a catch-up under way has finished (the store may close next). */
  async stop(): Promise<void> {
    clearInterval(this.following);
    this.following = undefined;
    await this.followed;
  }

  listUnits(
    actor: Actor,
    axes: TimeAxes,
    filter: { q?: string | undefined; nation?: string | undefined; service?: string | undefined } = {},
  ) {
    const tl = this.structure.timeline(axes.knownAt);
    const units = filter.q
      ? searchUnits(tl, filter.q, axes.at)
      : [...tl.unitIds()].flatMap((id) => tl.unitAt(id, axes.at) ?? []);
    return this.guard
      .readable(actor, units)
      .filter(
        (unit) =>
          (!filter.nation || unit.nation === filter.nation) && (!filter.service || unit.service === filter.service),
      );
  }

  /** A unit at a date with who controls it by kind, its direct superiors and subordinates, and its higher HQ. */
  detail(actor: Actor, unitId: string, axes: TimeAxes) {
    const { unit, tl } = this.readableUnit(actor, unitId, axes);
    const visible = (controller: Controller) =>
      this.guard.canRead(actor, controller.holder.label) && this.guard.canRead(actor, controller.via.label);
    const controllers: Partial<Record<RelationshipKind, { relationship: Relationship; unit: UnitSlice }>> = {};
    for (const controller of controllersAt(tl, unitId, axes.at).filter(visible)) {
      controllers[controller.kind] ??= { relationship: controller.via, unit: controller.holder };
    }
    const edgesAt = (edges: readonly Relationship[], other: (edge: Relationship) => string) =>
      edges
        .filter((edge) => contains(edge.valid, axes.at) && this.guard.canRead(actor, edge.label))
        .flatMap((relationship) => {
          const peer = tl.unitAt(other(relationship), axes.at);
          return peer && this.guard.canRead(actor, peer.label) ? [{ relationship, unit: peer }] : [];
        });
    const higher = HIGHER_HQ_KINDS.map((kind) => controllers[kind]?.unit).find((holder) => holder !== undefined);
    return {
      unit,
      controllers,
      superiors: edgesAt(tl.superiorEdges(unitId), (edge) => edge.superiorId),
      subordinates: edgesAt(tl.subordinateEdges(unitId), (edge) => edge.subordinateId),
      higherHq:
        higher && unit.homeStation && higher.homeStation
          ? { unit: higher, ...separation(unit.homeStation, higher.homeStation, axes.at) }
          : null,
    };
  }

  chain(actor: Actor, unitId: string, kind: RelationshipKind, axes: TimeAxes) {
    const { tl } = this.readableUnit(actor, unitId, axes);
    return this.guard.chain(actor, chainOfCommand(tl, unitId, kind, axes.at));
  }

  subtree(actor: Actor, rootId: string, kinds: RelationshipKind[], axes: TimeAxes, maxDepth?: number) {
    const { tl } = this.readableUnit(actor, rootId, axes);
    return this.guard.tree(actor, subtree(tl, rootId, kinds, axes.at, maxDepth === undefined ? {} : { maxDepth }));
  }

  /** Whole-force trees; roots the actor may not read are left out entirely (there is no chain to keep intact). */
  forest(actor: Actor, kinds: RelationshipKind[], axes: TimeAxes, nation?: string) {
    const roots = forest(this.structure.timeline(axes.knownAt), kinds, axes.at, nation ? { nation } : {});
    return roots
      .filter((root) => this.guard.canRead(actor, root.unit.label))
      .map((root) => this.guard.tree(actor, root));
  }

  diff(actor: Actor, from: Instant, to: Instant, knownAt?: Instant) {
    const tl = this.structure.timeline(knownAt);
    return flattenDiff(this.readableDiff(actor, tl, diffStructure(tl, from, to)));
  }

  history(actor: Actor, unitId: string, knownAt?: Instant) {
    const versions = this.structure.versionsOf(unitId);
    const message = `no unit with id '${unitId}'`;
    if (versions.length === 0) throw new C2Error('C2_NOT_FOUND', message);
    if (!versions.some((version) => this.guard.canRead(actor, version.record.label))) {
      throw this.guard.notFound(actor, `unit:${unitId}`, 'read history', message);
    }
    const tl = this.structure.timeline(knownAt);
    const known = (id: string) => tl.unitSlices(id).some((slice) => this.guard.canRead(actor, slice.label));
    return unitHistory(this.structure, unitId, knownAt ? { knownAt } : {})
      .filter((event) => {
        if (event.unit && !this.guard.canRead(actor, event.unit.label)) return false;
        // A change from a slice the actor may not read would show that slice's values as `before`.
        const labelChange = event.changes?.find((change) => change.field === 'label');
        if (labelChange && !this.guard.canRead(actor, labelChange.before as SecurityLabel)) return false;
        const edge = event.relationship;
        return !edge || (this.guard.canRead(actor, edge.label) && known(edge.superiorId) && known(edge.subordinateId));
      })
      .map((event) => ({
        kind: event.kind,
        validAt: event.at,
        recordedAt: event.learnedAt,
        summary: describeEvent(event),
        ...(event.unit ? { unit: event.unit } : {}),
        ...(event.relationship ? { relationship: event.relationship } : {}),
        ...(event.changes ? { changes: event.changes } : {}),
      }));
  }

  /** Doctrine violations of the force as known now (or at `knownAt`), naming only units the actor may read. */
  validate(actor: Actor, knownAt?: Instant): Violation[] {
    const tl = this.structure.timeline(knownAt);
    const readable = (id: string) => {
      const slices = tl.unitSlices(id);
      return slices.length > 0 && slices.every((slice) => this.guard.canRead(actor, slice.label));
    };
    const readableEdge = (id: string) => {
      const edge = tl.relationship(id);
      return edge !== undefined && this.guard.canRead(actor, edge.label);
    };
    return validateForce(tl, this.settings).filter(
      (violation) => (violation.units ?? []).every(readable) && (violation.relationshipIds ?? []).every(readableEdge),
    );
  }

  /** Violations a change would introduce, checked incrementally on the projected structure. */
  check(change: ChangeSet): Violation[] {
    const scope = affectedUnits(this.structure.timeline(), change);
    return validateForce(this.structure.project(change), this.settings, { unitIds: scope });
  }

  createUnit(actor: Actor, input: UnitSlice | WithLabelInput<UnitSlice>) {
    const slice = this.writable<UnitSlice>(actor, input);
    return this.write(actor, `create unit ${slice.shortName} (${slice.id})`, (tl) => createUnit(tl, slice), {
      op: 'createUnit',
      slice,
    });
  }

  updateUnit(
    actor: Actor,
    unitId: string,
    effectiveFrom: Instant,
    input: UnitPatch | (Omit<UnitPatch, 'label'> & { label?: SecurityLabel | string }),
  ) {
    this.guard.assertRole(actor, WRITER_ROLES, 'changing the force structure');
    const patch: UnitPatch =
      input.label === undefined
        ? (input as UnitPatch)
        : this.writable<UnitSlice>(actor, input as WithLabelInput<UnitSlice>);
    return this.write(
      actor,
      `change unit ${unitId} from ${effectiveFrom.slice(0, 10)}`,
      (tl) => {
        this.assertWritableUnit(actor, tl, unitId);
        return updateUnit(tl, unitId, effectiveFrom, patch);
      },
      { op: 'updateUnit', unitId, effectiveFrom, patch },
    );
  }

  deactivateUnit(actor: Actor, unitId: string, at: Instant) {
    this.guard.assertRole(actor, WRITER_ROLES, 'changing the force structure');
    return this.write(
      actor,
      `deactivate unit ${unitId} at ${at.slice(0, 10)}`,
      (tl) => {
        this.assertWritableUnit(actor, tl, unitId);
        return deactivateUnit(tl, unitId, at);
      },
      { op: 'deactivateUnit', unitId, at },
    );
  }

  startRelationship(actor: Actor, input: Relationship | WithLabelInput<Relationship>) {
    const relationship = this.writable<Relationship>(actor, input);
    const { kind, superiorId, subordinateId } = relationship;
    return this.write(
      actor,
      `start ${kind} ${superiorId} over ${subordinateId}`,
      (tl) => startRelationship(tl, relationship),
      {
        op: 'startRelationship',
        relationship,
      },
    );
  }

  endRelationship(actor: Actor, relationshipId: string, at: Instant) {
    this.guard.assertRole(actor, WRITER_ROLES, 'changing the force structure');
    return this.write(
      actor,
      `end relationship ${relationshipId} at ${at.slice(0, 10)}`,
      (tl) => {
        const edge = tl.relationship(relationshipId);
        const message = `no relationship with id '${relationshipId}'`;
        if (!edge) throw new C2Error('C2_NOT_FOUND', message);
        if (!this.guard.canRead(actor, edge.label)) {
          throw this.guard.notFound(actor, `relationship:${relationshipId}`, 'end relationship', message);
        }
        return endRelationship(tl, relationshipId, at);
      },
      { op: 'endRelationship', relationshipId, at },
    );
  }

  /**
   * Import a document in the project's own format: a preview of what would be created, left unchanged or refused
   * (each refusal with its JSON path), then — unless `dryRun` — one atomic commit. Anything refused or any doctrine
   * error means nothing is written: a partial import would leave a structure nobody reviewed.
   */
  async importDocument(actor: Actor, input: unknown, options: { dryRun?: boolean; summary?: string } = {}) {
    const parsed = forceDocument.safeParse(input);
    if (!parsed.success) {
      const violations = parsed.error.issues.slice(0, 50).map((issue) => {
        const path = issue.path.map(String).join('.');
        return { code: 'C2_BAD_INPUT' as const, path, message: `${path}: ${issue.message}` };
      });
      throw new C2Error(
        'C2_BAD_INPUT',
        `not a valid alliance-c2/force document: ${violations[0]!.message}`,
        violations,
      );
    }
    const given = parsed.data as unknown as {
      units: WithLabelInput<UnitSlice>[];
      relationships: WithLabelInput<Relationship>[];
    };
    this.guard.assertRole(actor, WRITER_ROLES, 'importing');
    const document = {
      ...(parsed.data as ForceDocument),
      units: given.units.map((unit) => this.writable<UnitSlice>(actor, unit)),
      relationships: given.relationships.map((edge) => this.writable<Relationship>(actor, edge)),
    };
    return this.serialized(async () => {
      const preview = previewImport(this.structure.timeline(), document);
      const violations = preview.refused.length > 0 ? [] : this.check(preview.change);
      const blocking =
        preview.refused.length > 0 || violations.some((violation) => (violation.severity ?? 'error') === 'error');
      const result = {
        create: {
          units: preview.change.insertUnitSlices.length,
          relationships: preview.change.insertRelationships.length,
        },
        unchanged: preview.unchanged,
        refused: preview.refused,
        violations,
        committed: null as TxRecord | null,
      };
      if (options.dryRun || blocking) return result;
      result.committed = await this.commit(actor, preview.change, options.summary ?? `import ${document.meta.title}`, {
        op: 'import',
        title: document.meta.title,
        units: document.units.length,
        relationships: document.relationships.length,
      });
      return result;
    });
  }

  /** The force as the actor may read it, in the project's own format, every record with its own label. */
  exportDocument(actor: Actor, options: { knownAt?: Instant; title?: string } = {}): ForceDocument {
    const tl = this.structure.timeline(options.knownAt);
    // Records in key order, so the same force always exports to the same bytes whatever history led to it.
    const units = this.guard
      .readable(
        actor,
        [...tl.unitIds()].flatMap((id) => [...tl.unitSlices(id)]),
      )
      .sort(byKey);
    const unitIds = new Set(units.map((unit) => unit.id));
    const relationships = this.guard
      .readable(actor, tl.allRelationships())
      .filter((edge) => unitIds.has(edge.superiorId) && unitIds.has(edge.subordinateId))
      .sort(byKey);
    const marking = this.guard.banner([...units, ...relationships]);
    this.onExport(actor, { units: units.length, relationships: relationships.length, marking });
    return {
      format: 'alliance-c2/force',
      version: 1,
      marking,
      meta: {
        title: options.title ?? 'Alliance C2 export',
        provenance: 'Exported from Alliance C2; each record keeps its own security label.',
        exportedAt: this.clock.now(),
      },
      alliance: { structure: this.settings.structure, nations: [...this.settings.nations] },
      units,
      relationships,
    };
  }

  /**
   * Validate and commit a change computed from the current timeline. `build` runs inside the write lock so the change
   * is computed from the structure it will be applied to.
   */
  async write(
    actor: Actor,
    summary: string,
    build: (tl: ForceTimeline) => ChangeSet,
    detail?: unknown,
    /** For documents read before the write (see TxMeta.basedOnTxId): a newer version of one is a C2_CONFLICT. */
    basedOnTxId?: number,
  ) {
    return this.serialized(async () => {
      const change = build(this.structure.timeline());
      const errors = this.check(change).filter((violation) => (violation.severity ?? 'error') === 'error');
      if (errors.length > 0) {
        throw new C2Error(
          'C2_DOCTRINE_VIOLATION',
          `${summary}: breaks ${errors.length} doctrine rule(s): ${errors[0]!.message}`,
          errors,
        );
      }
      const tx = await this.commit(actor, change, summary, detail, basedOnTxId);
      return { tx, change };
    });
  }

  /**
   * Runs a write under the lock on an index caught up with every process's commits. `work` builds, checks and commits
   * its change from the structure as it stands; if another process commits first, the store refuses (the change was
   * checked against a structure that is no longer current) and `work` runs again on the fresh one. Writers in all
   * processes are thus serialized as if there were one, and doctrine holds across them.
   */
  private async serialized<T>(work: () => Promise<T>): Promise<T> {
    return this.writes.run(async () => {
      for (let attempt = 1; ; attempt++) {
        await this.catchUp();
        try {
          return await work();
        } catch (error) {
          const stale = error instanceof C2Error && error.violations.some((v) => v.path === STALE_WRITER);
          if (!stale || attempt >= MAX_WRITE_ATTEMPTS) throw error;
        }
      }
    });
  }

  /** Commit then advance the index; only ever called from `serialized`, so the index is the store as of appliedTx. */
  private async commit(
    actor: Actor,
    change: ChangeSet,
    summary: string,
    detail: unknown,
    basedOnTxId?: number,
  ): Promise<TxRecord> {
    const tx = await this.store.commit(change, {
      actor: actor.id,
      at: this.clock.now(),
      summary,
      detail,
      expectLastTxId: this.appliedTx,
      ...(basedOnTxId === undefined ? {} : { basedOnTxId }),
    });
    this.structure.apply(change, tx.id, tx.at);
    this.appliedTx = tx.id;
    return tx;
  }

  private readableUnit(actor: Actor, unitId: string, axes: TimeAxes) {
    const tl = this.structure.timeline(axes.knownAt);
    const unit = tl.unitAt(unitId, axes.at);
    const slices = tl.unitSlices(unitId);
    // A unit the actor may not read answers exactly as a unit that does not exist.
    const missing = `no unit with id '${unitId}'`;
    if (slices.length === 0) throw new C2Error('C2_NOT_FOUND', missing);
    if (!slices.some((slice) => this.guard.canRead(actor, slice.label)))
      throw this.guard.notFound(actor, `unit:${unitId}`, 'read', missing);
    const absent = `unit '${unitId}' is not in existence on ${axes.at.slice(0, 10)}`;
    if (!unit) throw new C2Error('C2_NOT_FOUND', absent);
    if (!this.guard.canRead(actor, unit.label)) throw this.guard.notFound(actor, `unit:${unitId}`, 'read', absent);
    return { unit, tl };
  }

  /** A record to write with its label canonical, after checking the actor may write it at all and write that label. */
  private writable<T extends { label: SecurityLabel }>(actor: Actor, record: WithLabelInput<T>): T {
    this.guard.assertRole(actor, WRITER_ROLES, 'changing the force structure');
    const label = this.guard.label(record.label);
    this.guard.assertCanWrite(actor, label);
    return { ...record, label } as unknown as T;
  }

  private assertWritableUnit(actor: Actor, tl: ForceTimeline, unitId: string) {
    const slices = tl.unitSlices(unitId);
    const message = `no unit with id '${unitId}'`;
    if (slices.length === 0) throw new C2Error('C2_NOT_FOUND', message);
    if (!slices.some((slice) => this.guard.canRead(actor, slice.label)))
      throw this.guard.notFound(actor, `unit:${unitId}`, 'write', message);
    for (const slice of slices) this.guard.assertCanWrite(actor, slice.label);
  }

  private readableDiff(actor: Actor, tl: ForceTimeline, diff: StructureDiff): StructureDiff {
    const can = (record: { label: UnitSlice['label'] }) => this.guard.canRead(actor, record.label);
    const unitReadable = (id: string) => {
      const slices = tl.unitSlices(id);
      return slices.length > 0 && slices.every(can);
    };
    // An edge names both its ends: readable only with both of them.
    const edge = (record: Relationship) =>
      can(record) && unitReadable(record.superiorId) && unitReadable(record.subordinateId);
    const added = diff.relationships.added.filter(edge);
    const removed = diff.relationships.removed.filter(edge);
    // A command's gains and losses are those edges again: keep only the ones shown.
    const byKind = (commandId: string, record: Partial<Record<RelationshipKind, string[]>>, shown: Relationship[]) =>
      Object.fromEntries(
        Object.entries(record)
          .map(([kind, ids]) => [
            kind,
            ids.filter((id) =>
              shown.some((e) => e.kind === kind && e.superiorId === commandId && e.subordinateId === id),
            ),
          ])
          .filter(([, ids]) => ids!.length > 0),
      );
    return {
      units: {
        added: diff.units.added.filter(can),
        removed: diff.units.removed.filter(can),
        changed: diff.units.changed.filter((change) => can(change.before) && can(change.after)),
      },
      relationships: {
        added,
        removed,
        changed: diff.relationships.changed.filter((change) => edge(change.before) && edge(change.after)),
      },
      commands: diff.commands
        .filter((command) => unitReadable(command.commandId))
        .map((command) => ({
          commandId: command.commandId,
          gained: byKind(command.commandId, command.gained, added),
          lost: byKind(command.commandId, command.lost, removed),
        }))
        .filter((command) => Object.keys(command.gained).length + Object.keys(command.lost).length > 0),
    };
  }
}

function byKey(a: { id: string; valid: { from: string } }, b: { id: string; valid: { from: string } }): number {
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.valid.from < b.valid.from ? -1 : a.valid.from > b.valid.from ? 1 : 0;
}

function flattenDiff(diff: StructureDiff) {
  return {
    unitsAdded: diff.units.added,
    unitsRemoved: diff.units.removed,
    unitsChanged: diff.units.changed,
    relationshipsAdded: diff.relationships.added,
    relationshipsRemoved: diff.relationships.removed,
    relationshipsChanged: diff.relationships.changed,
    commands: diff.commands,
  };
}

export type FlatDiff = ReturnType<typeof flattenDiff>;

function describeEvent(event: ReturnType<typeof unitHistory>[number]): string {
  const edge = event.relationship;
  switch (event.kind) {
    case 'UNIT_ACTIVATED':
      return `activated as ${event.unit?.name ?? ''}`;
    case 'UNIT_DEACTIVATED':
      return 'deactivated';
    case 'UNIT_CHANGED':
      return `changed ${(event.changes ?? []).map((change) => change.field).join(', ')}`;
    case 'RELATIONSHIP_STARTED':
      return `${edge!.kind} ${edge!.superiorId} → ${edge!.subordinateId} began${edge!.basis ? ` (${edge!.basis})` : ''}`;
    case 'RELATIONSHIP_ENDED':
      return `${edge!.kind} ${edge!.superiorId} → ${edge!.subordinateId} ended`;
  }
}
