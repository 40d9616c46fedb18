import { ECHELONS, type Echelon, UNIT_ROLES, type UnitSlice } from '../../../src/domain/force/unit.js';
import { type LonLat, wrapLon } from '../geo.js';

/** Units grouped by home station: the map draws one symbol per station (its senior unit) with a count. */
export interface Station {
  key: string;
  name: string;
  /** Longitude wrapped around the Pacific centre, so Japan and Hawaii share one world copy. */
  at: LonLat;
  /** Senior unit first. */
  units: UnitSlice[];
}

const rank = (echelon: Echelon) => ECHELONS.indexOf(echelon);
const strength = (u: UnitSlice) => u.personnel.assigned ?? u.personnel.authorized ?? 0;
/** UNIT_ROLES lists the most senior role first; a unit without a role ranks after all with one. */
const roleRank = (u: UnitSlice) => Math.min(UNIT_ROLES.length, ...u.roles.map((r) => UNIT_ROLES.indexOf(r)));

/** Higher echelon first, then the senior role, then the larger unit, then by name: whom a cluster's symbol shows. */
export function bySeniority(a: UnitSlice, b: UnitSlice): number {
  return (
    rank(b.echelon) - rank(a.echelon) ||
    roleRank(a) - roleRank(b) ||
    strength(b) - strength(a) ||
    a.shortName.localeCompare(b.shortName)
  );
}

export function stationOf(unit: UnitSlice): LonLat | null {
  return unit.homeStation ? [wrapLon(unit.homeStation.lon), unit.homeStation.lat] : null;
}

export function groupByStation(units: readonly UnitSlice[]): Station[] {
  const stations = new Map<string, Station>();
  for (const unit of units) {
    const at = stationOf(unit);
    if (!at || !unit.homeStation) continue;
    const key = `${at[0].toFixed(4)},${at[1].toFixed(4)}`;
    const station = stations.get(key) ?? { key, name: unit.homeStation.name, at, units: [] };
    station.units.push(unit);
    stations.set(key, station);
  }
  for (const station of stations.values()) station.units.sort(bySeniority);
  return [...stations.values()];
}
