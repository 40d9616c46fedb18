import { describe, expect, it } from 'vitest';
import { bearingDeg, distanceKm } from '../../../src/domain/geo/distance.js';

const YOKOTA = { lat: 35.7485, lon: 139.3485 };
const CAMP_SMITH = { lat: 21.3886, lon: -157.9275 };
const dms = (d: number, m: number, s: number) => d + m / 60 + s / 3600;

describe('geodesic distance on WGS84', () => {
  it('matches published ellipsoidal airport-to-airport figures across the Pacific', () => {
    // airmilescalculator.com (Vincenty, WGS84): HND-HNL 6201.581 km, NRT-HNL 6145.590 km, from the coordinates below.
    const hnl = { lat: dms(21, 19, 7), lon: -dms(157, 55, 19) };
    const hnd = { lat: dms(35, 33, 8), lon: dms(139, 46, 47) };
    const nrt = { lat: dms(35, 45, 52), lon: dms(140, 23, 9) };
    expect(distanceKm(hnd, hnl)).toBeCloseTo(6201.581, 0);
    expect(distanceKm(nrt, hnl)).toBeCloseTo(6145.59, 0);
  });

  it('puts Yokota Air Base about 6,235 km from Camp H. M. Smith (not the 6,500 km often quoted)', () => {
    const km = distanceKm(YOKOTA, CAMP_SMITH);
    expect(km).toBeGreaterThan(6230);
    expect(km).toBeLessThan(6240);
    expect(distanceKm(CAMP_SMITH, YOKOTA)).toBeCloseTo(km, 6);
  });

  it('knows the ellipsoid: a degree of latitude is longer at the pole than at the equator', () => {
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(110.574, 2);
    expect(distanceKm({ lat: 89, lon: 0 }, { lat: 90, lon: 0 })).toBeCloseTo(111.694, 2);
    expect(distanceKm(YOKOTA, YOKOTA)).toBe(0);
  });

  it('rejects positions out of range', () => {
    expect(() => distanceKm({ lat: 91, lon: 0 }, YOKOTA)).toThrow(/from.lat '91' is outside/);
    expect(() => distanceKm(YOKOTA, { lat: 0, lon: Number.NaN })).toThrow(/to.lon/);
  });
});

describe('initial bearing', () => {
  it('points along the cardinal directions', () => {
    expect(bearingDeg({ lat: 0, lon: 0 }, { lat: 10, lon: 0 })).toBeCloseTo(0, 9);
    expect(bearingDeg({ lat: 0, lon: 0 }, { lat: 0, lon: 10 })).toBeCloseTo(90, 9);
    expect(bearingDeg({ lat: 10, lon: 0 }, { lat: 0, lon: 0 })).toBeCloseTo(180, 9);
    expect(bearingDeg({ lat: 0, lon: 0 }, { lat: 0, lon: -10 })).toBeCloseTo(270, 9);
  });

  it('leaves Yokota for Hawaii just north of due east and arrives from the north-west', () => {
    const out = bearingDeg(YOKOTA, CAMP_SMITH);
    expect(out).toBeGreaterThan(80);
    expect(out).toBeLessThan(90);
    const back = bearingDeg(CAMP_SMITH, YOKOTA);
    expect(back).toBeGreaterThan(290);
    expect(back).toBeLessThan(310);
  });
});
