import { fail } from '../errors.js';
import { type Instant, toInstant } from './instant.js';

/** A half-open interval [from, to); `to: null` is open-ended ("until further notice"). */
export interface Interval {
  from: Instant;
  to: Instant | null;
}

export function interval(from: string, to?: string | null, field = 'valid'): Interval {
  const start = toInstant(from, `${field}.from`);
  const end = to == null ? null : toInstant(to, `${field}.to`);
  if (end !== null && end <= start) {
    fail('C2_BAD_INTERVAL', `${field}: 'to' (${end}) must be after 'from' (${start})`, `${field}.to`);
  }
  return { from: start, to: end };
}

export function contains(span: Interval, at: Instant): boolean {
  return span.from <= at && (span.to === null || at < span.to);
}

export function overlaps(a: Interval, b: Interval): boolean {
  return (a.to === null || b.from < a.to) && (b.to === null || a.from < b.to);
}

/** The overlap of two intervals, or null where they do not meet. */
export function intersect(a: Interval, b: Interval): Interval | null {
  if (!overlaps(a, b)) return null;
  // Instants are strings that order as times: Math.max/min would coerce them to NaN.
  // biome-ignore lint/complexity/useMathMinMax: string comparison
  const from = a.from > b.from ? a.from : b.from;
  // biome-ignore lint/complexity/useMathMinMax: string comparison
  const to = a.to === null ? b.to : b.to === null ? a.to : a.to < b.to ? a.to : b.to;
  return { from, to };
}

/** Whether `inner` lies wholly inside `outer`. */
export function within(inner: Interval, outer: Interval): boolean {
  if (inner.from < outer.from) return false;
  if (outer.to === null) return true;
  return inner.to !== null && inner.to <= outer.to;
}

export function formatInterval(span: Interval): string {
  return `${span.from.slice(0, 10)}..${span.to === null ? '' : span.to.slice(0, 10)}`;
}
