import { fail } from '../errors.js';

/**
 * An instant is an ISO-8601 UTC string with millisecond precision ('2025-03-24T00:00:00.000Z'). One fixed width means
 * instants compare correctly as strings, so indexes, SQL and JSON all order them the same way.
 */
export type Instant = string;

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Accepts a date ('2025-03-24') or a date-time with a zone; rejects anything else with a message naming the field. */
export function toInstant(value: string | number | Date, field = 'time'): Instant {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value;
  else {
    const text = value.trim();
    if (!ISO_LIKE.test(text)) fail('C2_BAD_TIME', `${field}: '${value}' is not an ISO-8601 date or UTC date-time`, field);
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text) || !text.includes('T');
    if (!hasZone) fail('C2_BAD_TIME', `${field}: '${value}' has no time zone; add 'Z' for UTC`, field);
    ms = Date.parse(text.includes('T') ? text : `${text}T00:00:00Z`);
  }
  if (!Number.isFinite(ms)) fail('C2_BAD_TIME', `${field}: '${String(value)}' is not a valid time`, field);
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (year < 1900 || year > 2200) fail('C2_BAD_TIME', `${field}: year ${year} is outside 1900..2200`, field);
  return date.toISOString();
}

export function instantMs(instant: Instant): number {
  return Date.parse(instant);
}

export function addMs(instant: Instant, ms: number): Instant {
  return new Date(Date.parse(instant) + ms).toISOString();
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
