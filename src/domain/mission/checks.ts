import { subtree } from '../command/queries.js';
import type { RelationshipKind } from '../command/relationship.js';
import type { DoctrineSettings } from '../command/settings.js';
import type { ErrorCode, Violation } from '../errors.js';
import type { ForceTimeline } from '../force/timeline.js';
import type { UnitSlice } from '../force/unit.js';
import { areasIntersect, bbox } from '../geo/area.js';
import type { Instant } from '../time/instant.js';
import { formatInterval, intersect, type Interval } from '../time/interval.js';
import { type Mission, namedUnits } from './mission.js';

/** A mission check's finding; `missionIds` lets a reader-facing list drop findings about missions it may not read. */
export interface MissionViolation extends Violation {
  missionIds: string[];
}

/** The relationships that give a lead the right to direct a force: command authority or an established support. */
const AUTHORITY_KINDS: readonly RelationshipKind[] = ['COCOM', 'OPCON', 'TACON', 'SUPPORT'];

/**
 * Every mission check: a lead is named; the lead, supporting commands and forces exist throughout the mission; the
 * lead has an authority path over each force at every date of the mission; another nation's command takes part by
 * coordination under a parallel structure; no two uncoordinated leads share an area, time and mission kind.
 * `only` restricts findings to those involving these missions (overlaps are still sought against all of them).
 */
export function checkMissions(
  missions: readonly Mission[],
  tl: ForceTimeline,
  settings: DoctrineSettings,
  options: { only?: ReadonlySet<string> } = {},
): MissionViolation[] {
  const concerned = (mission: Mission) => !options.only || options.only.has(mission.id);
  const out: MissionViolation[] = [];
  const authority = new AuthorityIndex(tl);
  for (const mission of missions.filter(concerned)) {
    out.push(...checkLead(mission), ...checkExistence(mission, tl), ...checkNations(mission, tl, settings));
    out.push(...checkAuthority(mission, tl, settings, authority));
  }
  out.push(...checkOverlaps(missions, tl, concerned));
  return out;
}

function finding(code: ErrorCode, mission: Mission, message: string, units: string[], path?: string): MissionViolation {
  return {
    code,
    message: `mission '${mission.name}' (${mission.id}): ${message}`,
    missionIds: [mission.id],
    units,
    ...(path ? { path } : {}),
  };
}

function checkLead(mission: Mission): MissionViolation[] {
  return mission.lead ? [] : [finding('C2_MISSION_NO_LEAD', mission, 'has no lead command', [], 'lead')];
}

/** A readable unit name for messages: short name from any slice, else the id. */
function nameOf(tl: ForceTimeline, unitId: string): string {
  return tl.unitSlices(unitId)[0]?.shortName ?? unitId;
}

/** The first instant of `span` not covered by the unit's slices, or null when it exists throughout. */
function firstGap(slices: readonly UnitSlice[], span: Interval): Instant | null {
  let cursor = span.from;
  for (const slice of slices) {
    if (slice.valid.to !== null && slice.valid.to <= cursor) continue;
    if (slice.valid.from > cursor) break;
    if (slice.valid.to === null) return null;
    cursor = slice.valid.to;
    if (span.to !== null && cursor >= span.to) return null;
  }
  return cursor;
}

function checkExistence(mission: Mission, tl: ForceTimeline): MissionViolation[] {
  const out: MissionViolation[] = [];
  const seen = new Set<string>();
  for (const { unitId, as } of namedUnits(mission)) {
    if (seen.has(`${as}:${unitId}`)) continue;
    seen.add(`${as}:${unitId}`);
    const slices = tl.unitSlices(unitId);
    const gap = slices.length === 0 ? mission.valid.from : firstGap(slices, mission.valid);
    if (gap === null) continue;
    const what = slices.length === 0 ? `names unknown ${as} unit '${unitId}'` : `${as} ${nameOf(tl, unitId)}`;
    const message =
      slices.length === 0
        ? what
        : `${what} is not in existence on ${gap.slice(0, 10)} (the mission runs ${formatInterval(mission.valid)})`;
    out.push(finding('C2_MISSION_UNIT_NOT_IN_EXISTENCE', mission, message, [unitId]));
  }
  return out;
}

function nationOf(tl: ForceTimeline, unitId: string): string | undefined {
  return tl.unitSlices(unitId)[0]?.nation;
}

/** Whether command relationships may join a lead of `leadNation` to another nation's unit under the alliance structure. */
function mayCommandAcross(settings: DoctrineSettings, leadNation: string): boolean {
  if (settings.structure === 'INTEGRATED') return true;
  return settings.structure === 'LEAD_NATION' && settings.leadNation === leadNation;
}

function checkNations(mission: Mission, tl: ForceTimeline, settings: DoctrineSettings): MissionViolation[] {
  const leadNation = mission.lead ? nationOf(tl, mission.lead) : undefined;
  if (!leadNation || mayCommandAcross(settings, leadNation)) return [];
  return mission.supporting.flatMap(({ unitId, category }, index) => {
    const nation = nationOf(tl, unitId);
    if (category === 'COORDINATE' || !nation || nation === leadNation) return [];
    const message =
      `supporting command ${nameOf(tl, unitId)} (${nation}) is modelled as ${category} support under ` +
      `${leadNation} lead ${nameOf(tl, mission.lead!)}; under the ${settings.structure.toLowerCase().replace('_', ' ')} ` +
      'structure another nation’s command takes part by coordination (COORDINATE)';
    return [
      finding('C2_MISSION_CROSS_NATION_COMMAND', mission, message, [mission.lead!, unitId], `supporting.${index}`),
    ];
  });
}

/** Who a command can direct at an instant, through AUTHORITY_KINDS; memoised per (command, instant). */
class AuthorityIndex {
  private readonly cache = new Map<string, Set<string>>();
  private boundaries?: Instant[];

  constructor(private readonly tl: ForceTimeline) {}

  reaches(leadId: string, forceId: string, at: Instant): boolean {
    if (leadId === forceId) return true;
    const key = `${leadId}@${at}`;
    let reach = this.cache.get(key);
    if (!reach) {
      reach = new Set<string>();
      const stack = [subtree(this.tl, leadId, AUTHORITY_KINDS, at)];
      while (stack.length > 0) {
        const node = stack.pop()!;
        reach.add(node.unit.id);
        stack.push(...node.children);
      }
      this.cache.set(key, reach);
    }
    return reach.has(forceId);
  }

  /** The instants inside `span` at which authority can change: every relationship and unit slice boundary. */
  changePoints(span: Interval): Instant[] {
    this.boundaries ??= this.collectBoundaries();
    const inside = this.boundaries.filter((at) => at > span.from && (span.to === null || at < span.to));
    return [span.from, ...inside];
  }

  private collectBoundaries(): Instant[] {
    const all = new Set<Instant>();
    const add = (valid: Interval) => {
      all.add(valid.from);
      if (valid.to !== null) all.add(valid.to);
    };
    for (const edge of this.tl.allRelationships()) add(edge.valid);
    for (const id of this.tl.unitIds()) for (const slice of this.tl.unitSlices(id)) add(slice.valid);
    return [...all].sort();
  }
}

function checkAuthority(
  mission: Mission,
  tl: ForceTimeline,
  settings: DoctrineSettings,
  authority: AuthorityIndex,
): MissionViolation[] {
  const lead = mission.lead;
  if (!lead || tl.unitSlices(lead).length === 0) return [];
  const out: MissionViolation[] = [];
  const instants = authority.changePoints(mission.valid);
  for (const [index, forceId] of [...new Set(mission.forces ?? [])].entries()) {
    if (tl.unitSlices(forceId).length === 0) continue;
    const failing = instants.find(
      (at) => tl.unitAt(lead, at) && tl.unitAt(forceId, at) && !authority.reaches(lead, forceId, at),
    );
    if (failing === undefined) continue;
    const leadNation = nationOf(tl, lead)!;
    const forceNation = nationOf(tl, forceId)!;
    const why =
      forceNation !== leadNation && !mayCommandAcross(settings, leadNation)
        ? `; under the ${settings.structure.toLowerCase().replace('_', ' ')} structure a ${forceNation} force is not commanded by a ${leadNation} lead: name its command as coordinating instead`
        : '';
    const message = `lead ${nameOf(tl, lead)} has no OPCON, TACON or support path over ${nameOf(tl, forceId)} on ${failing.slice(0, 10)}${why}`;
    out.push(finding('C2_MISSION_NO_AUTHORITY', mission, message, [lead, forceId], `forces.${index}`));
  }
  return out;
}

/**
 * Two leads conflict when their missions share time, area and kind (a mission without a kind conflicts with any).
 * Parallel national missions are not a conflict when their leads are of different nations and one mission names the
 * other's lead as taking part: that is the coordination the alliance structure asks for.
 */
function checkOverlaps(
  missions: readonly Mission[],
  tl: ForceTimeline,
  concerned: (mission: Mission) => boolean,
): MissionViolation[] {
  const placed = missions
    .filter((mission) => mission.lead && mission.area)
    .map((mission) => ({ mission, box: bbox(mission.area!) }));
  const out: MissionViolation[] = [];
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      const a = placed[i]!;
      const b = placed[j]!;
      if (!concerned(a.mission) && !concerned(b.mission)) continue;
      const conflict = leadConflict(a.mission, b.mission, tl);
      if (!conflict || !boxesMeet(a.box, b.box) || !areasIntersect(a.mission.area!, b.mission.area!)) continue;
      const [x, y] = [a.mission, b.mission];
      out.push({
        code: 'C2_MISSION_LEAD_OVERLAP',
        message:
          `missions '${x.name}' (${x.id}) and '${y.name}' (${y.id}) have different leads ` +
          `(${nameOf(tl, x.lead!)}, ${nameOf(tl, y.lead!)}) for overlapping areas during ${formatInterval(conflict)}`,
        missionIds: [x.id, y.id],
        units: [x.lead!, y.lead!],
      });
    }
  }
  return out;
}

function leadConflict(a: Mission, b: Mission, tl: ForceTimeline): Interval | null {
  if (a.lead === b.lead) return null;
  if (a.kind !== undefined && b.kind !== undefined && a.kind !== b.kind) return null;
  const both = intersect(a.valid, b.valid);
  if (!both) return null;
  const names = (mission: Mission, unitId: string) => mission.supporting.some((s) => s.unitId === unitId);
  const coordinated = nationOf(tl, a.lead!) !== nationOf(tl, b.lead!) && (names(a, b.lead!) || names(b, a.lead!));
  return coordinated ? null : both;
}

function boxesMeet(a: number[], b: number[]): boolean {
  return a[0]! <= b[2]! && b[0]! <= a[2]! && a[1]! <= b[3]! && b[1]! <= a[3]!;
}
