import type { SecurityLabel } from './label.js';
import { findTetragraph, nofornCaveat, type Policy, rankOf } from './policy.js';

/** The nations a label is released to, with tetragraphs expanded; 'ALL' for public data. */
export type Audience = 'ALL' | ReadonlySet<string>;

/**
 * Releasability only (clearance and access caveats are checked elsewhere). NOFORN and a classified label without
 * REL TO both mean the originator's nationals only.
 */
export function audienceOf(label: SecurityLabel, policy: Policy): Audience {
  if (label.caveats.includes(nofornCaveat(policy).name)) return new Set([policy.originator]);
  if (label.releasableTo === null)
    return rankOf(policy, label.classification) === 0 ? 'ALL' : new Set([policy.originator]);
  return new Set(label.releasableTo.flatMap((code) => findTetragraph(policy, code)?.members ?? [code]));
}

export function inAudience(audience: Audience, nation: string): boolean {
  return audience === 'ALL' || audience.has(nation);
}

/** a ⊆ b. */
export function audienceWithin(a: Audience, b: Audience): boolean {
  if (b === 'ALL') return true;
  if (a === 'ALL') return false;
  return [...a].every((nation) => b.has(nation));
}

/**
 * The releasability of a roll-up: only nations every input is released to. A tetragraph survives only when every
 * restricted input names it (its membership is the policy's, not ours to expand); otherwise its members are listed.
 * Returns the REL TO list, or null with `noforn` when no foreign nation is left.
 */
export function intersectReleasability(
  labels: SecurityLabel[],
  policy: Policy,
): { releasableTo: string[] | null; noforn: boolean } {
  const restricted = labels.filter((label) => audienceOf(label, policy) !== 'ALL');
  if (restricted.length === 0) return { releasableTo: null, noforn: false };
  const audiences = restricted.map((label) => audienceOf(label, policy) as ReadonlySet<string>);
  const common = new Set([...audiences[0]!].filter((nation) => audiences.every((a) => a.has(nation))));
  const foreign = [...common].filter((nation) => nation !== policy.originator);
  if (foreign.length === 0) {
    // CAPCO: REL TO portions with no country in common, or any NOFORN portion, make the banner NOFORN; classified
    // portions without any foreign-disclosure marking alone leave it unmarked.
    const noforn = restricted.some(
      (label) => label.releasableTo !== null || label.caveats.includes(nofornCaveat(policy).name),
    );
    return { releasableTo: null, noforn };
  }
  const kept = [...new Set(restricted.flatMap((label) => label.releasableTo ?? []))].filter(
    (code) => code.length === 4 && restricted.every((label) => label.releasableTo?.includes(code)),
  );
  const covered = new Set(kept.flatMap((code) => findTetragraph(policy, code)?.members ?? []));
  const listed = [...common].filter((nation) => nation === policy.originator || !covered.has(nation));
  return { releasableTo: [...listed, ...kept], noforn: false };
}
