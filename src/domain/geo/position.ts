import { fail } from '../errors.js';

/** A WGS84 position in decimal degrees. */
export interface LatLon {
  lat: number;
  lon: number;
}

/** Throws C2_BAD_POSITION naming the field when a latitude or longitude is out of range or not a number. */
export function checkLatLon(position: LatLon, field = 'position'): LatLon {
  const { lat, lon } = position ?? ({} as LatLon);
  if (typeof lat !== 'number' || !(lat >= -90 && lat <= 90)) {
    fail('C2_BAD_POSITION', `${field}.lat '${String(lat)}' is outside -90..90`, `${field}.lat`);
  }
  if (typeof lon !== 'number' || !(lon >= -180 && lon <= 180)) {
    fail('C2_BAD_POSITION', `${field}.lon '${String(lon)}' is outside -180..180`, `${field}.lon`);
  }
  return position;
}
