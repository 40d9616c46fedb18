import { fail } from '../errors.js';
import type { SecurityLabel } from './label.js';
import { type Caveat, type ClassificationLevel, findTetragraph, type Policy } from './policy.js';

/**
 * The one place that knows what a well-formed label is. Resolvers take what a person typed (any case, name or portion
 * mark) and return the policy's spelling, or undefined so the caller can say where the bad token was.
 */

const squash = (text: string) => text.trim().replace(/\s+/g, ' ').toUpperCase();

export function resolveLevel(policy: Policy, text: string): ClassificationLevel | undefined {
  const wanted = squash(text);
  return policy.levels.find((level) => level.name === wanted || level.portion === wanted);
}

export function resolveCaveat(policy: Policy, text: string): Caveat | undefined {
  const wanted = squash(text);
  return policy.caveats.find((caveat) => caveat.name === wanted || caveat.portion === wanted);
}

/** A nation trigraph or a tetragraph the policy knows, upper-cased. */
export function resolveReleaseCode(policy: Policy, text: string): string | undefined {
  const wanted = squash(text);
  const known = policy.nations.some((n) => n.code === wanted) || findTetragraph(policy, wanted) !== undefined;
  return known ? wanted : undefined;
}

/** CAPCO order: the originator first, then trigraphs alphabetically, then tetragraphs alphabetically. */
export function sortReleasable(policy: Policy, codes: Iterable<string>): string[] {
  const unique = new Set(codes);
  const rest = [...unique].filter((code) => code !== policy.originator);
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [
    ...(unique.has(policy.originator) ? [policy.originator] : []),
    ...rest.filter((code) => code.length === 3).sort(byCode),
    ...rest.filter((code) => code.length !== 3).sort(byCode),
  ];
}

/** Caveat names in policy (banner) order, without duplicates. */
export function sortCaveats(policy: Policy, names: Iterable<string>): string[] {
  const wanted = new Set(names);
  return policy.caveats.filter((caveat) => wanted.has(caveat.name)).map((caveat) => caveat.name);
}

/** Why a resolved, sorted releasability cannot stand with these caveats, or undefined when it can. */
export function releasabilityProblem(
  policy: Policy,
  releasableTo: string[] | null,
  caveats: string[],
): string | undefined {
  if (releasableTo === null) return undefined;
  const noforn = policy.caveats.find((caveat) => caveat.kind === 'NOFORN' && caveats.includes(caveat.name));
  if (noforn) return `${noforn.name} cannot be combined with REL TO`;
  if (!releasableTo.includes(policy.originator)) return `REL TO must list ${policy.originator}, the originating nation`;
  if (releasableTo.length === 1) return `REL TO ${policy.originator} alone is not a release: mark it NOFORN`;
  return undefined;
}

/**
 * Validates a label built in code and returns its canonical form (policy spelling and order). Throws C2_BAD_MARKING
 * naming the field at fault.
 */
export function canonicalLabel(label: SecurityLabel, policy: Policy): SecurityLabel {
  const level = resolveLevel(policy, label.classification);
  if (!level) fail('C2_BAD_MARKING', `unknown classification "${label.classification}"`, 'classification');
  const caveats = label.caveats.map((text, index) => {
    const caveat = resolveCaveat(policy, text);
    if (!caveat) fail('C2_BAD_MARKING', `unknown caveat "${text}"`, `caveats[${index}]`);
    return caveat.name;
  });
  const releasableTo =
    label.releasableTo === null
      ? null
      : sortReleasable(
          policy,
          label.releasableTo.map((text, index) => {
            const code = resolveReleaseCode(policy, text);
            if (!code) fail('C2_BAD_MARKING', `unknown country or tetragraph "${text}"`, `releasableTo[${index}]`);
            return code;
          }),
        );
  const sortedCaveats = sortCaveats(policy, caveats);
  const problem = releasabilityProblem(policy, releasableTo, sortedCaveats);
  if (problem) fail('C2_BAD_MARKING', problem, 'releasableTo');
  return { classification: level.name, releasableTo, caveats: sortedCaveats };
}
