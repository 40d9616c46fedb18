import { C2Error } from '../errors.js';
import type { SecurityLabel } from './label.js';
import { findCaveat, type Policy, rankOf } from './policy.js';
import { audienceOf, inAudience } from './releasability.js';

/** The domain's reader identity. `caveats` are the ACCESS caveats (read-ins) the person holds. */
export interface Person {
  id: string;
  nation: string;
  clearance: string;
  caveats: string[];
  roles: string[];
}

export type ReadDecision =
  | { allowed: true }
  | { allowed: false; reason: 'UNKNOWN_MARKING' | 'CLEARANCE' | 'RELEASABILITY' | 'ACCESS'; message: string };

/**
 * The access decision, checked in this order: the label is one the policy knows, clearance >= classification, the
 * person's nation is in the label's audience, and the person holds every ACCESS caveat. HANDLING caveats (ORCON)
 * do not change who may read. The message names the label's terms: it is for the audit log, not for the person refused.
 */
export function decideRead(person: Person, label: SecurityLabel, policy: Policy): ReadDecision {
  const level = rankOf(policy, label.classification);
  const unknownCaveat = label.caveats.find((name) => !findCaveat(policy, name));
  if (level < 0 || unknownCaveat !== undefined) {
    const what = level < 0 ? `classification "${label.classification}"` : `caveat "${unknownCaveat}"`;
    return { allowed: false, reason: 'UNKNOWN_MARKING', message: `the policy does not know ${what}` };
  }
  if (rankOf(policy, person.clearance) < level) {
    const message = `clearance ${person.clearance} is below ${label.classification}`;
    return { allowed: false, reason: 'CLEARANCE', message };
  }
  if (!inAudience(audienceOf(label, policy), person.nation)) {
    return { allowed: false, reason: 'RELEASABILITY', message: `not releasable to ${person.nation}` };
  }
  const missing = label.caveats.filter(
    (name) => findCaveat(policy, name)!.kind === 'ACCESS' && !person.caveats.includes(name),
  );
  if (missing.length > 0) {
    return { allowed: false, reason: 'ACCESS', message: `not read in to ${missing.join(', ')}` };
  }
  return { allowed: true };
}

export function canRead(person: Person, label: SecurityLabel, policy: Policy): boolean {
  return decideRead(person, label, policy).allowed;
}

/**
 * A person writes only labels they could read themselves: never above their clearance, never into a read-in they
 * lack, never releasable-to terms that would shut them out (a JPN officer cannot create a U.S.-only record).
 */
export function canWrite(person: Person, label: SecurityLabel, policy: Policy): boolean {
  return decideRead(person, label, policy).allowed;
}

/** Throws C2_LABEL_ABOVE_CLEARANCE, C2_FORBIDDEN or C2_BAD_MARKING when `canWrite` is false. */
export function assertCanWrite(person: Person, label: SecurityLabel, policy: Policy): void {
  const decision = decideRead(person, label, policy);
  if (decision.allowed) return;
  const code =
    decision.reason === 'CLEARANCE'
      ? 'C2_LABEL_ABOVE_CLEARANCE'
      : decision.reason === 'UNKNOWN_MARKING'
        ? 'C2_BAD_MARKING'
        : 'C2_FORBIDDEN';
  throw new C2Error(code, `cannot write this label: ${decision.message}`);
}

export function filterReadable<T>(
  person: Person,
  items: Iterable<T>,
  getLabel: (item: T) => SecurityLabel,
  policy: Policy,
): T[] {
  return [...items].filter((item) => canRead(person, getLabel(item), policy));
}

/**
 * What stands in for a record the person may not read, where leaving a hole would mislead (e.g. a link in a chain of
 * command). It carries nothing about the record: not its name, not even its classification (which says how sensitive
 * it is). `ref` is an opaque reference the caller adds only when the reader already knows it, e.g. the id they asked for.
 */
export interface Withheld {
  readonly withheld: true;
  readonly ref?: string;
}

export function withheld(ref?: string): Withheld {
  return ref === undefined ? { withheld: true } : { withheld: true, ref };
}

export function isWithheld(value: unknown): value is Withheld {
  return typeof value === 'object' && value !== null && (value as { withheld?: unknown }).withheld === true;
}

/** The item if the person may read it, else a placeholder (with `ref(item)` only when the caller passes one). */
export function readOrWithhold<T>(
  person: Person,
  item: T,
  getLabel: (item: T) => SecurityLabel,
  policy: Policy,
  ref?: (item: T) => string,
): T | Withheld {
  return canRead(person, getLabel(item), policy) ? item : withheld(ref?.(item));
}
