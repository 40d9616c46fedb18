import { describe, expect, it } from 'vitest';
import type { UnitSlice } from '../../src/domain/force/unit.js';
import { groupByStation } from '../../web/src/map/stations.js';

function unit(
  id: string,
  echelon: UnitSlice['echelon'],
  station: [string, number, number] | null,
  assigned = 0,
): UnitSlice {
  return {
    id,
    name: id,
    shortName: id.toUpperCase(),
    nation: 'USA',
    service: 'USA:JOINT',
    echelon,
    sidc: '10031000001211000000',
    homeStation: station && { name: station[0], lat: station[1], lon: station[2] },
    personnel: { authorized: null, assigned },
    roles: [],
    valid: { from: '2020-01-01T00:00:00.000Z', to: null },
    label: { classification: 'UNCLASSIFIED', releasableTo: null, caveats: [] },
  };
}

describe('units grouped by station', () => {
  const yokota: [string, number, number] = ['Yokota Air Base', 35.748, 139.348];
  const smith: [string, number, number] = ['Camp H. M. Smith', 21.39, -157.896];
  const stations = groupByStation([
    unit('374aw', 'BRIGADE', yokota, 3000),
    unit('usfj', 'COMMAND', yokota, 160),
    unit('5af', 'CORPS', yokota),
    unit('indopacom', 'COMMAND', smith),
    unit('nowhere', 'TEAM', null),
  ]);

  it('puts units sharing a position in one station and skips units without one', () => {
    expect(stations.map((s) => s.units.length).sort()).toEqual([1, 3]);
  });

  it('orders each station senior first: echelon, then strength', () => {
    expect(stations.find((s) => s.name === yokota[0])?.units.map((u) => u.id)).toEqual(['usfj', '5af', '374aw']);
  });

  it('places Hawaii east of Japan in the same world copy', () => {
    const hawaii = stations.find((s) => s.name === smith[0])!;
    expect(hawaii.at[0]).toBeCloseTo(360 - 157.896);
  });
});

describe('seniority at a shared station', () => {
  it('puts a combatant command before a larger unit of the same echelon', () => {
    const hq: [string, number, number] = ['HQ', 21.39, -157.896];
    const ccdr = { ...unit('ccdr', 'COMMAND', hq, 10), roles: ['COMBATANT_COMMAND' as const] };
    const [station] = groupByStation([unit('big', 'COMMAND', hq, 5000), ccdr]);
    expect(station?.units.map((u) => u.id)).toEqual(['ccdr', 'big']);
  });
});
