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

// A file repeats a handful of markings on every row: parse each spelling once.
const parsed = new Map<string, SecurityLabel | null>();

/** Null when the text is not a marking under the policy. */
export function parseLabel(text: string): SecurityLabel | null {
  let label = parsed.get(text);
  if (label === undefined) {
    try {
      label = parseMarking(text, policy);
    } catch {
      label = null;
    }
    if (parsed.size < 1024) parsed.set(text, label);
  }
  return (
    label && { ...label, releasableTo: label.releasableTo && [...label.releasableTo], caveats: [...label.caveats] }
  );
}

/** The marking an export states: the document's own marking rolled up with every record it carries. */
export function documentMarking(doc: ForceDocument): string {
  const stated = parseLabel(doc.marking) ?? PUBLIC_UNCLASSIFIED;
  // Distinct labels only: a large force has few of them, and rollUp spreads its input into Math.max.
  const distinct = new Map<string, SecurityLabel>();
  for (const label of [stated, ...doc.units.map((u) => u.label), ...doc.relationships.map((r) => r.label)]) {
    distinct.set(`${label.classification}|${label.releasableTo?.join(',') ?? '*'}|${label.caveats.join(',')}`, label);
  }
  return renderLabel(rollUp(distinct.values(), policy));
}
