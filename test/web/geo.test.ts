import { describe, expect, it } from 'vitest';
import { distanceKm, greatCircle, wrapLon } from '../../web/src/geo.js';
import { dayFromIndex, dayIndex, dtg, LAST_DAY_INDEX } from '../../web/src/time.js';

const YOKOTA: [number, number] = [139.348, 35.748];
const CAMP_SMITH: [number, number] = [-157.896, 21.39];

describe('map geometry', () => {
  it('measures Yokota to Camp H. M. Smith at about 6,200 km', () => {
    const km = distanceKm(YOKOTA, CAMP_SMITH);
    expect(km).toBeGreaterThan(6000);
    expect(km).toBeLessThan(6400);
  });

  it('draws the great circle across the antimeridian without a jump', () => {
    const path = greatCircle(YOKOTA, CAMP_SMITH, 32);
    expect(path[0]).toEqual(YOKOTA);
    expect(path.at(-1)![0]).toBeCloseTo(CAMP_SMITH[0] + 360, 6);
    for (let i = 1; i < path.length; i++) expect(Math.abs(path[i]![0] - path[i - 1]![0])).toBeLessThan(5);
    // A great circle from mid-latitudes bows poleward of the straight Mercator line.
    expect(Math.max(...path.map((p) => p[1]))).toBeGreaterThan(YOKOTA[1]);
  });

  it('wraps longitudes around the Pacific centre', () => {
    expect(wrapLon(-157.896)).toBeCloseTo(202.104);
    expect(wrapLon(139.348)).toBeCloseTo(139.348);
    expect(wrapLon(-77)).toBeCloseTo(283);
  });
});

describe('time axis', () => {
  it('maps slider positions to days and back over 2020-2030', () => {
    expect(dayFromIndex(0)).toBe('2020-01-01');
    expect(dayFromIndex(LAST_DAY_INDEX)).toBe('2030-12-31');
    expect(dayFromIndex(dayIndex('2025-03-24'))).toBe('2025-03-24');
    expect(dayIndex('2025-06-01') - dayIndex('2024-06-01')).toBe(365);
  });

  it('writes date-time groups in UTC', () => {
    expect(dtg('2026-11-25T14:30:00Z')).toBe('251430ZNOV26');
  });
});
