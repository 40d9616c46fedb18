import { canonicalLabel, sortCaveats, sortReleasable } from './canonical.js';
import type { SecurityLabel } from './label.js';
import { nofornCaveat, type Policy, rankOf } from './policy.js';
import { audienceOf, audienceWithin, intersectReleasability } from './releasability.js';

/**
 * a dominates b when a is at least as restrictive in every term: level, caveats, releasability. NOFORN is compared
 * through the audience it implies rather than as a caveat, so `SECRET//NOFORN` and a bare `SECRET` dominate each other.
 */
export function dominates(a: SecurityLabel, b: SecurityLabel, policy: Policy): boolean {
  const noforn = nofornCaveat(policy).name;
  return (
    rankOf(policy, a.classification) >= rankOf(policy, b.classification) &&
    b.caveats.every((name) => name === noforn || a.caveats.includes(name)) &&
    audienceWithin(audienceOf(a, policy), audienceOf(b, policy))
  );
}

/**
 * The banner of a view: the least label that dominates every label in it (highest level, union of caveats, only the
 * nations every record is released to). Anyone who may read the roll-up may read every record in the view.
 * An empty view is public: the policy's lowest level with no restriction.
 */
export function rollUp(labels: Iterable<SecurityLabel>, policy: Policy): SecurityLabel {
  const canonical = [...labels].map((label) => canonicalLabel(label, policy));
  if (canonical.length === 0) return { classification: policy.levels[0]!.name, releasableTo: null, caveats: [] };
  // A loop, not Math.max(...spread): an export rolls up hundreds of thousands of labels.
  let rank = 0;
  for (const label of canonical) rank = Math.max(rank, rankOf(policy, label.classification));
  const { releasableTo, noforn } = intersectReleasability(canonical, policy);
  const nofornName = nofornCaveat(policy).name;
  const caveats = canonical.flatMap((label) => label.caveats).filter((name) => name !== nofornName);
  return {
    classification: policy.levels[rank]!.name,
    releasableTo: releasableTo && sortReleasable(policy, releasableTo),
    caveats: sortCaveats(policy, noforn ? [...caveats, nofornName] : caveats),
  };
}
