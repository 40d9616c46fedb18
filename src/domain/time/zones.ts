import { fail } from '../errors.js';
import { type Interval, intersect } from './interval.js';
import { DAY_MS, type Instant, instantMs, MINUTE_MS } from './instant.js';
import { type ZoneLetter, zoneLetterForOffset } from './dtg.js';

/**
 * A headquarters' time zone as an IANA name (the rules, including daylight saving, come from Intl's tz database) plus
 * the military zone letter it currently shows in DTGs. Nothing here reads the clock: every function takes the instant.
 */
export interface CommandZone {
  iana: string;
  /** Null where the offset is not a whole hour in -12..+12 (e.g. UTC+5:30, UTC+13). */
  letter: ZoneLetter | null;
  offsetMinutes: number;
}

export interface LocalTime {
  /** Local calendar date, 'YYYY-MM-DD'. */
  date: string;
  /** Local wall-clock time, 'HH:MM:SS'. */
  time: string;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone, created once: Intl construction is the slow part. */
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      fail('C2_BAD_TIME', `time zone '${tz}' is not an IANA zone name (e.g. Asia/Tokyo)`, 'timeZone');
    }
    formatters.set(tz, f);
  }
  return f;
}

/** The zone's wall clock at `ms`, read as if it were UTC milliseconds. */
function wallClockMs(ms: number, tz: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

function checkedMs(instant: Instant): number {
  const ms = instantMs(instant);
  if (Number.isNaN(ms)) fail('C2_BAD_TIME', `'${instant}' is not a valid instant`, 'instant');
  return ms;
}

export function utcOffsetMinutes(instant: Instant, tz: string): number {
  const ms = checkedMs(instant);
  const whole = Math.floor(ms / 1000) * 1000;
  return Math.round((wallClockMs(whole, tz) - whole) / MINUTE_MS);
}

export function localTime(instant: Instant, tz: string): LocalTime {
  const offsetMinutes = utcOffsetMinutes(instant, tz);
  const wall = new Date(checkedMs(instant) + offsetMinutes * MINUTE_MS).toISOString();
  return { date: wall.slice(0, 10), time: wall.slice(11, 19), weekday: isoWeekday(wall.slice(0, 10)), offsetMinutes };
}

export function commandZone(tz: string, at: Instant): CommandZone {
  const offsetMinutes = utcOffsetMinutes(at, tz);
  return { iana: tz, letter: zoneLetterForOffset(offsetMinutes), offsetMinutes };
}

/** How many hours `a` is ahead of `b` at `at` (Tokyo vs Honolulu: +19). */
export function zoneDifferenceHours(a: string, b: string, at: Instant): number {
  return (utcOffsetMinutes(at, a) - utcOffsetMinutes(at, b)) / 60;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;

function dateMs(date: string): number {
  const ms = DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    fail('C2_BAD_TIME', `date '${date}' is not a calendar date YYYY-MM-DD`, 'date');
  }
  return ms;
}

function isoWeekday(date: string): number {
  return ((new Date(dateMs(date)).getUTCDay() + 6) % 7) + 1;
}

function minutesOfDay(time: string, field: string): number {
  const match = TIME.exec(time);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!(minutes <= 24 * 60)) fail('C2_BAD_TIME', `${field} '${time}' is not a time HH:MM (00:00-24:00)`, field);
  return minutes;
}

/**
 * The UTC instant at which the zone's clock shows `time` on `date`. Two passes settle the offset across a daylight
 * saving change; a wall time skipped by a spring-forward lands just after the gap.
 */
export function localToUtc(date: string, time: string, tz: string): Instant {
  const wall = dateMs(date) + minutesOfDay(time, 'time') * MINUTE_MS;
  let guess = wall;
  for (let pass = 0; pass < 2; pass += 1) {
    guess = wall - utcOffsetMinutes(new Date(guess).toISOString(), tz) * MINUTE_MS;
  }
  return new Date(guess).toISOString();
}

export interface WorkingHours {
  start: string;
  end: string;
}

export interface OverlapOptions {
  a?: WorkingHours;
  b?: WorkingHours;
  /** ISO weekdays that are working days on both sides; default Monday to Friday. Public holidays are not modelled. */
  workdays?: number[];
}

const OFFICE_HOURS: WorkingHours = { start: '08:00', end: '17:00' };

function workingWindow(date: string, tz: string, hours: WorkingHours, workdays: number[]): Interval | null {
  if (!workdays.includes(isoWeekday(date))) return null;
  if (minutesOfDay(hours.end, 'end') <= minutesOfDay(hours.start, 'start')) {
    fail('C2_BAD_INTERVAL', `working hours ${hours.start}-${hours.end} end before they start`, 'end');
  }
  return { from: localToUtc(date, hours.start, tz), to: localToUtc(date, hours.end, tz) };
}

function shiftDate(date: string, days: number): string {
  return new Date(dateMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The UTC intervals during A's working day `date` (A's calendar) when B is also at work. B's working days are taken
 * from B's own calendar, so across the date line A's Monday meets B's Sunday: Yokota's Monday morning is Camp Smith's
 * Sunday afternoon, and the result is empty.
 */
export function workingHoursOverlap(aTz: string, bTz: string, date: string, options: OverlapOptions = {}): Interval[] {
  const workdays = options.workdays ?? [1, 2, 3, 4, 5];
  const own = workingWindow(date, aTz, options.a ?? OFFICE_HOURS, workdays);
  if (!own) return [];
  const result: Interval[] = [];
  // Offsets span -12..+14 h, so B's working days that can meet A's date lie within two days either side.
  for (let shift = -2; shift <= 2; shift += 1) {
    const other = workingWindow(shiftDate(date, shift), bTz, options.b ?? OFFICE_HOURS, workdays);
    if (!other) continue;
    const shared = intersect(own, other);
    if (shared) result.push(shared);
  }
  return result.sort((x, y) => (x.from < y.from ? -1 : 1));
}
