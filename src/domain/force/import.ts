import type { Relationship } from '../command/relationship.js';
import { emptyChangeSet, type ChangeSet } from './change.js';
import type { ForceDocument } from './document.js';
import type { ForceTimeline } from './timeline.js';
import type { UnitSlice } from './unit.js';

export interface ImportRefusal {
  path: string;
  reason: string;
}

/**
 * What importing a document into the current force would do: records new to the force are created; records equal to
 * what is stored are left alone; records that contradict what is stored are refused with their path, since an import
 * must never silently overwrite history (changes go through the dated operations instead).
 */
export function previewImport(tl: ForceTimeline, document: ForceDocument) {
  const change: ChangeSet = emptyChangeSet();
  const refused: ImportRefusal[] = [];
  let unchanged = 0;
  const seenSlices = new Set<string>();
  document.units.forEach((slice, index) => {
    const key = `${slice.id}@${slice.valid.from}`;
    if (seenSlices.has(key)) {
      refused.push({
        path: `units.${index}`,
        reason: `duplicate slice of unit '${slice.id}' from ${slice.valid.from}`,
      });
      return;
    }
    seenSlices.add(key);
    const stored = tl.unitSlices(slice.id).find((existing) => existing.valid.from === slice.valid.from);
    if (!stored) change.insertUnitSlices.push(slice);
    else if (sameRecord(stored, slice)) unchanged++;
    else
      refused.push({
        path: `units.${index}`,
        reason: `unit '${slice.id}' from ${slice.valid.from} differs from the stored one`,
      });
  });
  const seenRelationships = new Set<string>();
  document.relationships.forEach((relationship, index) => {
    if (seenRelationships.has(relationship.id)) {
      refused.push({ path: `relationships.${index}`, reason: `duplicate relationship id '${relationship.id}'` });
      return;
    }
    seenRelationships.add(relationship.id);
    const stored = tl.relationship(relationship.id);
    if (!stored) change.insertRelationships.push(relationship);
    else if (sameRecord(stored, relationship)) unchanged++;
    else
      refused.push({
        path: `relationships.${index}`,
        reason: `relationship '${relationship.id}' differs from the stored one`,
      });
  });
  return { change, unchanged, refused };
}

function sameRecord(a: UnitSlice | Relationship, b: UnitSlice | Relationship): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : inner,
  );
}
