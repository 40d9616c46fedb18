import { C2Error } from '../domain/errors.js';
import { emptyChangeSet } from '../domain/force/change.js';
import type { UnitSlice } from '../domain/force/unit.js';
import { checkMissions, type MissionViolation } from '../domain/mission/checks.js';
import { activeAt, MISSION_COLLECTION, type Mission, missionDocument } from '../domain/mission/mission.js';
import {
  missionsOfCommand,
  type Place,
  responsibilityMatrix,
  responsibleFor,
} from '../domain/mission/responsibility.js';
import type { StoredDocument } from '../domain/records.js';
import type { Instant } from '../domain/time/instant.js';
import type { Store } from '../store/port.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { ForceService } from './force.js';
import type { Guard } from './guard.js';
import { Mutex } from './mutex.js';

/** Who may assign, change or retire missions. */
const ASSIGNER_ROLES: readonly string[] = ['planner', 'editor', 'admin', 'system'];

/**
 * Whether the actor may act for a command: the staff of that command (`homeCommand`), or anyone of its nation where
 * no home command is known. The system process acts for every command.
 */
export function actsFor(actor: Actor, unit: Pick<UnitSlice, 'id' | 'nation'>): boolean {
  if (actor.roles.includes('system')) return true;
  const home = actor.homeCommand;
  return home ? home === unit.id : actor.nation === unit.nation;
}

/** Write a set of labelled documents as one transaction. */
export async function putDocuments(
  store: Store,
  clock: Clock,
  actor: Actor,
  documents: StoredDocument[],
  summary: string,
  /** `basedOnTxId`: what the writer read the documents as of (TxMeta.basedOnTxId); a newer version is a conflict. */
  options: { detail?: unknown; basedOnTxId?: number } = {},
) {
  return store.commit(
    { ...emptyChangeSet(), putDocuments: documents },
    { actor: actor.id, at: clock.now(), summary, ...options },
  );
}

/**
 * Missions and who is responsible for what. Missions are labelled documents versioned in record time; every read
 * passes the guard, and the checks run on every mission (an overlap with a mission the reader cannot see is still an
 * overlap) but report only findings whose missions and units the reader may read.
 */
export class MissionService {
  private readonly writes = new Mutex();

  constructor(
    private readonly store: Store,
    private readonly force: ForceService,
    private readonly clock: Clock,
    private readonly guard: Guard,
  ) {}

  /** Every current mission (or as known at `knownAt`), unfiltered: for checks and for other services. */
  async all(knownAt?: Instant): Promise<Mission[]> {
    const versions = await this.store.listDocuments<Mission>(MISSION_COLLECTION, knownAt ? { knownAt } : {});
    return versions.map((version) => version.record.body);
  }

  /**
   * Runs `work` with the current missions while no mission is written here: for writers that change missions along
   * with other records (a plan's execution) and must not read them stale or be overwritten by a stale edit.
   */
  async exclusive<T>(work: (missions: Mission[]) => Promise<T>): Promise<T> {
    return this.writes.run(async () => work(await this.all()));
  }

  async list(actor: Actor, filter: { at?: Instant; knownAt?: Instant } = {}): Promise<Mission[]> {
    const missions = this.guard.readable(actor, await this.all(filter.knownAt));
    return filter.at === undefined ? missions : missions.filter((mission) => activeAt(mission, filter.at!));
  }

  async get(actor: Actor, id: string, knownAt?: Instant): Promise<Mission> {
    return (await this.readable(actor, id, knownAt)).mission;
  }

  /** The mission and the transaction that recorded its current version (a writer's basis). */
  private async readable(actor: Actor, id: string, knownAt?: Instant): Promise<{ mission: Mission; txId: number }> {
    const versions = await this.store.listDocuments<Mission>(MISSION_COLLECTION, knownAt ? { knownAt } : {});
    const version = versions.find((candidate) => candidate.record.id === id);
    if (!version || !this.guard.canRead(actor, version.record.body.label)) {
      throw new C2Error('C2_NOT_FOUND', `no mission with id '${id}'`);
    }
    return { mission: version.record.body, txId: version.txId };
  }

  /** Every recorded version the actor may read, oldest first, with when it was recorded and superseded. */
  async history(actor: Actor, id: string) {
    const versions = (await this.store.documentHistory<Mission>(MISSION_COLLECTION, id)).filter((version) =>
      this.guard.canRead(actor, version.record.label),
    );
    if (versions.length === 0) throw new C2Error('C2_NOT_FOUND', `no mission with id '${id}'`);
    return versions.map((version) => ({
      recorded: version.recorded,
      txId: version.txId,
      retired: version.record.retired ?? false,
      mission: version.record.body,
    }));
  }

  /** Findings of the mission checks the actor may read, as known now (or at `knownAt`). */
  async check(actor: Actor, options: { knownAt?: Instant; missionIds?: string[] } = {}): Promise<MissionViolation[]> {
    const missions = await this.all(options.knownAt);
    const only = options.missionIds ? new Set(options.missionIds) : undefined;
    return this.readableFindings(actor, missions, this.findings(missions, options.knownAt, only), options.knownAt);
  }

  async ofCommand(actor: Actor, unitId: string, at: Instant, knownAt?: Instant) {
    const tl = this.readableTimeline(actor, unitId, knownAt);
    return missionsOfCommand(await this.list(actor, knownAt ? { knownAt } : {}), tl, unitId, at);
  }

  async responsible(actor: Actor, place: Place, at: Instant, knownAt?: Instant) {
    const tl = this.force.structure.timeline(knownAt);
    const readableUnit = (id: string) => {
      const unit = tl.unitAt(id, at);
      return unit !== undefined && this.guard.canRead(actor, unit.label);
    };
    const missions = await this.list(actor, knownAt ? { knownAt } : {});
    return responsibleFor(missions, tl, place, at).filter((entry) => readableUnit(entry.unitId));
  }

  /** The matrix over the missions the actor may read; columns of commands the actor may not read are left out. */
  async matrix(actor: Actor, at: Instant, knownAt?: Instant) {
    const tl = this.force.structure.timeline(knownAt);
    const missions = await this.list(actor, knownAt ? { knownAt } : {});
    const matrix = responsibilityMatrix(missions, tl, at);
    const hidden = matrix.unitIds.filter((id) => !this.guard.canRead(actor, tl.unitAt(id, at)!.label));
    for (const row of Object.values(matrix.cells)) for (const id of hidden) delete row[id];
    const byId = new Map(missions.map((mission) => [mission.id, mission]));
    return {
      ...matrix,
      unitIds: matrix.unitIds.filter((id) => !hidden.includes(id)),
      missions: matrix.missionIds.map((id) => byId.get(id)!),
      units: matrix.unitIds.filter((id) => !hidden.includes(id)).map((id) => tl.unitAt(id, at)!),
    };
  }

  /** Store a new mission; the findings about it come back with it (a gap is recorded, not refused). */
  async create(actor: Actor, mission: Mission) {
    this.assertMayAssign(actor, mission);
    return this.writes.run(async () => {
      const current = await this.all();
      if (current.some((existing) => existing.id === mission.id)) {
        throw new C2Error('C2_DUPLICATE_ID', `a mission with id '${mission.id}' exists`);
      }
      const tx = await putDocuments(
        this.store,
        this.clock,
        actor,
        [missionDocument(mission)],
        `create mission ${mission.id}`,
      );
      return { tx, mission, violations: await this.check(actor, { missionIds: [mission.id] }) };
    });
  }

  async update(actor: Actor, id: string, patch: Partial<Omit<Mission, 'id'>>) {
    return this.writes.run(async () => {
      // The lock orders writers in this process; the basis refuses one that another process got in before.
      const { mission: before, txId } = await this.readable(actor, id);
      this.assertMayAssign(actor, before);
      const mission: Mission = { ...before, ...patch, id };
      this.assertMayAssign(actor, mission);
      const tx = await putDocuments(this.store, this.clock, actor, [missionDocument(mission)], `change mission ${id}`, {
        detail: patch,
        basedOnTxId: txId,
      });
      return { tx, mission, violations: await this.check(actor, { missionIds: [id] }) };
    });
  }

  async retire(actor: Actor, id: string) {
    return this.writes.run(async () => {
      const { mission, txId } = await this.readable(actor, id);
      this.assertMayAssign(actor, mission);
      const tx = await putDocuments(
        this.store,
        this.clock,
        actor,
        [missionDocument(mission, true)],
        `retire mission ${id}`,
        { basedOnTxId: txId },
      );
      return { tx };
    });
  }

  /**
   * A nation assigns missions to its own commands (parallel national chains): the actor writes the label and acts
   * for the lead's nation. The demo loader writes as the system.
   */
  private assertMayAssign(actor: Actor, mission: Mission): void {
    if (!actor.roles.some((role) => ASSIGNER_ROLES.includes(role))) {
      throw new C2Error('C2_FORBIDDEN', 'assigning missions needs the planner, editor or admin role');
    }
    this.guard.assertCanWrite(actor, mission.label);
    if (!mission.lead) return;
    const lead = this.force.structure.timeline().unitSlices(mission.lead)[0];
    if (lead && !actor.roles.includes('system') && actor.nation !== lead.nation) {
      throw new C2Error('C2_FORBIDDEN', `missions led by ${lead.shortName} are assigned by ${lead.nation} staff`);
    }
  }

  private findings(missions: Mission[], knownAt: Instant | undefined, only?: Set<string>) {
    const tl = this.force.structure.timeline(knownAt);
    return checkMissions(missions, tl, this.force.settings, only ? { only } : {});
  }

  private readableFindings(
    actor: Actor,
    missions: Mission[],
    findings: MissionViolation[],
    knownAt: Instant | undefined,
  ): MissionViolation[] {
    const tl = this.force.structure.timeline(knownAt);
    const labels = new Map(missions.map((mission) => [mission.id, mission.label]));
    const unitReadable = (id: string) => {
      const slices = tl.unitSlices(id);
      return slices.length === 0 || slices.every((slice) => this.guard.canRead(actor, slice.label));
    };
    return findings.filter(
      (finding) =>
        finding.missionIds.every((id) => this.guard.canRead(actor, labels.get(id)!)) &&
        (finding.units ?? []).every(unitReadable),
    );
  }

  private readableTimeline(actor: Actor, unitId: string, knownAt?: Instant) {
    const tl = this.force.structure.timeline(knownAt);
    if (!tl.unitSlices(unitId).some((slice) => this.guard.canRead(actor, slice.label))) {
      throw new C2Error('C2_NOT_FOUND', `no unit with id '${unitId}'`);
    }
    return tl;
  }
}
