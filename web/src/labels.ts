// Before the policy module: its top-level parse must already run zod without eval (see jitless.ts).
import './jitless.js';
import { DEFAULT_POLICY } from '../../src/domain/security/default-policy.js';
import type { SecurityLabel } from '../../src/domain/security/label.js';
import { parseMarking, renderBanner } from '../../src/domain/security/marking.js';
import type { Policy } from '../../src/domain/security/policy.js';

/**
 * The markings a user may choose when writing: every level up to their clearance, each either releasable to the
 * alliance's nations or (for the policy's own nation) NOFORN. Japan's users write REL TO markings only: NOFORN keeps
 * a record from every foreign national, the writer included.
 */
export function markingChoices(
  user: { nation: string; clearance: string },
  allianceNations: readonly string[],
  policy: Policy = DEFAULT_POLICY,
): string[] {
  const top = policy.levels.findIndex((level) => level.name === user.clearance);
  const levels = policy.levels.slice(0, top < 0 ? 1 : top + 1);
  const rel = `REL TO ${[...allianceNations].join(', ')}`;
  const out: string[] = [];
  for (const [index, level] of levels.entries()) {
    if (index === 0) {
      out.push(level.name);
      continue;
    }
    out.push(canonical(`${level.name}//${rel}`, policy));
    if (user.nation === policy.originator) out.push(`${level.name}//NOFORN`);
  }
  return out.filter((marking, i) => out.indexOf(marking) === i);
}

/** The label of a marking, rendered back as the policy spells it (REL TO order and spacing). */
function canonical(marking: string, policy: Policy): string {
  return renderBanner(parseMarking(marking, policy), policy);
}

export function labelOfMarking(marking: string, policy: Policy = DEFAULT_POLICY): SecurityLabel {
  return parseMarking(marking, policy);
}
