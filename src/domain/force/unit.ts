import type { SecurityLabel } from '../security/label.js';
import type { Interval } from '../time/interval.js';

/** ISO 3166-1 alpha-3, e.g. 'USA', 'JPN'. */
export type Nation = string;

/** Nation-qualified service, e.g. 'USA:ARMY', 'USA:JOINT', 'JPN:GSDF'. */
export type Service = string;

export const ECHELONS = [
  'TEAM',
  'SQUAD',
  'SECTION',
  'PLATOON',
  'COMPANY',
  'BATTALION',
  'REGIMENT',
  'BRIGADE',
  'DIVISION',
  'CORPS',
  'ARMY',
  'ARMY_GROUP',
  'REGION',
  'COMMAND',
] as const;
export type Echelon = (typeof ECHELONS)[number];

/**
 * Role flags that doctrine rules key on. NATIONAL_COMMAND_AUTHORITY marks the top of a national chain (the
 * President/SecDef; Japan's Prime Minister/Minister of Defense).
 */
export const UNIT_ROLES = [
  'NATIONAL_COMMAND_AUTHORITY',
  'COMBATANT_COMMAND',
  'SUBORDINATE_UNIFIED_COMMAND',
  'JOINT_FORCE_HQ',
  'JOINT_TASK_FORCE',
  'SERVICE_COMPONENT',
  'SERVICE_HQ',
  'COORDINATION_BODY',
] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];

export interface Station {
  name: string;
  lat: number;
  lon: number;
  /** IANA time zone, e.g. 'Asia/Tokyo': distances and time differences between headquarters are shown from it. */
  timeZone?: string;
}

export interface Personnel {
  authorized: number | null;
  assigned: number | null;
  /** Where the figure comes from: personnel numbers differ by source, so they are kept as sourced data. */
  source?: string;
}

/**
 * One valid-time slice of a unit: the unit's attributes while `valid` holds. A rename or re-symbol at date D ends one
 * slice at D and starts another, so a unit is the sequence of its slices (non-overlapping, same id).
 */
export interface UnitSlice {
  id: string;
  name: string;
  shortName: string;
  nation: Nation;
  service: Service;
  echelon: Echelon;
  /** MIL-STD-2525D, 20 digits. */
  sidc: string;
  homeStation: Station | null;
  personnel: Personnel;
  roles: UnitRole[];
  valid: Interval;
  label: SecurityLabel;
  /** Public sources the facts come from. */
  sources?: string[];
  notes?: string;
}
