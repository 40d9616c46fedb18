import type { DoctrineSettings } from '../command/settings.js';
import { C2Error, type Violation } from '../errors.js';
import type { ForceTimeline } from '../force/timeline.js';
import { checkMissions, type MissionViolation } from '../mission/checks.js';
import type { Mission } from '../mission/mission.js';
import type { Instant } from '../time/instant.js';
import { interval } from '../time/interval.js';
import { describeOperation, operationRefs, type Phase, type PlanOperation, type PlanViolation } from './plan.js';

/** One evaluated phase as the mission layer needs it: the structure before and after it. */
export interface MissionStep {
  phase: Phase;
  base: ForceTimeline;
  projected: ForceTimeline;
  /** The phase's operations a finding points at through the force records they touched. */
  causes: (v: Violation) => string[];
}

export interface MissionPhase {
  phaseId: string;
  before: Mission[];
  after: Mission[];
  /** Ids of the missions each of the phase's operations wrote, by operation id. */
  written: Record<string, string[]>;
  /** Mission check findings on the phase's projected structure and missions. */
  findings: MissionViolation[];
  introduced: PlanViolation[];
  resolved: MissionViolation[];
  failed: PlanViolation[];
}

export interface MissionLayer {
  base: Mission[];
  phases: MissionPhase[];
  /** Missions after the last phase. */
  final: Mission[];
  /** Every mission the plan writes, as it stands after the last phase (ended originals and their successors). */
  written: Mission[];
  failed: PlanViolation[];
  /** Findings the plan introduced that are still open after the last phase, each with the phase that introduced it. */
  open: PlanViolation[];
}

const MISSION_OPS: ReadonlySet<PlanOperation['op']> = new Set(['assignMission', 'moveMission']);

/**
 * Applies a plan's mission operations phase by phase and runs the mission checks on each phase's projected structure:
 * a finding the phase's structure and missions show that the ones before it did not is charged to the phase, to the
 * operations that wrote its missions (else to those whose force change it touches). Every mission is checked at
 * every phase, since a force change alone can take away a lead's authority path or a named unit.
 */
export function evaluateMissions(
  steps: readonly MissionStep[],
  base: readonly Mission[],
  settings: DoctrineSettings,
): MissionLayer {
  const state = new Map(base.map((mission) => [mission.id, mission]));
  const planned = steps.some((step) => step.phase.operations.some((op) => MISSION_OPS.has(op.op)));
  if (!planned && base.length === 0) {
    const phases = steps.map((step) => ({ ...emptyPhase(step.phase.id), before: [], after: [] }));
    return { base: [], phases, final: [], written: [], failed: [], open: [] };
  }
  const writtenIds = new Set<string>();
  let findings = steps[0] ? checkMissions([...state.values()], steps[0].base, settings) : [];
  const phases: MissionPhase[] = [];
  for (const step of steps) {
    const { phase } = step;
    const before = [...state.values()];
    const result: MissionPhase = { ...emptyPhase(phase.id), before, after: before };
    for (const op of phase.operations) {
      if (!MISSION_OPS.has(op.op)) continue;
      try {
        const wrote = applyMissionOperation(state, op, phase.effectiveDate);
        result.written[op.id] = wrote.map((mission) => mission.id);
        for (const mission of wrote) writtenIds.add(mission.id);
      } catch (error) {
        if (!(error instanceof C2Error)) throw error;
        const refs = operationRefs(op);
        result.failed.push(
          attribute(
            {
              code: error.code,
              message: `operation ${op.id} (${describeOperation(op)}) cannot be applied: ${error.message}`,
              units: refs.units,
              missionIds: refs.missions.slice(0, 1),
            },
            phase,
            [op.id],
          ),
        );
      }
    }
    result.after = [...state.values()];
    result.findings = checkMissions(result.after, step.projected, settings);
    const beforeKeys = new Set(findings.map(findingKey));
    const afterKeys = new Set(result.findings.map(findingKey));
    const writers = (v: MissionViolation) =>
      Object.entries(result.written)
        .filter(([, ids]) => ids.some((id) => v.missionIds.includes(id)))
        .map(([opId]) => opId);
    result.introduced = result.findings
      .filter((v) => !beforeKeys.has(findingKey(v)))
      .map((v) => {
        const direct = writers(v);
        return attribute(v, phase, direct.length > 0 ? direct : step.causes(v));
      });
    result.resolved = findings.filter((v) => !afterKeys.has(findingKey(v)));
    findings = result.findings;
    phases.push(result);
  }
  return {
    base: [...base],
    phases,
    final: [...state.values()],
    written: [...writtenIds].map((id) => state.get(id)!),
    failed: phases.flatMap((p) => p.failed),
    open: stillOpen(phases),
  };
}

/** The missions one operation writes at `at`, applied to `state`; throws a C2Error when it cannot apply. */
export function applyMissionOperation(state: Map<string, Mission>, op: PlanOperation, at: Instant): Mission[] {
  if (op.op === 'assignMission') {
    const { until, ...rest } = op.mission;
    if (state.has(rest.id)) throw new C2Error('C2_DUPLICATE_ID', `a mission with id '${rest.id}' exists`);
    const mission: Mission = { ...rest, valid: interval(at, until ?? null, 'mission.valid') };
    state.set(mission.id, mission);
    return [mission];
  }
  if (op.op !== 'moveMission') return [];
  const current = state.get(op.missionId);
  if (!current) throw new C2Error('C2_NOT_FOUND', `no mission with id '${op.missionId}'`);
  if (current.valid.to !== null && current.valid.to <= at) {
    throw new C2Error(
      'C2_BAD_STATE',
      `mission '${op.missionId}' ended on ${current.valid.to.slice(0, 10)}, before the phase date ${at.slice(0, 10)}`,
    );
  }
  const patch = {
    ...(op.lead ? { lead: op.lead } : {}),
    ...(op.supporting ? { supporting: op.supporting } : {}),
    ...(op.area ? { area: op.area } : {}),
  };
  // Not yet begun: the change holds for its whole validity, so the mission itself changes.
  if (current.valid.from >= at) {
    const moved = { ...current, ...patch };
    state.set(moved.id, moved);
    return [moved];
  }
  // Running: the old assignment ends at the date and a successor carries the change, so either date reads truly.
  const successorId =
    op.newId ?? [`${op.missionId}~${at.slice(0, 10)}`, `${op.missionId}~${at}`].find((id) => !state.has(id));
  if (!successorId || state.has(successorId)) {
    throw new C2Error(
      'C2_DUPLICATE_ID',
      op.newId
        ? `a mission with id '${op.newId}' exists`
        : `mission ${op.missionId}: derived ids are taken; pass newId`,
    );
  }
  const ended: Mission = { ...current, valid: { from: current.valid.from, to: at } };
  const successor: Mission = {
    ...current,
    ...patch,
    id: successorId,
    valid: { from: at, to: current.valid.to },
    follows: current.id,
  };
  state.set(ended.id, ended);
  state.set(successor.id, successor);
  return [ended, successor];
}

function emptyPhase(phaseId: string) {
  return {
    phaseId,
    written: {} as Record<string, string[]>,
    findings: [] as MissionViolation[],
    introduced: [] as PlanViolation[],
    resolved: [] as MissionViolation[],
    failed: [] as PlanViolation[],
  };
}

function attribute(v: MissionViolation, phase: Phase, operationIds: string[]): PlanViolation {
  return { ...v, phaseId: phase.id, phaseName: phase.name, effectiveDate: phase.effectiveDate, operationIds };
}

/** A finding's identity across structures: the rule, the units and the missions (not the message, which names dates). */
function findingKey(v: Violation & { missionIds?: string[] }): string {
  return [
    v.code,
    v.severity ?? 'error',
    [...(v.units ?? [])].sort().join(','),
    [...(v.missionIds ?? [])].sort().join(','),
  ].join('\u0000');
}

/** Introduced findings not resolved by a later phase, each worded as the last phase states it. */
function stillOpen(phases: MissionPhase[]): PlanViolation[] {
  const open = new Map<string, PlanViolation>();
  for (const phase of phases) {
    for (const v of phase.resolved) open.delete(findingKey(v));
    for (const v of phase.findings) {
      const known = open.get(findingKey(v));
      if (known) open.set(findingKey(v), { ...known, message: v.message });
    }
    for (const v of phase.introduced) open.set(findingKey(v), v);
  }
  return [...open.values()];
}
