import type Database from 'better-sqlite3';
import { CHAIN_STEPS } from '../../domain/command/queries.js';
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
 * The recorded links of a chain of command, walked upward in plain SQL (one recursive CTE over relationship_versions
 * and unit_versions) as known at `knownAt`: the benchmark's baseline for the domain's in-memory chain queries, so it
 * answers the same question as `chainOfCommand` does. The start unit must exist at `at`; each step takes, among the
 * edges holding at `at` whose superior exists then, one of the first kind in the chain's order that has one (OPCON,
 * else COCOM, for an OPCON chain), the last by (valid_from, id); a repeated unit ends the walk. The statutory link
 * above a combatant command, which is not a recorded relationship, is left to the domain.
 */
export function chainByRecursiveCte(
  db: Database.Database,
  unitId: string,
  kind: RelationshipKind,
  at: Instant,
  knownAt: Instant,
): ChainLink[] {
  let statements = prepared.get(db);
  if (!statements) {
    statements = new Map();
    prepared.set(db, statements);
  }
  let statement = statements.get(kind);
  if (!statement) {
    const steps = CHAIN_STEPS[kind];
    if (!steps) throw new Error(`kind '${kind}' is not a relationship kind`);
    statement = db.prepare(chainSql(steps[0], steps[1]));
    statements.set(kind, statement);
  }
  return statement.all({ unitId, at, knownAt, maxDepth: MAX_DEPTH }) as ChainLink[];
}

const prepared = new WeakMap<Database.Database, Map<RelationshipKind, Database.Statement>>();

const KNOWN = (t: string) =>
  `${t}.recorded_from <= $knownAt AND (${t}.recorded_to IS NULL OR $knownAt < ${t}.recorded_to)`;
const VALID = (t: string) => `${t}.valid_from <= $at AND (${t}.valid_to IS NULL OR $at < ${t}.valid_to)`;
const EXISTS_AT = (t: string, id: string) =>
  `EXISTS (SELECT 1 FROM unit_versions ${t} WHERE ${t}.unit_id = ${id} AND ${VALID(t)} AND ${KNOWN(t)})`;

/** 'OPCON', 'COCOM' as SQL: kinds are the domain's own constants, never input. */
const list = (kinds: readonly RelationshipKind[]) => kinds.map((kind) => `'${kind}'`).join(', ');
const rank = (kinds: readonly RelationshipKind[]) =>
  `CASE h.kind ${kinds.map((kind, i) => `WHEN '${kind}' THEN ${i}`).join(' ')} ELSE ${kinds.length} END`;

/**
 * The step is a correlated subquery (a recursive CTE may not aggregate): the unit's up edges of the chain's kinds by
 * index on (subordinate_id, kind, valid_from), the preferred kind first, then the latest edge. One statement per
 * kind, its kinds written in, so the index seeks on them.
 */
function chainSql(first: readonly RelationshipKind[], rest: readonly RelationshipKind[]): string {
  const all = [...new Set([...first, ...rest])];
  const same = first.join() === rest.join();
  const kindAtDepth = same
    ? 'TRUE'
    : `CASE WHEN c.depth = 0 THEN h.kind IN (${list(first)}) ELSE h.kind IN (${list(rest)}) END`;
  const order =
    all.length === 1
      ? ''
      : same
        ? `${rank(first)}, `
        : `CASE WHEN c.depth = 0 THEN ${rank(first)} ELSE ${rank(rest)} END, `;
  return `
WITH RECURSIVE chain (unitId, relationshipId, depth, path) AS (
  SELECT $unitId, NULL, 0, '|' || $unitId || '|' WHERE ${EXISTS_AT('u', '$unitId')}
  UNION ALL
  SELECT e.superior_id, e.id, c.depth + 1, c.path || e.superior_id || '|'
  FROM chain c JOIN relationship_versions e ON e.seq = (
    SELECT h.seq FROM relationship_versions h
    WHERE h.subordinate_id = c.unitId AND h.kind IN (${list(all)}) AND ${kindAtDepth}
      AND ${VALID('h')} AND ${KNOWN('h')} AND ${EXISTS_AT('s', 'h.superior_id')}
    ORDER BY ${order}h.valid_from DESC, h.id DESC
    LIMIT 1)
  WHERE c.depth < $maxDepth AND instr(c.path, '|' || e.superior_id || '|') = 0
)
SELECT unitId, relationshipId, depth FROM chain WHERE depth > 0 ORDER BY depth`;
}
