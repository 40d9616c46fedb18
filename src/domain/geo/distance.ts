import geodesic from 'geographiclib-geodesic';
import { checkLatLon, type LatLon } from './position.js';

const WGS84 = geodesic.Geodesic.WGS84;

/** Solves the inverse geodesic problem on the WGS84 ellipsoid (Karney's method: accurate to nanometres). */
function inverse(a: LatLon, b: LatLon) {
  checkLatLon(a, 'from');
  checkLatLon(b, 'to');
  return WGS84.Inverse(a.lat, a.lon, b.lat, b.lon);
}

/** Geodesic (shortest path on the ellipsoid) distance in kilometres. */
export function distanceKm(a: LatLon, b: LatLon): number {
  return (inverse(a, b).s12 ?? Number.NaN) / 1000;
}

/** Initial bearing from a towards b, degrees clockwise from true north in [0, 360). */
export function bearingDeg(a: LatLon, b: LatLon): number {
  const azimuth = inverse(a, b).azi1 ?? Number.NaN;
  return (azimuth + 360) % 360;
}
