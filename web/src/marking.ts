// Before the policy module: its top-level parse must already run zod without eval (see jitless.ts).
import './jitless.js';
import { useEffect, useId, useSyncExternalStore } from 'react';
import { DEFAULT_POLICY } from '../../src/domain/security/default-policy.js';
import type { SecurityLabel } from '../../src/domain/security/label.js';
import { rollUp } from '../../src/domain/security/lattice.js';
import { bannerStyle, parseMarking, renderBanner, renderPortion } from '../../src/domain/security/marking.js';

/**
 * The screen's banner: the roll-up of the markings of every response on screen, computed with the same policy and
 * label algebra the server uses (src/domain/security), so the page and the API never spell a marking differently.
 */

const policy = DEFAULT_POLICY;

/** An unreadable marking counts as the policy's top level so that an error never lowers the banner. */
function labelOf(marking: string): SecurityLabel {
  try {
    return parseMarking(marking, policy);
  } catch {
    return { classification: policy.levels.at(-1)!.name, releasableTo: null, caveats: [] };
  }
}

export function rollUpMarkings(markings: readonly string[]): SecurityLabel {
  return rollUp(markings.map(labelOf), policy);
}

/** Banner text and the level's colours from the policy (UNCLASSIFIED green, SECRET red, …). */
export function banner(label: SecurityLabel): { text: string; background: string; colour: string } {
  return bannerStyle(label, policy);
}

export function markingText(label: SecurityLabel): string {
  return renderBanner(label, policy);
}

/**
 * A record's portion mark, e.g. `(S//REL TO USA, JPN)`, or null for public records (the lowest level, no caveats):
 * marking every public line `(U)` would bury the few that matter.
 */
export function portionMark(label: SecurityLabel): string | null {
  if (label.classification === policy.levels[0]?.name && label.caveats.length === 0) return null;
  return renderPortion(label, policy);
}

// The markings of what is mounted now, by contributor. Views contribute the marking of each response they render.
const contributions = new Map<string, string>();
const listeners = new Set<() => void>();
let current = rollUpMarkings([]);

function publish(): void {
  current = rollUpMarkings([...contributions.values()]);
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

export function useScreenLabel(): SecurityLabel {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
