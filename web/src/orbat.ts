import type { RelationshipKind, TreeNode, UnitSlice } from './api.js';

/** Pure helpers over the ORBAT tree the API returns: keys, search, visibility, labels. */

/** A node's key is its path: a unit can appear under several superiors (e.g. OPCON and ADCON). */
export interface KeyedNode {
  key: string;
  node: TreeNode;
  depth: number;
  parentKey: string | null;
  children: KeyedNode[];
}

export function keyTree(roots: TreeNode[]): KeyedNode[] {
  const walk = (node: TreeNode, parentKey: string | null, depth: number): KeyedNode => {
    const key = `${parentKey ?? ''}/${node.via?.kind ?? 'ROOT'}:${node.unit.id}`;
    return { key, node, depth, parentKey, children: node.children.map((c) => walk(c, key, depth + 1)) };
  };
  return roots.map((r) => walk(r, null, 0));
}

export function matchesSearch(unit: UnitSlice, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [unit.name, unit.shortName, unit.id, unit.homeStation?.name ?? ''].some((s) =>
    s.toLowerCase().includes(needle),
  );
}

/** The nodes that match `q` plus their ancestors (for context); descendants of a match are kept whole. */
export function searchTree(nodes: KeyedNode[], q: string): KeyedNode[] {
  if (!q.trim()) return nodes;
  const out: KeyedNode[] = [];
  for (const n of nodes) {
    if (matchesSearch(n.node.unit, q)) out.push(n);
    else {
      const children = searchTree(n.children, q);
      if (children.length) out.push({ ...n, children });
    }
  }
  return out;
}

export function allKeys(nodes: KeyedNode[], into: Set<string> = new Set()): Set<string> {
  for (const n of nodes) {
    if (n.children.length) into.add(n.key);
    allKeys(n.children, into);
  }
  return into;
}

/** Keys of nodes above `depth` with children: the default expansion. */
export function keysToDepth(nodes: KeyedNode[], depth: number, into: Set<string> = new Set()): Set<string> {
  for (const n of nodes) {
    if (n.depth < depth && n.children.length) {
      into.add(n.key);
      keysToDepth(n.children, depth, into);
    }
  }
  return into;
}

/** The rows shown, in order, given which nodes are expanded. */
export function visibleRows(nodes: KeyedNode[], expanded: ReadonlySet<string>, into: KeyedNode[] = []): KeyedNode[] {
  for (const n of nodes) {
    into.push(n);
    if (expanded.has(n.key)) visibleRows(n.children, expanded, into);
  }
  return into;
}

/** The tree pruned to what is expanded: what the org chart draws. */
export function prune(nodes: KeyedNode[], expanded: ReadonlySet<string>): KeyedNode[] {
  return nodes.map((n) => ({ ...n, children: expanded.has(n.key) ? prune(n.children, expanded) : [] }));
}

export function countUnits(nodes: KeyedNode[], nations: Map<string, number> = new Map()): Map<string, number> {
  const seen = new Set<string>();
  const walk = (list: KeyedNode[]) => {
    for (const n of list) {
      if (!seen.has(n.node.unit.id)) {
        seen.add(n.node.unit.id);
        nations.set(n.node.unit.nation, (nations.get(n.node.unit.nation) ?? 0) + 1);
      }
      walk(n.children);
    }
  };
  walk(nodes);
  return nations;
}

const number = new Intl.NumberFormat('en-US');

export function formatPersonnel(unit: UnitSlice): string {
  const { assigned, authorized } = unit.personnel;
  const value = assigned ?? authorized;
  return value === null ? '—' : number.format(value);
}

export function formatNumber(value: number): string {
  return number.format(value);
}

export function echelonLabel(echelon: string): string {
  const text = echelon.replace(/_/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Tree kinds offered as filters, in display order. */
export const FILTER_KINDS: readonly RelationshipKind[] = [
  'COCOM',
  'OPCON',
  'TACON',
  'ADCON',
  'SUPPORT',
  'COORDINATION',
];
export const DEFAULT_KINDS: readonly RelationshipKind[] = ['COCOM', 'OPCON', 'TACON'];

export function parseKinds(value: string | null): RelationshipKind[] {
  if (!value) return [...DEFAULT_KINDS];
  const wanted = value.split(',');
  return FILTER_KINDS.filter((k) => wanted.includes(k));
}
