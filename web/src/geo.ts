/** Pure spherical helpers for the map: longitude wrapping around a Pacific centre, great-circle paths and distances. */

const RAD = Math.PI / 180;
const EARTH_RADIUS_KM = 6371.0088;

/** The Pacific theatre's centre meridian: Japan and Hawaii fall in one unbroken world copy around it. */
export const CENTRE_LON = 150;

/** `lon` moved into [centre-180, centre+180), so lines and extents never jump across the antimeridian. */
export function wrapLon(lon: number, centre = CENTRE_LON): number {
  return ((((lon - centre + 180) % 360) + 360) % 360) - 180 + centre;
}

/** Longitude in [-180, 180) for display. */
export function displayLon(lon: number): number {
  return wrapLon(lon, 0);
}

export type LonLat = [number, number];

export function distanceKm(a: LonLat, b: LonLat): number {
  const [lon1, lat1] = [a[0] * RAD, a[1] * RAD];
  const [lon2, lat2] = [b[0] * RAD, b[1] * RAD];
  const h = Math.sin((lat2 - lat1) / 2) ** 2 + Math.cos(lat1) * Math.cos(lat2) * Math.sin((lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** `steps`+1 points along the great circle from `a` to `b`, longitudes continuous (may leave [-180, 180)). */
export function greatCircle(a: LonLat, b: LonLat, steps = 64): LonLat[] {
  const toVec = ([lon, lat]: LonLat) => [
    Math.cos(lat * RAD) * Math.cos(lon * RAD),
    Math.cos(lat * RAD) * Math.sin(lon * RAD),
    Math.sin(lat * RAD),
  ];
  const p = toVec(a);
  const q = toVec(b);
  const dot = Math.min(1, Math.max(-1, p[0]! * q[0]! + p[1]! * q[1]! + p[2]! * q[2]!));
  const omega = Math.acos(dot);
  if (omega < 1e-9) return [a, b];
  const points: LonLat[] = [];
  let prevLon = a[0];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const s1 = Math.sin((1 - t) * omega) / Math.sin(omega);
    const s2 = Math.sin(t * omega) / Math.sin(omega);
    const v = [0, 1, 2].map((k) => s1 * p[k]! + s2 * q[k]!) as [number, number, number];
    let lon = Math.atan2(v[1], v[0]) / RAD;
    const lat = Math.atan2(v[2], Math.hypot(v[0], v[1])) / RAD;
    lon += Math.round((prevLon - lon) / 360) * 360;
    prevLon = lon;
    points.push([lon, lat]);
  }
  return points;
}
