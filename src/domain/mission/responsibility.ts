import type { ForceTimeline } from '../force/timeline.js';
import { type Areal, areasIntersect, pointInArea } from '../geo/area.js';
import type { LatLon } from '../geo/position.js';
import type { Instant } from '../time/instant.js';
import { activeAt, type Mission, type Role, rolesOf } from './mission.js';

export interface Responsibility {
  missionId: string;
  unitId: string;
  role: Role;
}

/**
 * Who does what in the missions active at `at`: one entry per (mission, command), for commands in existence then (a
 * command not yet activated or already deactivated holds no responsibility, whatever the mission says).
 */
export function responsibilitiesAt(missions: Iterable<Mission>, tl: ForceTimeline, at: Instant): Responsibility[] {
  const out: Responsibility[] = [];
  for (const mission of missions) {
    if (!activeAt(mission, at)) continue;
    for (const [unitId, role] of rolesOf(mission)) {
      if (tl.unitAt(unitId, at)) out.push({ missionId: mission.id, unitId, role });
    }
  }
  return out.sort((a, b) => compare(a.missionId, b.missionId) || compare(a.unitId, b.unitId));
}

/** The missions a command takes part in at `at`, with its role in each. */
export function missionsOfCommand(
  missions: Iterable<Mission>,
  tl: ForceTimeline,
  unitId: string,
  at: Instant,
): Array<{ mission: Mission; role: Role }> {
  const byId = new Map([...missions].map((mission) => [mission.id, mission]));
  return responsibilitiesAt(byId.values(), tl, at)
    .filter((entry) => entry.unitId === unitId)
    .map((entry) => ({ mission: byId.get(entry.missionId)!, role: entry.role }));
}

export type Place = { point: LatLon } | { area: Areal };

/** Commands responsible for a point or an area at `at`: the roles in every active mission whose area it meets. */
export function responsibleFor(
  missions: Iterable<Mission>,
  tl: ForceTimeline,
  place: Place,
  at: Instant,
): Responsibility[] {
  const hits = [...missions].filter(
    (mission) =>
      mission.area !== undefined &&
      ('point' in place ? pointInArea(place.point, mission.area) : areasIntersect(place.area, mission.area)),
  );
  return responsibilitiesAt(hits, tl, at);
}

export interface ResponsibilityMatrix {
  at: Instant;
  /** Row order. */
  missionIds: string[];
  /** Column order. */
  unitIds: string[];
  /** cells[missionId][unitId]; absent where the command has no role. */
  cells: Record<string, Record<string, Role>>;
}

/** Missions by commands for one date: LEAD / SUPPORT / COORDINATE. Missions active with no command in existence stay as empty rows. */
export function responsibilityMatrix(
  missions: Iterable<Mission>,
  tl: ForceTimeline,
  at: Instant,
): ResponsibilityMatrix {
  const active = [...missions].filter((mission) => activeAt(mission, at));
  const cells: Record<string, Record<string, Role>> = {};
  for (const mission of active) cells[mission.id] = {};
  const units = new Set<string>();
  for (const entry of responsibilitiesAt(active, tl, at)) {
    cells[entry.missionId]![entry.unitId] = entry.role;
    units.add(entry.unitId);
  }
  return {
    at,
    missionIds: active.map((mission) => mission.id).sort(compare),
    unitIds: [...units].sort(compare),
    cells,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
