import type { ForceDocument } from '../domain/force/document.js';
import { PUBLIC_UNCLASSIFIED, type SecurityLabel } from '../domain/security/label.js';

/**
 * A plain marking string for labels inside exported files: `SECRET//REL TO USA, JPN`, `SECRET//NOFORN`. A stand-in
 * until the policy-driven parser (src/domain/security/marking.ts) exists; the grammar is the banner form of
 * reference/domain-facts.md, and the level order is the usual U.S./NATO one.
 */
const LEVELS = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'];

export function renderLabel(label: SecurityLabel): string {
  const parts = [label.classification, ...label.caveats];
  if (label.releasableTo !== null) parts.push(`REL TO ${label.releasableTo.join(', ')}`);
  return parts.join('//');
}

/** Null when the text is not a marking (an unknown level, an empty string). */
export function parseLabel(text: string): SecurityLabel | null {
  const parts = text
    .trim()
    .split('//')
    .map((part) => part.trim());
  const classification = parts[0]?.toUpperCase() ?? '';
  if (!LEVELS.includes(classification)) return null;
  let releasableTo: string[] | null = null;
  const caveats: string[] = [];
  for (const part of parts.slice(1)) {
    if (part === '') return null;
    const rel = /^REL TO\s+(.+)$/i.exec(part);
    if (rel?.[1]) releasableTo = rel[1].split(/\s*,\s*/).map((nation) => nation.toUpperCase());
    else caveats.push(part.toUpperCase());
  }
  return { classification, releasableTo, caveats };
}

/** The highest of the labels: top level, releasability narrowed to nations every label allows, caveats unioned. */
export function rollUp(labels: Iterable<SecurityLabel>): SecurityLabel {
  // A level this list does not know ranks above all: overstating a marking is safe, understating it is not.
  const rank = (classification: string) => {
    const index = LEVELS.indexOf(classification);
    return index < 0 ? LEVELS.length : index;
  };
  let classification = 'UNCLASSIFIED';
  let releasableTo: string[] | null = null;
  const caveats = new Set<string>();
  for (const label of labels) {
    if (rank(label.classification) > rank(classification)) classification = label.classification;
    if (label.releasableTo !== null) {
      const allowed: string[] = label.releasableTo;
      releasableTo = releasableTo === null ? [...allowed] : releasableTo.filter((nation) => allowed.includes(nation));
    }
    for (const caveat of label.caveats) caveats.add(caveat);
  }
  return { classification, releasableTo, caveats: [...caveats] };
}

/** The marking an export states: the document's own marking rolled up with every record it carries. */
export function documentMarking(doc: ForceDocument): string {
  const stated = parseLabel(doc.marking) ?? PUBLIC_UNCLASSIFIED;
  return renderLabel(rollUp([stated, ...doc.units.map((u) => u.label), ...doc.relationships.map((r) => r.label)]));
}
