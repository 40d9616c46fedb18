import type Database from 'better-sqlite3';
import type { RelationshipKind } from '../../domain/command/relationship.js';
import type { Instant } from '../../domain/time/instant.js';

export interface ChainLink {
  /** The superior reached at this step. */
  unitId: string;
  /** The relationship version that leads to it. */
  relationshipId: string;
  /** 1 for the unit's direct superior, 2 for that superior's superior, and so on. */
  depth: number;
}

const MAX_DEPTH = 64;

/**
 * The unit's superiors of one kind, walked upward in plain SQL (a recursive CTE over relationship_versions): edges
 * valid at `at` as known at `knownAt`. The benchmark's baseline for the domain's in-memory chain queries. A cycle in
 * the data stops at the repeated unit; branching (two superiors of one kind, a doctrine violation) returns both.
 */
export function chainByRecursiveCte(
  db: Database.Database,
  unitId: string,
  kind: RelationshipKind,
  at: Instant,
  knownAt: Instant,
): ChainLink[] {
  let statement = prepared.get(db);
  if (!statement) {
    statement = db.prepare(CHAIN_SQL);
    prepared.set(db, statement);
  }
  return statement.all({ unitId, kind, at, knownAt, maxDepth: MAX_DEPTH }) as ChainLink[];
}

const prepared = new WeakMap<Database.Database, Database.Statement>();

// The edge filter is repeated in both arms (not factored into a CTE) so each step is an index lookup on
// (subordinate_id, kind, valid_from) rather than a scan of a materialized edge set.
const EDGE_AT = `e.kind = $kind AND e.valid_from <= $at AND (e.valid_to IS NULL OR $at < e.valid_to)
    AND e.recorded_from <= $knownAt AND (e.recorded_to IS NULL OR $knownAt < e.recorded_to)`;

const CHAIN_SQL = `
WITH RECURSIVE chain (unitId, relationshipId, depth, path) AS (
  SELECT e.superior_id, e.id, 1, '|' || $unitId || '|' || e.superior_id || '|'
  FROM relationship_versions e WHERE e.subordinate_id = $unitId AND ${EDGE_AT}
  UNION ALL
  SELECT e.superior_id, e.id, c.depth + 1, c.path || e.superior_id || '|'
  FROM chain c JOIN relationship_versions e ON e.subordinate_id = c.unitId AND ${EDGE_AT}
  WHERE c.depth < $maxDepth AND instr(c.path, '|' || e.superior_id || '|') = 0
)
SELECT unitId, relationshipId, depth FROM chain ORDER BY depth, relationshipId`;
