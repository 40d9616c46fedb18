import type { ForceDocument } from '../domain/force/document.js';
import { DEFAULT_POLICY } from '../domain/security/default-policy.js';
import { PUBLIC_UNCLASSIFIED, type SecurityLabel } from '../domain/security/label.js';
import { rollUp } from '../domain/security/lattice.js';
import { parseMarking, renderBanner, renderPortion } from '../domain/security/marking.js';
import type { Policy } from '../domain/security/policy.js';

/**
 * Labels inside exported files are banner markings (`SECRET//REL TO USA, JPN`) read and written with the project's
 * marking grammar under the shipped policy (config/policy.json), so every format spells a label the one canonical way.
 */
const policy: Policy = DEFAULT_POLICY;

export const renderLabel = (label: SecurityLabel): string => renderBanner(label, policy);
export const portionMark = (label: SecurityLabel): string => renderPortion(label, policy);

/** Null when the text is not a marking under the policy. */
export function parseLabel(text: string): SecurityLabel | null {
  try {
    return parseMarking(text, policy);
  } catch {
    return null;
  }
}

/** The marking an export states: the document's own marking rolled up with every record it carries. */
export function documentMarking(doc: ForceDocument): string {
  const stated = parseLabel(doc.marking) ?? PUBLIC_UNCLASSIFIED;
  return renderLabel(
    rollUp([stated, ...doc.units.map((u) => u.label), ...doc.relationships.map((r) => r.label)], policy),
  );
}
