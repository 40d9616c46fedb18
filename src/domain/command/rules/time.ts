import type { Instant } from '../../time/instant.js';
import type { Interval } from '../../time/interval.js';

/** Sorts after every instant: the end of an open interval. */
const OPEN_END = '\uffff';

export function endOf(span: Interval): string {
  return span.to ?? OPEN_END;
}

/** Splits `span` at every point strictly inside it; the pieces are half-open and cover `span` exactly. */
export function splitAt(span: Interval, points: Iterable<Instant>): Interval[] {
  const end = endOf(span);
  const inside = [...new Set([...points].filter((p) => p > span.from && p < end))].sort();
  const pieces: Interval[] = [];
  let from = span.from;
  for (const p of inside) {
    pieces.push({ from, to: p });
    from = p;
  }
  pieces.push({ from, to: span.to });
  return pieces;
}

/** The parts of `span` that no interval in `covers` reaches. */
export function uncovered(span: Interval, covers: readonly Interval[]): Interval[] {
  const sorted = [...covers].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const gaps: Interval[] = [];
  let cursor = span.from;
  const end = endOf(span);
  for (const c of sorted) {
    if (cursor >= end) break;
    if (endOf(c) <= cursor) continue;
    if (c.from > cursor) gaps.push({ from: cursor, to: c.from < end ? c.from : span.to });
    if (endOf(c) > cursor) cursor = endOf(c);
  }
  if (cursor < end) gaps.push({ from: cursor, to: span.to });
  return gaps;
}

export interface Finding {
  /** Two adjacent pieces with the same key are one finding over their union. */
  key: string;
  build: (span: Interval) => void;
}

/**
 * Evaluates a time-dependent check once per piece of `span` (split at `points`, where the facts it reads can change)
 * and reports each maximal run of pieces with the same finding once, so a breach is one violation over its interval.
 */
export function eachRun(span: Interval, points: Iterable<Instant>, check: (at: Instant) => Finding | null): void {
  let open: { finding: Finding; from: Instant; to: Instant | null } | null = null;
  for (const piece of splitAt(span, points)) {
    const finding = check(piece.from);
    if (open && finding?.key === open.finding.key) {
      open.to = piece.to;
      continue;
    }
    if (open) open.finding.build({ from: open.from, to: open.to });
    open = finding ? { finding, from: piece.from, to: piece.to } : null;
  }
  if (open) open.finding.build({ from: open.from, to: open.to });
}
