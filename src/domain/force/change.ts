import type { Relationship } from '../command/relationship.js';
import type { StoredDocument } from '../records.js';
import type { Instant } from '../time/instant.js';
import type { UnitSlice } from './unit.js';

/**
 * A change to the force as stored: retire current versions (close their record time) and insert new ones. Domain
 * operations produce change sets; the store applies one atomically; validation runs on the structure it would give.
 */
export interface ChangeSet {
  /** Current unit slices to retire, by (unit id, valid.from). */
  retireUnitSlices: Array<{ id: string; validFrom: Instant }>;
  /** Current relationship versions to retire, by relationship id. */
  retireRelationships: string[];
  insertUnitSlices: UnitSlice[];
  insertRelationships: Relationship[];
  /** Documents (plans, missions, requests…) written in the same transaction; each supersedes its current version. */
  putDocuments?: StoredDocument[];
}

export function emptyChangeSet(): ChangeSet {
  return { retireUnitSlices: [], retireRelationships: [], insertUnitSlices: [], insertRelationships: [] };
}
