import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceKm } from '../../../src/domain/geo/distance.js';
import { formatLatLon, fromMgrs, toMgrs } from '../../../src/domain/geo/mgrs.js';

const YOKOTA = { lat: 35.7485, lon: 139.3485 };
const utmLatitude = fc.double({ min: -79.9, max: 83.9, noNaN: true });
const longitude = fc.double({ min: -179.999, max: 179.999, noNaN: true });
const halves = (text: string, digits: number) => [text.slice(-digits, -digits / 2), text.slice(-digits / 2)];

describe('toMgrs', () => {
  it('writes Yokota Air Base in zone 54S, square UE, at 10 m by default', () => {
    expect(toMgrs(YOKOTA.lat, YOKOTA.lon)).toBe('54SUE50675731');
    expect(toMgrs(YOKOTA.lat, YOKOTA.lon, 10)).toBe('54SUE5067657311');
    expect(toMgrs(YOKOTA.lat, YOKOTA.lon, 8, { spaced: true })).toBe('54S UE 5067 5731');
    expect(toMgrs(YOKOTA.lat, YOKOTA.lon, 0)).toBe('54SUE');
  });

  it('truncates: Yokota’s 1 m easting 50676 gives 5067 at 10 m, not the rounded 5068', () => {
    expect(halves(toMgrs(YOKOTA.lat, YOKOTA.lon, 10), 10)[0]).toBe('50676');
    expect(halves(toMgrs(YOKOTA.lat, YOKOTA.lon, 8), 8)[0]).toBe('5067');
  });

  it('truncates everywhere: each coarser reference is a prefix of the finer one', () => {
    fc.assert(
      fc.property(utmLatitude, longitude, (lat, lon) => {
        const [east, north] = halves(toMgrs(lat, lon, 10), 10);
        for (const digits of [2, 4, 6, 8]) {
          const [e, n] = halves(toMgrs(lat, lon, digits), digits);
          expect(e).toBe(east!.slice(0, digits / 2));
          expect(n).toBe(north!.slice(0, digits / 2));
        }
      }),
      { seed: 20261125, numRuns: 300 },
    );
  });

  it('names the square the point lies in: the square’s centre is never more than half a diagonal away', () => {
    // With rounding, points up to a full square away from the centre would appear; truncation bounds it at 7.07 m.
    fc.assert(
      fc.property(utmLatitude, longitude, (lat, lon) => {
        const centre = fromMgrs(toMgrs(lat, lon, 8));
        expect(distanceKm({ lat, lon }, centre) * 1000).toBeLessThan(5 * Math.SQRT2 * 1.01);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('refuses polar areas, bad precision and bad positions', () => {
    expect(() => toMgrs(85, 0)).toThrow(/polar/);
    expect(() => toMgrs(YOKOTA.lat, YOKOTA.lon, 7)).toThrow(/even digit count/);
    expect(() => toMgrs(YOKOTA.lat, 200)).toThrow(/lon '200'/);
  });
});

describe('fromMgrs', () => {
  it('reads compact, spaced and lowercase references to the square’s centre', () => {
    const fine = fromMgrs('54SUE5067657311');
    expect(fine.precisionM).toBe(1);
    expect(distanceKm(YOKOTA, fine) * 1000).toBeLessThan(1);
    const spaced = fromMgrs('54s ue 5067 5731');
    expect(spaced.precisionM).toBe(10);
    expect(spaced).toEqual(fromMgrs('54SUE50675731'));
    expect(fromMgrs('54SUE').precisionM).toBe(100_000);
  });

  it('names what is wrong', () => {
    expect(() => fromMgrs('hello')).toThrow(/not an MGRS reference/);
    expect(() => fromMgrs('54SUE506757311')).toThrow(/even number of digits/);
    expect(() => fromMgrs('61SUE50675731')).toThrow(/zone 61/);
  });
});

describe('formatLatLon', () => {
  it('writes decimal degrees and degrees-minutes-seconds with hemispheres', () => {
    expect(formatLatLon(YOKOTA.lat, YOKOTA.lon)).toBe('35.74850°N 139.34850°E');
    expect(formatLatLon(YOKOTA.lat, YOKOTA.lon, 'dms')).toBe('35°44′54.6″N 139°20′54.6″E');
    expect(formatLatLon(21.3886, -157.9275, 'dms')).toBe('21°23′19.0″N 157°55′39.0″W');
    expect(formatLatLon(-33.8688, 151.2093, 'dd')).toBe('33.86880°S 151.20930°E');
  });

  it('carries 59.99″ into the next minute and degree', () => {
    expect(formatLatLon(35.999999, 0, 'dms')).toBe('36°00′00.0″N 0°00′00.0″E');
  });
});
