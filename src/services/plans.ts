import type { RelationshipKind } from '../domain/command/relationship.js';
import { C2Error, type Violation } from '../domain/errors.js';
import { type ChangeSet, emptyChangeSet } from '../domain/force/change.js';
import { projectTimeline } from '../domain/force/overlay.js';
import type { ForceTimeline } from '../domain/force/timeline.js';
import type { Mission } from '../domain/mission/mission.js';
import type { StoredDocument } from '../domain/records.js';
import { executionRecord, missionsBeforeExecution, rollbackChange } from '../domain/reorg/changes.js';
import { type Comparison, compareStructures } from '../domain/reorg/compare.js';
import { type PlanConflict, planConflicts } from '../domain/reorg/conflicts.js';
import { evaluatePlan, type PlanEvaluation, type PlanViolation, planChange } from '../domain/reorg/evaluate.js';
import { type Impact, impactAt } from '../domain/reorg/impact.js';
import { type ResponsibilityImpact, responsibilityImpact } from '../domain/reorg/responsibility.js';
import {
  operationCreates,
  operationLabels,
  operationRefs,
  orderedPhases,
  type Plan,
  type PlanAction,
  type PlanOperation,
} from '../domain/reorg/plan.js';
import { planInput } from '../domain/reorg/schema.js';
import { visibleTimeline } from '../domain/reorg/visible.js';
import { assertStep, recordStep } from '../domain/reorg/workflow.js';
import type { SecurityLabel } from '../domain/security/label.js';
import type { Instant } from '../domain/time/instant.js';
import type { Store } from '../store/port.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { ForceService } from './force.js';
import type { Guard } from './guard.js';
import type { MissionService } from './missions.js';
import { Mutex } from './mutex.js';

const COLLECTION = 'plans';

export type PlanStep = Exclude<PlanAction, 'create' | 'edit'>;

/** An operation as a reader who may not see what it touches gets it: its id and kind only. */
export type OperationView = PlanOperation | { id: string; op: PlanOperation['op']; withheld: true };

export interface PlanView extends Omit<Plan, 'phases' | 'execution'> {
  phases: Array<{ id: string; name: string; effectiveDate: Instant; operations: OperationView[] }>;
}

export interface ValidationView {
  planId: string;
  state: Plan['state'];
  /** Approved plans this one was validated on top of (readable ones by id; the rest counted). */
  basedOn: string[];
  basedOnWithheld: number;
  valid: boolean;
  errors: number;
  warnings: number;
  violations: PlanViolation[];
  /** Violations naming a unit the reader may not see: counted, so a blocked approval is never a mystery. */
  withheld: number;
  conflicts: PlanConflict[];
  phases: Array<{
    id: string;
    name: string;
    effectiveDate: Instant;
    operations: number;
    introduced: number;
    resolved: number;
    failed: number;
  }>;
  stats: PlanEvaluation['stats'];
}

interface Loaded {
  plan: Plan;
  txId: number;
}

/** A plan's impact at one date: the force's and who is responsible for which mission. */
export type PlanImpact = Impact & { responsibility: ResponsibilityImpact };

interface Stack {
  key: string;
  /** Each approved plan (approval order) with the base (force and missions) it was validated on. */
  levels: Array<{ planId: string; base: ForceTimeline; missions: Mission[]; evaluation: PlanEvaluation }>;
  top: ForceTimeline;
  topMissions: Mission[];
  evaluations: Map<string, PlanEvaluation>;
}

/**
 * Reorganization plans: drafting, the review workflow, validation, impact and comparison, execution and rollback.
 * Plans are labelled documents (collection 'plans'); every step writes a new version through the force service's
 * writer, so a step, and an execution with its force change, is one store transaction.
 *
 * Access: a plan the actor cannot read is 'not found'. A plan may name only units and relationships its author can
 * read (or that a plan they can read creates). Readers see operations touching what they cannot read as withheld;
 * violations naming such units are counted, not shown; impact and comparison are computed on the structure as the
 * reader sees it, so counts, personnel sums and chains never include what is hidden.
 */
export class PlansService {
  private readonly lock = new Mutex();
  private stack: Stack | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly guard: Guard,
    private readonly force: ForceService,
    private readonly missions: MissionService,
  ) {}

  async list(actor: Actor) {
    return (await this.loadAll())
      .filter(({ plan }) => this.guard.canRead(actor, plan.label))
      .map(({ plan }) => ({
        id: plan.id,
        title: plan.title,
        state: plan.state,
        label: plan.label,
        phases: plan.phases.length,
        operations: plan.phases.reduce((n, phase) => n + phase.operations.length, 0),
        firstDate: orderedPhases(plan)[0]?.effectiveDate ?? null,
        updatedAt: plan.history.at(-1)?.at ?? null,
      }));
  }

  async get(actor: Actor, id: string): Promise<PlanView> {
    const { plan } = await this.readable(actor, id);
    return await this.view(actor, plan);
  }

  async create(actor: Actor, input: unknown): Promise<PlanView> {
    return this.lock.run(async () => {
      assertStep(null, 'create', actor.roles);
      const content = parsePlan(input);
      this.guard.assertCanWrite(actor, content.label);
      const basis = await this.store.lastTxId();
      const all = await this.loadAll();
      if (all.some(({ plan }) => plan.id === content.id))
        throw new C2Error('C2_DUPLICATE_ID', `plan id '${content.id}' is already in use`);
      await this.assertNamesReadable(actor, content, all);
      const plan = recordStep({ ...content, state: 'DRAFT', history: [] }, 'create', actor.id, this.clock.now());
      await this.save(actor, plan, `create plan ${plan.id}`, basis);
      return await this.view(actor, plan);
    });
  }

  /** Replace a draft's content (title, description, label, phases); the history records the edit. */
  async update(actor: Actor, id: string, input: unknown): Promise<PlanView> {
    return this.lock.run(async () => {
      const { plan, txId } = await this.readable(actor, id);
      assertStep(plan, 'edit', actor.roles);
      const content = parsePlan(input);
      if (content.id !== id)
        throw new C2Error('C2_BAD_INPUT', `the body's id '${content.id}' is not the plan's id '${id}'`);
      this.guard.assertCanWrite(actor, plan.label);
      this.guard.assertCanWrite(actor, content.label);
      await this.assertNamesReadable(actor, content, await this.loadAll());
      const next = recordStep({ ...plan, ...content }, 'edit', actor.id, this.clock.now());
      await this.save(actor, next, `edit plan ${id}`, txId);
      return await this.view(actor, next);
    });
  }

  async step(actor: Actor, id: string, action: PlanStep, note?: string): Promise<PlanView> {
    return this.lock.run(async () => {
      const loaded = await this.readable(actor, id);
      const { plan } = loaded;
      assertStep(plan, action, actor.roles);
      this.guard.assertCanWrite(actor, plan.label);
      const next = recordStep(plan, action, actor.id, this.clock.now(), note);
      if (action === 'approve') await this.assertApprovable(actor, plan);
      if (action === 'execute') await this.execute(actor, plan, next);
      else if (action === 'rollback') await this.rollback(actor, loaded, next);
      else await this.save(actor, next, `${action} plan ${id}`, loaded.txId);
      return await this.view(actor, (await this.readable(actor, id)).plan);
    });
  }

  async validation(actor: Actor, id: string): Promise<ValidationView> {
    const { plan } = await this.readable(actor, id);
    const all = await this.loadAll();
    const { evaluation, basedOn } = await this.evaluate(plan, all);
    const shown = this.violationVisibility(actor, evaluation);
    const violations = evaluation.violations.filter(shown);
    const conflicts = this.conflicts(actor, plan, all);
    const readablePlan = (planId: string) =>
      all.some((p) => p.plan.id === planId && this.guard.canRead(actor, p.plan.label));
    const count = (list: Violation[]) => list.filter(shown).length;
    const blocking = conflicts.filter(
      (c) => (c.severity ?? 'error') === 'error' && this.approvedIds(all).has(c.plans[1]),
    );
    return {
      planId: plan.id,
      state: plan.state,
      basedOn: basedOn.filter(readablePlan),
      basedOnWithheld: basedOn.filter((planId) => !readablePlan(planId)).length,
      valid: evaluation.errors === 0 && blocking.length === 0,
      errors: evaluation.errors,
      warnings: evaluation.warnings,
      violations,
      withheld: evaluation.violations.length - violations.length,
      conflicts,
      phases: evaluation.phases.map((p, k) => {
        const missions = evaluation.missions.phases[k]!;
        return {
          id: p.phase.id,
          name: p.phase.name,
          effectiveDate: p.phase.effectiveDate,
          operations: p.phase.operations.length,
          introduced: count(p.introduced) + count(missions.introduced),
          resolved: count(p.resolved) + count(missions.resolved),
          failed: count(p.failed) + count(missions.failed),
        };
      }),
      stats: evaluation.stats,
    };
  }

  /**
   * Impact of each phase (at its date) and of the whole plan (at the last phase's date), as the actor sees it: the
   * force's, and who is responsible for which mission over the missions and commands the actor may read.
   */
  async impact(actor: Actor, id: string) {
    const { plan } = await this.readable(actor, id);
    const { evaluation } = await this.evaluate(plan, await this.loadAll());
    const canRead = (record: { label: SecurityLabel }) => this.guard.canRead(actor, record.label);
    const see = (tl: ForceTimeline) => visibleTimeline(tl, (label) => this.guard.canRead(actor, label));
    const at = (base: ForceTimeline, projected: ForceTimeline, before: Mission[], after: Mission[], date: Instant) => {
      const [was, now] = [see(base), see(projected)];
      return {
        was,
        now,
        responsibility: responsibilityImpact(
          { missions: before.filter(canRead), timeline: was },
          { missions: after.filter(canRead), timeline: now },
          date,
        ),
      };
    };
    const phases = evaluation.phases.map((p, k) => {
      const layer = evaluation.missions.phases[k]!;
      const { was, now, responsibility } = at(p.base, p.projected, layer.before, layer.after, p.phase.effectiveDate);
      const impact: PlanImpact = { ...impactAt(was, now, p.phase.effectiveDate, p.scope), responsibility };
      return { phaseId: p.phase.id, name: p.phase.name, impact };
    });
    const last = evaluation.phases.at(-1);
    const scope = new Set(evaluation.phases.flatMap((p) => [...p.scope]));
    let whole: PlanImpact | null = null;
    if (last) {
      const date = last.phase.effectiveDate;
      const { missions } = evaluation;
      const { was, now, responsibility } = at(
        evaluation.base,
        evaluation.projected,
        missions.base,
        missions.final,
        date,
      );
      whole = { ...impactAt(was, now, date, scope), responsibility };
    }
    return { planId: plan.id, phases, whole };
  }

  /** As-is and to-be org charts at `at` (default: the last phase's date), each node marked. */
  async compare(
    actor: Actor,
    id: string,
    options: { at?: Instant; kinds?: RelationshipKind[] } = {},
  ): Promise<Comparison> {
    const { plan } = await this.readable(actor, id);
    const { evaluation } = await this.evaluate(plan, await this.loadAll());
    const at = options.at ?? orderedPhases(plan).at(-1)!.effectiveDate;
    const can = (record: { label: SecurityLabel }) => this.guard.canRead(actor, record.label);
    return compareStructures(
      evaluation.base,
      evaluation.projected,
      at,
      options.kinds ?? ['COCOM', 'OPCON'],
      (unit, via) => can(unit) && (!via || can(via)),
    );
  }

  /** The roll-up marking of a plan and what a view of it shows. */
  marking(plan: { label: SecurityLabel }, records: Iterable<{ label: SecurityLabel }> = []): string {
    return this.guard.banner([plan, ...records]);
  }

  private async execute(actor: Actor, plan: Plan, next: Plan) {
    for (const op of plan.phases.flatMap((phase) => phase.operations)) {
      for (const label of operationLabels(op)) this.guard.assertCanWrite(actor, label);
    }
    // Missions are read and written under their own lock, then the force's (always in that order).
    await this.missions.exclusive((missions) =>
      this.force.write(
        actor,
        `execute plan ${plan.id}`,
        (tl) => {
          const evaluation = evaluatePlan(tl, plan, this.force.settings, undefined, missions);
          if (evaluation.errors > 0) throw invalid(plan, evaluation.violations);
          const change = planChange(evaluation);
          this.assertMayWriteMissions(actor, tl, missions, evaluation.missions.written);
          const body = document({ ...next, execution: executionRecord(tl, change, missions) });
          return withDocument(change, body);
        },
        { op: 'executePlan', planId: plan.id },
      ),
    );
  }

  /**
   * Whoever executes a plan writes its missions: they need the missions' labels, and (as for any assignment, parallel
   * national chains) the nation of each mission's lead before and after, the system process excepted.
   */
  private assertMayWriteMissions(actor: Actor, tl: ForceTimeline, before: Mission[], written: Mission[]) {
    const prior = new Map(before.map((mission) => [mission.id, mission]));
    for (const mission of written) {
      this.guard.assertCanWrite(actor, mission.label);
      if (actor.roles.includes('system')) continue;
      for (const lead of [mission.lead, prior.get(mission.id)?.lead]) {
        const unit = lead ? tl.unitSlices(lead)[0] : undefined;
        if (unit && unit.nation !== actor.nation)
          throw new C2Error(
            'C2_FORBIDDEN',
            `mission ${mission.id}: missions led by ${unit.shortName} are assigned by ${unit.nation} staff`,
          );
      }
    }
  }

  private async rollback(actor: Actor, loaded: Loaded, next: Plan) {
    const execution = loaded.plan.execution;
    if (!execution) throw new C2Error('C2_BAD_STATE', `plan ${loaded.plan.id} has no execution record to roll back`);
    const body: Plan = { ...next, executedTx: loaded.txId };
    await this.missions.exclusive(() =>
      this.force.write(
        actor,
        `roll back plan ${loaded.plan.id}`,
        () => withDocument(rollbackChange(execution), document(body)),
        { op: 'rollbackPlan', planId: loaded.plan.id },
      ),
    );
  }

  private async assertApprovable(actor: Actor, plan: Plan) {
    const all = await this.loadAll();
    const { evaluation } = await this.evaluate(plan, all);
    const approved = this.approvedIds(all);
    const blocking = planConflictsWith(plan, all).filter(
      (c) => (c.severity ?? 'error') === 'error' && approved.has(c.plans[1]),
    );
    if (evaluation.errors === 0 && blocking.length === 0) return;
    const shown = this.violationVisibility(actor, evaluation);
    throw invalid(plan, [...evaluation.violations, ...blocking].filter(shown));
  }

  /**
   * Evaluates a plan on its base: an executed plan on the structure without it; an approved plan on the force plus the
   * plans approved before it; any other plan on the force plus every approved plan ("validated on top of").
   */
  private async evaluate(plan: Plan, all: Loaded[]) {
    if (plan.state === 'EXECUTED' && plan.execution) {
      const base = projectTimeline(this.force.structure.timeline(), rollbackChange(plan.execution));
      const missions = missionsBeforeExecution(await this.missions.all(), plan.execution);
      return {
        evaluation: evaluatePlan(base, plan, this.force.settings, undefined, missions),
        basedOn: [] as string[],
      };
    }
    const stack = await this.approvedStack(all);
    const level = stack.levels.findIndex((l) => l.planId === plan.id);
    const { base, missions } = level >= 0 ? stack.levels[level]! : { base: stack.top, missions: stack.topMissions };
    const basedOn = stack.levels.slice(0, level >= 0 ? level : undefined).map((l) => l.planId);
    const evaluation = evaluatePlan(base, plan, this.force.settings, stack.evaluations.get(plan.id), missions);
    stack.evaluations.set(plan.id, evaluation);
    return { evaluation, basedOn };
  }

  /** Approved plans stacked in approval order over the current force; rebuilt when the force or the approvals change. */
  private async approvedStack(all: Loaded[]): Promise<Stack> {
    const approved = all
      .filter(({ plan }) => plan.state === 'APPROVED')
      .map(({ plan }) => plan)
      .sort((a, b) => (approvedAt(a) < approvedAt(b) ? -1 : 1));
    const key = `${await this.forceTx()}|${approved.map((p) => `${p.id}:${JSON.stringify(p.phases)}`).join('|')}`;
    if (this.stack?.key === key) return this.stack;
    const stack: Stack = {
      key,
      levels: [],
      top: this.force.structure.timeline(),
      topMissions: await this.missions.all(),
      evaluations: new Map(),
    };
    for (const plan of approved) {
      const evaluation = evaluatePlan(stack.top, plan, this.force.settings, undefined, stack.topMissions);
      stack.levels.push({ planId: plan.id, base: stack.top, missions: stack.topMissions, evaluation });
      stack.evaluations.set(plan.id, evaluation);
      stack.top = evaluation.projected;
      stack.topMissions = evaluation.missions.final;
    }
    this.stack = stack;
    return stack;
  }

  /**
   * The last transaction that may have changed the force. Plan-only commits made here do not, so they leave it as it
   * was and cached evaluations stay valid across a draft edit (that is what makes re-validation incremental).
   */
  private forceEpoch = { txId: -1, epoch: -1 };
  private async forceTx(): Promise<number> {
    const last = await this.store.lastTxId();
    if (last !== this.forceEpoch.txId) this.forceEpoch = { txId: last, epoch: last };
    return this.forceEpoch.epoch;
  }

  /** Saves a plan read (or found absent) as of `basis`: another process's newer version of it is a C2_CONFLICT. */
  private async save(actor: Actor, plan: Plan, summary: string, basis: number) {
    const epoch = this.forceEpoch;
    const before = await this.store.lastTxId();
    const { tx } = await this.force.write(
      actor,
      summary,
      () => ({ ...emptyChangeSet(), putDocuments: [document(plan)] }),
      {
        op: 'savePlan',
        planId: plan.id,
        state: plan.state,
      },
      basis,
    );
    if (epoch.txId === before && tx.id === before + 1) this.forceEpoch = { txId: tx.id, epoch: epoch.epoch };
  }

  private async loadAll(): Promise<Loaded[]> {
    const versions = await this.store.listDocuments<Plan>(COLLECTION);
    return versions.map((version) => {
      const plan = { ...version.record.body, label: version.record.label };
      // The version that set EXECUTED is the execution's own transaction; rollback stores it in the body.
      if (plan.state === 'EXECUTED') plan.executedTx = version.txId;
      if (plan.state === 'ROLLED_BACK') plan.rollbackTx = version.txId;
      return { plan, txId: version.txId };
    });
  }

  private async readable(actor: Actor, id: string): Promise<Loaded> {
    const found = (await this.loadAll()).find(({ plan }) => plan.id === id);
    // A plan the actor may not read answers exactly as a plan that does not exist.
    if (!found || !this.guard.canRead(actor, found.plan.label))
      throw new C2Error('C2_NOT_FOUND', `no plan with id '${id}'`);
    return found;
  }

  private approvedIds(all: Loaded[]): Set<string> {
    return new Set(all.filter(({ plan }) => plan.state === 'APPROVED').map(({ plan }) => plan.id));
  }

  private conflicts(actor: Actor, plan: Plan, all: Loaded[]): PlanConflict[] {
    const readable = all.filter((other) => this.guard.canRead(actor, other.plan.label));
    return planConflictsWith(plan, readable);
  }

  /**
   * A violation is shown when every unit it names is (every slice of it the structures hold is readable) and so is
   * every mission it concerns, before or after the plan; an id nothing knows says nothing.
   */
  private violationVisibility(actor: Actor, evaluation: PlanEvaluation) {
    const unit = (id: string) => {
      const slices = [...evaluation.base.unitSlices(id), ...evaluation.projected.unitSlices(id)];
      return slices.every((slice) => this.guard.canRead(actor, slice.label));
    };
    const { base, final } = evaluation.missions;
    const labels = new Map([...base, ...final].map((mission) => [mission.id, [] as SecurityLabel[]]));
    for (const mission of [...base, ...final]) labels.get(mission.id)!.push(mission.label);
    const mission = (id: string) => (labels.get(id) ?? []).every((label) => this.guard.canRead(actor, label));
    return (v: Violation & { missionIds?: string[] }) =>
      (v.units ?? []).every(unit) && (v.missionIds ?? []).every(mission);
  }

  /** Every record a plan names must be one the author can read now, or one a plan they can read creates. */
  private async assertNamesReadable(actor: Actor, plan: Pick<Plan, 'phases'>, all: Loaded[]) {
    const tl = this.force.structure.timeline();
    const missions = new Map((await this.missions.all()).map((mission) => [mission.id, mission]));
    const created = new Set<string>();
    for (const { plan: other } of all) {
      if (!this.guard.canRead(actor, other.label) || other.state === 'ROLLED_BACK') continue;
      for (const op of other.phases.flatMap((phase) => phase.operations))
        for (const id of operationCreates(op)) created.add(id);
    }
    for (const op of plan.phases.flatMap((phase) => phase.operations))
      for (const id of operationCreates(op)) created.add(id);
    for (const op of plan.phases.flatMap((phase) => phase.operations)) {
      const own = new Set(operationCreates(op));
      const refs = operationRefs(op);
      for (const id of refs.units.filter((u) => !own.has(u))) {
        const slices = tl.unitSlices(id);
        const readable = slices.length > 0 && slices.every((slice) => this.guard.canRead(actor, slice.label));
        if (!readable && !created.has(id))
          throw new C2Error('C2_NOT_FOUND', `operation ${op.id}: no unit with id '${id}'`);
      }
      for (const id of refs.relationships.filter((r) => !own.has(r))) {
        const edge = tl.relationship(id);
        if (!(edge && this.guard.canRead(actor, edge.label)) && !created.has(id)) {
          throw new C2Error('C2_NOT_FOUND', `operation ${op.id}: no relationship with id '${id}'`);
        }
      }
      for (const id of refs.missions.filter((m) => !own.has(m))) {
        const mission = missions.get(id);
        if (!(mission && this.guard.canRead(actor, mission.label)) && !created.has(id))
          throw new C2Error('C2_NOT_FOUND', `operation ${op.id}: no mission with id '${id}'`);
      }
    }
  }

  private async view(actor: Actor, plan: Plan): Promise<PlanView> {
    const tl = this.force.structure.timeline();
    const missions = new Map((await this.missions.all()).map((mission) => [mission.id, mission]));
    const missionHidden = (id: string) => {
      const mission = missions.get(id);
      return mission !== undefined && !this.guard.canRead(actor, mission.label);
    };
    const unitHidden = (id: string) => tl.unitSlices(id).some((slice) => !this.guard.canRead(actor, slice.label));
    const edgeHidden = (id: string) => {
      const edge = tl.relationship(id);
      return edge !== undefined && !this.guard.canRead(actor, edge.label);
    };
    const { execution: _execution, ...rest } = plan;
    return {
      ...rest,
      phases: plan.phases.map((phase) => ({
        ...phase,
        operations: phase.operations.map((op): OperationView => {
          const refs = operationRefs(op);
          const hidden =
            refs.units.some(unitHidden) ||
            refs.relationships.some(edgeHidden) ||
            refs.missions.some(missionHidden) ||
            operationLabels(op).some((label) => !this.guard.canRead(actor, label));
          return hidden ? { id: op.id, op: op.op, withheld: true } : op;
        }),
      })),
    };
  }
}

function planConflictsWith(plan: Plan, others: Loaded[]): PlanConflict[] {
  return others
    .filter(({ plan: other }) => other.id !== plan.id && ['DRAFT', 'PROPOSED', 'APPROVED'].includes(other.state))
    .flatMap(({ plan: other }) => planConflicts(plan, other));
}

function approvedAt(plan: Plan): Instant {
  return plan.history.findLast((entry) => entry.action === 'approve')?.at ?? '';
}

function parsePlan(input: unknown) {
  const parsed = planInput.safeParse(input);
  if (!parsed.success) {
    const violations: Violation[] = parsed.error.issues.slice(0, 50).map((issue) => {
      const path = issue.path.map(String).join('.');
      return { code: 'C2_BAD_INPUT', path, message: `${path}: ${issue.message}` };
    });
    throw new C2Error('C2_BAD_INPUT', `not a valid plan: ${violations[0]!.message}`, violations);
  }
  return parsed.data as Pick<Plan, 'id' | 'title' | 'description' | 'label' | 'phases'>;
}

/** A change with one more document written in its transaction. */
function withDocument(change: ChangeSet, doc: StoredDocument): ChangeSet {
  return { ...change, putDocuments: [...(change.putDocuments ?? []), doc] };
}

function document(plan: Plan): StoredDocument<Plan> {
  const { rollbackTx: _rolledBack, ...body } = plan;
  return { collection: COLLECTION, id: plan.id, body, label: plan.label };
}

function invalid(plan: Plan, violations: Violation[]): C2Error {
  return new C2Error(
    'C2_PLAN_INVALID',
    `plan ${plan.id} breaks ${violations.length} rule(s) or conflicts${violations[0] ? `: ${violations[0].message}` : ''}`,
    violations,
  );
}
