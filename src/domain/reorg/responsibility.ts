import type { ForceTimeline } from '../force/timeline.js';
import { activeAt, type Mission, type Role } from '../mission/mission.js';
import {
  type ResponsibilityMatrix,
  responsibilitiesAt,
  responsibilityMatrix,
  responsibleFor,
} from '../mission/responsibility.js';
import type { Instant } from '../time/instant.js';

export interface CommandResponsibility {
  commandId: string;
  /** Missions the command takes a role in that it had none in before (the id is the mission as it stands after). */
  gained: Array<{ missionId: string; role: Role }>;
  /** Missions it no longer takes part in (the id as it stood before). */
  lost: Array<{ missionId: string; role: Role }>;
  /** Missions it stays in with another role. */
  changed: Array<{ missionId: string; before: Role; after: Role }>;
}

/** Who is responsible for a changed mission's area (every active mission meeting it), before and after. */
export interface AreaResponsibility {
  missionId: string;
  before: Array<{ unitId: string; role: Role }>;
  after: Array<{ unitId: string; role: Role }>;
}

export interface ResponsibilityImpact {
  at: Instant;
  before: ResponsibilityMatrix;
  after: ResponsibilityMatrix;
  commands: CommandResponsibility[];
  responsibleFor: AreaResponsibility[];
  /** Names of the missions and short names of the commands it mentions. */
  missionNames: Record<string, string>;
  names: Record<string, string>;
}

export interface MissionState {
  missions: readonly Mission[];
  timeline: ForceTimeline;
}

const STRENGTH: Record<Role, number> = { LEAD: 3, SUPPORT: 2, COORDINATE: 1 };

/**
 * The responsibility matrix before and after a change at one date, and what changed per command. A mission a plan
 * moved (ended at the date, continued by a successor that `follows` it) counts as the same mission, so its commands
 * show the role they gained, lost or changed rather than leaving one mission and joining another.
 */
export function responsibilityImpact(before: MissionState, after: MissionState, at: Instant): ResponsibilityImpact {
  const byId = new Map([...before.missions, ...after.missions].map((mission) => [mission.id, mission]));
  const lineage = (id: string) => {
    const seen = new Set<string>();
    let current = id;
    while (byId.get(current)?.follows && !seen.has(current)) {
      seen.add(current);
      current = byId.get(current)!.follows!;
    }
    return current;
  };
  const roles = (state: MissionState) => {
    const out = new Map<string, { lineage: string; unitId: string; missionId: string; role: Role }>();
    for (const entry of responsibilitiesAt(state.missions, state.timeline, at)) {
      const key = `${lineage(entry.missionId)}\u0000${entry.unitId}`;
      const known = out.get(key);
      if (!known || STRENGTH[entry.role] > STRENGTH[known.role])
        out.set(key, { ...entry, lineage: lineage(entry.missionId) });
    }
    return out;
  };
  const was = roles(before);
  const now = roles(after);
  const commands = new Map<string, CommandResponsibility>();
  const changedLineages = new Set<string>();
  const row = (commandId: string) => {
    let entry = commands.get(commandId);
    if (!entry) {
      entry = { commandId, gained: [], lost: [], changed: [] };
      commands.set(commandId, entry);
    }
    return entry;
  };
  for (const key of [...new Set([...was.keys(), ...now.keys()])].sort()) {
    const b = was.get(key);
    const a = now.get(key);
    if (b && a && b.role === a.role) continue;
    changedLineages.add((a ?? b)!.lineage);
    if (!b) row(a!.unitId).gained.push({ missionId: a!.missionId, role: a!.role });
    else if (!a) row(b.unitId).lost.push({ missionId: b.missionId, role: b.role });
    else row(a.unitId).changed.push({ missionId: a.missionId, before: b.role, after: a.role });
  }
  // A mission whose area changed changes who answers for a place even where nobody's role did.
  const current = (state: MissionState, root: string) =>
    state.missions.find((mission) => lineage(mission.id) === root && activeAt(mission, at));
  for (const mission of after.missions) {
    const root = lineage(mission.id);
    const old = current(before, root);
    if (activeAt(mission, at) && old && JSON.stringify(old.area) !== JSON.stringify(mission.area))
      changedLineages.add(root);
  }
  const places: AreaResponsibility[] = [];
  for (const root of [...changedLineages].sort()) {
    const mission = current(after, root) ?? current(before, root);
    if (!mission?.area) continue;
    const place = { area: mission.area };
    const beforeRoles = strongest(responsibleFor(before.missions, before.timeline, place, at));
    const afterRoles = strongest(responsibleFor(after.missions, after.timeline, place, at));
    if (JSON.stringify(beforeRoles) !== JSON.stringify(afterRoles))
      places.push({ missionId: mission.id, before: beforeRoles, after: afterRoles });
  }
  const beforeMatrix = responsibilityMatrix(before.missions, before.timeline, at);
  const afterMatrix = responsibilityMatrix(after.missions, after.timeline, at);
  const names: Record<string, string> = {};
  for (const id of [...beforeMatrix.unitIds, ...afterMatrix.unitIds])
    names[id] ??= after.timeline.unitAt(id, at)?.shortName ?? before.timeline.unitAt(id, at)?.shortName ?? id;
  const missionNames: Record<string, string> = {};
  for (const id of [...beforeMatrix.missionIds, ...afterMatrix.missionIds]) missionNames[id] = byId.get(id)!.name;
  return {
    at,
    before: beforeMatrix,
    after: afterMatrix,
    commands: [...commands.values()].sort((x, y) => (x.commandId < y.commandId ? -1 : 1)),
    responsibleFor: places,
    missionNames,
    names,
  };
}

function strongest(entries: Array<{ unitId: string; role: Role }>): Array<{ unitId: string; role: Role }> {
  const best = new Map<string, Role>();
  for (const { unitId, role } of entries) {
    const known = best.get(unitId);
    if (!known || STRENGTH[role] > STRENGTH[known]) best.set(unitId, role);
  }
  return [...best.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([unitId, role]) => ({ unitId, role }));
}
