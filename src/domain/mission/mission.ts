import type { SupportCategory } from '../command/relationship.js';
import type { Areal } from '../geo/area.js';
import type { StoredDocument } from '../records.js';
import type { SecurityLabel } from '../security/label.js';
import type { Instant } from '../time/instant.js';
import { contains, type Interval } from '../time/interval.js';

export const MISSION_COLLECTION = 'missions';

/** How a supporting command takes part: a support category (a command relationship) or coordination only. */
export type Participation = SupportCategory | 'COORDINATE';

export interface SupportingCommand {
  unitId: string;
  category: Participation;
}

/**
 * A task with a lead command, supporting commands, the forces it names and an area, while `valid` holds. `lead` may
 * be null: an unassigned task is a gap the checks report, so it must be storable.
 */
export interface Mission {
  id: string;
  name: string;
  description: string;
  /** A functional category (e.g. 'AIR_DEFENSE'); two leads conflict only within one category. */
  kind?: string;
  valid: Interval;
  label: SecurityLabel;
  lead: string | null;
  supporting: SupportingCommand[];
  /** Forces the mission names: the lead needs an authority path over each. */
  forces?: string[];
  area?: Areal;
  /** The order or directive that assigned it. */
  basis?: string;
  notes?: string;
  /** The mission this one continues: a plan that moves a mission from a date ends it there and starts this one. */
  follows?: string;
}

/** A mission as the labelled document the store keeps (retired: no longer listed, kept in history). */
export function missionDocument(mission: Mission, retired = false): StoredDocument<Mission> {
  return {
    collection: MISSION_COLLECTION,
    id: mission.id,
    body: mission,
    label: mission.label,
    ...(retired ? { retired: true } : {}),
  };
}

export type Role = 'LEAD' | 'SUPPORT' | 'COORDINATE';

/** Each command's role in a mission; a command listed twice keeps its strongest role (LEAD, then SUPPORT). */
export function rolesOf(mission: Mission): Map<string, Role> {
  const roles = new Map<string, Role>();
  for (const { unitId, category } of mission.supporting) {
    const role: Role = category === 'COORDINATE' ? 'COORDINATE' : 'SUPPORT';
    if (roles.get(unitId) !== 'SUPPORT') roles.set(unitId, role);
  }
  if (mission.lead) roles.set(mission.lead, 'LEAD');
  return roles;
}

export function activeAt(mission: Mission, at: Instant): boolean {
  return contains(mission.valid, at);
}

/** Every unit id a mission refers to, with the part it is named in (for messages). */
export function namedUnits(mission: Mission): Array<{ unitId: string; as: 'lead' | 'supporting' | 'force' }> {
  return [
    ...(mission.lead ? [{ unitId: mission.lead, as: 'lead' as const }] : []),
    ...mission.supporting.map((s) => ({ unitId: s.unitId, as: 'supporting' as const })),
    ...(mission.forces ?? []).map((unitId) => ({ unitId, as: 'force' as const })),
  ];
}
