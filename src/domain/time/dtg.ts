import { fail } from '../errors.js';
import { HOUR_MS, type Instant, instantMs } from './instant.js';

/**
 * Military date-time groups (ACP 121): DDHHMM[SS] + zone letter + MON + YY, e.g. '251430ZNOV26'. Zone letters run
 * A–M east of Greenwich (J is skipped: it means the observer's local time) and N–Y west; Z is UTC.
 */
export const ZONE_OFFSET_HOURS = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  I: 9,
  K: 10,
  L: 11,
  M: 12,
  N: -1,
  O: -2,
  P: -3,
  Q: -4,
  R: -5,
  S: -6,
  T: -7,
  U: -8,
  V: -9,
  W: -10,
  X: -11,
  Y: -12,
  Z: 0,
} as const;

export type ZoneLetter = keyof typeof ZONE_OFFSET_HOURS;

export const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;

export function isZoneLetter(value: string): value is ZoneLetter {
  return Object.hasOwn(ZONE_OFFSET_HOURS, value);
}

/** The letter for a whole-hour UTC offset, or null where none exists (UTC+13, UTC+5:30 …). */
export function zoneLetterForOffset(offsetMinutes: number): ZoneLetter | null {
  if (offsetMinutes % 60 !== 0) return null;
  const hours = offsetMinutes / 60;
  for (const [letter, offset] of Object.entries(ZONE_OFFSET_HOURS)) {
    if (offset === hours) return letter as ZoneLetter;
  }
  return null;
}

export interface DtgFormat {
  /** Add seconds after the minutes: '25143000ZNOV26'. */
  seconds?: boolean;
  /** Space the groups as in message text: '251430Z NOV 26'. */
  spaced?: boolean;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export function formatDtg(instant: Instant, zone: ZoneLetter = 'Z', format: DtgFormat = {}): string {
  if (!isZoneLetter(zone))
    fail('C2_BAD_TIME', `zone '${String(zone)}' is not a military zone letter (A-I, K-Z)`, 'zone');
  const local = new Date(instantMs(instant) + ZONE_OFFSET_HOURS[zone] * HOUR_MS);
  if (Number.isNaN(local.getTime())) fail('C2_BAD_TIME', `'${instant}' is not a valid instant`, 'instant');
  const time = `${pad2(local.getUTCDate())}${pad2(local.getUTCHours())}${pad2(local.getUTCMinutes())}${
    format.seconds ? pad2(local.getUTCSeconds()) : ''
  }${zone}`;
  const month = MONTHS[local.getUTCMonth()];
  const year = pad2(local.getUTCFullYear() % 100);
  return format.spaced ? `${time} ${month} ${year}` : `${time}${month}${year}`;
}

const DTG = /^(\d{2})(\d{2})(\d{2})(\d{2})?\s*([A-Za-z])\s*([A-Za-z]{3})\s*(\d{2})$/;

/**
 * Reads a DTG ('251430ZNOV26', '251430Z NOV 26', '25143005Znov26') into a UTC instant. Two-digit years are 20YY.
 * Zone J (observer's local time) is refused: it cannot be resolved without knowing the observer.
 */
export function parseDtg(text: string, field = 'dtg'): Instant {
  const bad = (why: string): never => fail('C2_BAD_TIME', `${field}: '${text}' ${why}`, field);
  if (typeof text !== 'string') bad('is not text');
  const match = DTG.exec(text.trim());
  if (!match) bad('is not a date-time group (DDHHMM[SS]Z MON YY, e.g. 251430ZNOV26)');
  const [, dd, hh, mi, ss, zoneText, monText, yy] = match as unknown as string[];
  const zone = zoneText!.toUpperCase();
  if (zone === 'J') bad("uses zone J (observer's local time), which cannot be converted; give the zone letter");
  if (!isZoneLetter(zone)) bad(`has an unknown zone letter '${zoneText}'`);
  const month = MONTHS.indexOf(monText!.toUpperCase() as (typeof MONTHS)[number]);
  if (month < 0) bad(`has an unknown month '${monText}' (expected ${MONTHS.join(', ')})`);
  const year = 2000 + Number(yy);
  const day = Number(dd);
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) bad(`has day ${dd}, but ${MONTHS[month]} ${year} has ${daysInMonth} days`);
  if (Number(hh) > 23) bad(`has hour ${hh} (00-23)`);
  if (Number(mi) > 59) bad(`has minute ${mi} (00-59)`);
  if (ss !== undefined && Number(ss) > 59) bad(`has second ${ss} (00-59)`);
  const wall = Date.UTC(year, month, day, Number(hh), Number(mi), Number(ss ?? 0));
  return new Date(wall - ZONE_OFFSET_HOURS[zone as ZoneLetter] * HOUR_MS).toISOString();
}
