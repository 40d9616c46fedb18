import { forest, type TreeNode } from '../command/queries.js';
import type { Relationship, RelationshipKind } from '../command/relationship.js';
import { fieldChanges } from '../force/fields.js';
import type { ForceTimeline } from '../force/timeline.js';
import type { UnitSlice } from '../force/unit.js';
import type { Instant } from '../time/instant.js';

export type ChangeMark = 'added' | 'removed' | 'moved' | 'changed' | 'unchanged';

export interface CompareNode {
  unitId: string;
  name: string;
  shortName: string;
  sidc: string;
  echelon: UnitSlice['echelon'];
  nation: string;
  via: { kind: RelationshipKind; superiorId: string } | null;
  mark: ChangeMark;
  /** Fields that differ between as-is and to-be (name, sidc, roles, personnel…), for 'changed' and 'moved' alike. */
  changes: string[];
  children: CompareTree[];
}

/** A node the reader may not see keeps its place (so the tree's shape is honest) and says nothing else. */
export type CompareTree = CompareNode | { withheld: true; children: CompareTree[] };

export interface PositionRow {
  unitId: string;
  shortName: string;
  mark: Exclude<ChangeMark, 'unchanged'>;
  asIs: { superiorId: string | null; kind: RelationshipKind | null } | null;
  toBe: { superiorId: string | null; kind: RelationshipKind | null } | null;
  changes: string[];
}

export interface Comparison {
  at: Instant;
  kinds: RelationshipKind[];
  asIs: CompareTree[];
  toBe: CompareTree[];
  /** Every marked unit, one row each: what the CLI table prints. */
  rows: PositionRow[];
}

const IGNORED = ['id', 'valid', 'label', 'sources', 'notes'];

/**
 * The as-is and to-be org charts at one date, as trees of `kinds`, each node marked against the other tree: added,
 * removed, moved (a different superior or kind), changed (attributes), unchanged. `visible` decides what the reader
 * may see; hidden nodes become placeholders and leave the rows.
 */
export function compareStructures(
  before: ForceTimeline,
  after: ForceTimeline,
  at: Instant,
  kinds: RelationshipKind[],
  visible: (unit: UnitSlice, via: Relationship | null) => boolean = () => true,
): Comparison {
  const asIsTrees = forest(before, kinds, at);
  const toBeTrees = forest(after, kinds, at);
  const asIsPlace = places(asIsTrees);
  const toBePlace = places(toBeTrees);
  const rows = new Map<string, PositionRow>();
  const build = (node: TreeNode, side: 'asIs' | 'toBe'): CompareTree => {
    const id = node.unit.id;
    const other = side === 'asIs' ? after.unitAt(id, at) : before.unitAt(id, at);
    const asIsUnit = side === 'asIs' ? node.unit : other;
    const toBeUnit = side === 'toBe' ? node.unit : other;
    const changes = asIsUnit && toBeUnit ? fieldChanges(asIsUnit, toBeUnit, IGNORED).map((c) => c.field) : [];
    const from = asIsPlace.get(id);
    const to = toBePlace.get(id);
    const mark: ChangeMark = !other
      ? side === 'asIs'
        ? 'removed'
        : 'added'
      : from && to && (from.superiorId !== to.superiorId || from.kind !== to.kind)
        ? 'moved'
        : changes.length > 0
          ? 'changed'
          : 'unchanged';
    const children = node.children.map((child) => build(child, side));
    if (!visible(node.unit, node.via)) return { withheld: true, children };
    if (mark !== 'unchanged')
      rows.set(id, { unitId: id, shortName: node.unit.shortName, mark, asIs: from ?? null, toBe: to ?? null, changes });
    return {
      unitId: id,
      name: node.unit.name,
      shortName: node.unit.shortName,
      sidc: node.unit.sidc,
      echelon: node.unit.echelon,
      nation: node.unit.nation,
      via: node.via ? { kind: node.via.kind, superiorId: node.via.superiorId } : null,
      mark,
      changes,
      children,
    };
  };
  const asIs = asIsTrees.map((node) => build(node, 'asIs'));
  const toBe = toBeTrees.map((node) => build(node, 'toBe'));
  return { at, kinds, asIs, toBe, rows: [...rows.values()].sort((a, b) => (a.shortName < b.shortName ? -1 : 1)) };
}

function places(trees: TreeNode[]) {
  const out = new Map<string, { superiorId: string | null; kind: RelationshipKind | null }>();
  const stack = [...trees];
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.set(node.unit.id, { superiorId: node.via?.superiorId ?? null, kind: node.via?.kind ?? null });
    stack.push(...node.children);
  }
  return out;
}
