import { useEffect, useId, useSyncExternalStore } from 'react';

/**
 * Security markings as the API sends them (`SECRET//REL TO USA, JPN`), and the roll-up the banners show: the highest
 * classification on screen, with the narrowest releasability among markings at that level.
 */

const LEVELS = ['UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'] as const;
export type Level = (typeof LEVELS)[number];

export interface ParsedMarking {
  level: Level;
  /** Nations and tetragraphs of REL TO; null when unrestricted. */
  relTo: string[] | null;
  noforn: boolean;
  /** Other categories, kept verbatim. */
  other: string[];
}

export function parseMarking(marking: string): ParsedMarking {
  const [head = '', ...rest] = marking
    .split('//')
    .map((part) => part.trim())
    .filter(Boolean);
  const level = (LEVELS as readonly string[]).includes(head.toUpperCase())
    ? (head.toUpperCase() as Level)
    : 'TOP SECRET';
  let relTo: string[] | null = null;
  let noforn = false;
  const other: string[] = [];
  for (const part of rest) {
    if (/^REL TO /i.test(part))
      relTo = part
        .slice(7)
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
    else if (/^NOFORN$/i.test(part)) noforn = true;
    else other.push(part);
  }
  return { level, relTo, noforn, other };
}

function orderRelTo(list: string[]): string[] {
  const rest = list.filter((n) => n !== 'USA');
  const tri = rest.filter((n) => n.length === 3).sort();
  const tetra = rest.filter((n) => n.length !== 3).sort();
  return [...(list.includes('USA') ? ['USA'] : []), ...tri, ...tetra];
}

export function formatMarking(m: ParsedMarking): string {
  const parts: string[] = [m.level, ...m.other];
  if (m.noforn) parts.push('NOFORN');
  else if (m.relTo) parts.push(`REL TO ${orderRelTo(m.relTo).join(', ')}`);
  return parts.join('//');
}

/**
 * The marking covering all of `markings`. An unparseable level counts as TOP SECRET so that an error never lowers the
 * banner. With nothing on screen yet the banner reads UNCLASSIFIED.
 */
export function rollUp(markings: readonly string[]): string {
  if (markings.length === 0) return 'UNCLASSIFIED';
  const parsed = markings.map(parseMarking);
  const top = Math.max(...parsed.map((m) => LEVELS.indexOf(m.level)));
  let relTo: string[] | null = null;
  let noforn = false;
  const other = new Set<string>();
  for (const m of parsed) {
    noforn ||= m.noforn;
    for (const o of m.other) other.add(o);
    if (m.relTo) relTo = relTo ? relTo.filter((n) => m.relTo?.includes(n)) : [...m.relTo];
  }
  return formatMarking({ level: LEVELS[top] ?? 'TOP SECRET', relTo, noforn, other: [...other] });
}

/** Banner colours by level (the conventional U.S. scheme). */
export function bannerColours(marking: string): { background: string; color: string } {
  switch (parseMarking(marking).level) {
    case 'UNCLASSIFIED':
      return { background: '#007A33', color: '#FFFFFF' };
    case 'CONFIDENTIAL':
      return { background: '#0033A0', color: '#FFFFFF' };
    case 'SECRET':
      return { background: '#C8102E', color: '#FFFFFF' };
    default:
      return { background: '#FF8C00', color: '#000000' };
  }
}

// The markings of what is mounted now, by contributor. Views contribute the marking of each response they render.
const contributions = new Map<string, string>();
const listeners = new Set<() => void>();
let current = rollUp([]);

function publish(): void {
  current = rollUp([...contributions.values()]);
  for (const listener of listeners) listener();
}

/** Adds `marking` (e.g. a response's) to the screen's roll-up while the calling component is mounted. */
export function useMarking(marking: string | null | undefined): void {
  const id = useId();
  useEffect(() => {
    if (!marking) return;
    contributions.set(id, marking);
    publish();
    return () => {
      contributions.delete(id);
      publish();
    };
  }, [id, marking]);
}

export function useScreenMarking(): string {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
