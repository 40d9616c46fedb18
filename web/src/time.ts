import { useLocation } from './router.js';

/** The scenario's span: the slider covers these years. */
export const SCENARIO_FIRST_DAY = '2020-01-01';
export const SCENARIO_LAST_DAY = '2030-12-31';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Whether `value` is an ISO date or a zoned ISO date-time the API accepts. */
export function isIsoTime(value: string): boolean {
  return (DATE.test(value) || DATE_TIME.test(value)) && Number.isFinite(Date.parse(value));
}

/** The UTC calendar day of an ISO date or date-time. */
export function dayOf(value: string): string {
  return DATE.test(value) ? value : new Date(value).toISOString().slice(0, 10);
}

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function dayIndex(day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${SCENARIO_FIRST_DAY}T00:00:00Z`)) / DAY_MS);
}

export function dayFromIndex(index: number): string {
  return new Date(Date.parse(`${SCENARIO_FIRST_DAY}T00:00:00Z`) + index * DAY_MS).toISOString().slice(0, 10);
}

export const LAST_DAY_INDEX = dayIndex(SCENARIO_LAST_DAY);

export function clampDay(day: string): string {
  const index = Math.min(Math.max(dayIndex(day), 0), LAST_DAY_INDEX);
  return dayFromIndex(index);
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** A military date-time group in UTC, e.g. 251430ZNOV26. */
export function dtg(value: string): string {
  const d = new Date(DATE.test(value) ? `${value}T00:00:00Z` : value);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z${MONTHS[d.getUTCMonth()]}${pad(d.getUTCFullYear() % 100)}`;
}

/** The two time axes of every query: valid time (`at`) and record time (`knownAt`); null means "now". */
export interface TimeQuery {
  at: string | null;
  knownAt: string | null;
}

/** The chosen times, read from the URL so that every view is linkable; malformed values count as "now". */
export function useTimes(): TimeQuery {
  const { query } = useLocation();
  const read = (key: string) => {
    const value = query.get(key);
    return value && isIsoTime(value) ? value : null;
  };
  return { at: read('at'), knownAt: read('knownAt') };
}

/** PageUp/PageDown on the slider: about a month. */
export const DAY_INDEX_STEP_PAGE = 30;
