import * as mgrsModule from 'mgrs';
import { fail } from '../errors.js';
import { checkLatLon } from './position.js';

/**
 * MGRS through the proj4js `mgrs` package. It truncates UTM coordinates to the metre (Math.trunc) and then keeps the
 * leading digits, so a reference names the square the point lies in: truncation, never rounding, as MGRS requires.
 * The package covers UTM latitudes 80°S..84°N; the polar UPS areas are refused.
 */
// Node loads the package's CommonJS build (exports under `default`); bundlers load its ES build (named exports).
const lib: typeof mgrsModule = (mgrsModule as { default?: typeof mgrsModule }).default ?? mgrsModule;

export interface MgrsFormat {
  /** Groups separated by spaces: '54S UE 5067 5731'. */
  spaced?: boolean;
}

/** `digits` is the total count of easting+northing digits: 10 → 1 m, 8 → 10 m (default), 6 → 100 m … 0 → 100 km. */
export function toMgrs(lat: number, lon: number, digits = 8, format: MgrsFormat = {}): string {
  checkLatLon({ lat, lon });
  if (!Number.isInteger(digits) || digits < 0 || digits > 10 || digits % 2 !== 0) {
    fail('C2_BAD_POSITION', `MGRS precision ${digits} must be an even digit count 0..10`, 'digits');
  }
  if (lat < -80 || lat > 84)
    fail('C2_BAD_POSITION', `latitude ${lat} is in a polar (UPS) area, outside MGRS/UTM`, 'lat');
  const text = lib.forward([lon, lat], digits / 2);
  if (!format.spaced) return text;
  const half = digits / 2;
  const split = text.length - digits;
  const square = text.slice(split - 2, split);
  const zone = text.slice(0, split - 2);
  return [zone, square, text.slice(split, split + half), text.slice(split + half)].filter(Boolean).join(' ');
}

export interface MgrsPoint {
  /** The centre of the square the reference names. */
  lat: number;
  lon: number;
  /** The square's side in metres (1 for 10 digits … 100000 for none). */
  precisionM: number;
}

const MGRS = /^(\d{1,2})([C-HJ-NP-X])([A-HJ-NP-Z])([A-HJ-NP-V])(\d*)$/;

export function fromMgrs(text: string, field = 'mgrs'): MgrsPoint {
  const compact = typeof text === 'string' ? text.replace(/\s+/g, '').toUpperCase() : '';
  const match = MGRS.exec(compact);
  if (!match) fail('C2_BAD_POSITION', `${field}: '${text}' is not an MGRS reference (e.g. 54SUE50675731)`, field);
  const [, zone, , , , digits] = match as unknown as string[];
  if (Number(zone) < 1 || Number(zone) > 60)
    fail('C2_BAD_POSITION', `${field}: UTM zone ${zone} is outside 1..60`, field);
  if (digits!.length % 2 !== 0 || digits!.length > 10) {
    fail('C2_BAD_POSITION', `${field}: '${text}' needs an even number of digits (0..10), has ${digits!.length}`, field);
  }
  let point: [number, number];
  try {
    point = lib.toPoint(compact);
  } catch (error) {
    fail('C2_BAD_POSITION', `${field}: '${text}' cannot be converted (${(error as Error).message})`, field);
  }
  if (!point.every(Number.isFinite)) fail('C2_BAD_POSITION', `${field}: '${text}' names no valid square`, field);
  return { lat: point[1], lon: point[0], precisionM: 10 ** (5 - digits!.length / 2) };
}

/** 'dd': '35.74850°N 139.34850°E' (5 decimals ≈ 1 m); 'dms': '35°44′54.6″N 139°20′54.6″E' (0.1″ ≈ 3 m). */
export function formatLatLon(lat: number, lon: number, style: 'dd' | 'dms' = 'dd'): string {
  checkLatLon({ lat, lon });
  const one = (value: number, positive: string, negative: string) => {
    const hemisphere = value < 0 ? negative : positive;
    const magnitude = Math.abs(value);
    if (style === 'dd') return `${magnitude.toFixed(5)}°${hemisphere}`;
    // Work in tenths of a second so 59.96″ carries into the next minute instead of printing 60.0″.
    const tenths = Math.round(magnitude * 36000);
    const degrees = Math.floor(tenths / 36000);
    const minutes = Math.floor((tenths % 36000) / 600);
    const seconds = (tenths % 600) / 10;
    return `${degrees}°${String(minutes).padStart(2, '0')}′${seconds.toFixed(1).padStart(4, '0')}″${hemisphere}`;
  };
  return `${one(lat, 'N', 'S')} ${one(lon, 'E', 'W')}`;
}
