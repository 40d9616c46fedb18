import type { SecurityLabel } from '../../src/domain/security/label.js';
import type { ChangeMark, CompareTree } from './endpoints/plans.js';
import type { RelationshipKind } from './api.js';
import { echelonLabel, formatPersonnel, type KeyedNode } from './orbat.js';

/**
 * What the org chart draws: one box per node, whatever the source (the ORBAT tree, or a plan's as-is/to-be tree with
 * change marks). `unitId` null is a node withheld from the reader: it keeps its place and says nothing else.
 */
export interface ChartNode {
  key: string;
  unitId: string | null;
  shortName: string;
  name: string;
  sidc: string;
  nation: string;
  /** The third line: echelon and strength. */
  meta: string;
  label?: SecurityLabel;
  /** The relationship to the parent box. */
  kind: RelationshipKind | null;
  mark?: ChangeMark;
  /** Fields that differ (for 'changed' and 'moved'). */
  changes?: string[];
  children: ChartNode[];
}

export function chartFromTree(nodes: KeyedNode[]): ChartNode[] {
  return nodes.map((n) => {
    const unit = n.node.unit;
    return {
      key: n.key,
      unitId: unit.id,
      shortName: unit.shortName,
      name: unit.name,
      sidc: unit.sidc,
      nation: unit.nation,
      meta: `${echelonLabel(unit.echelon)} · ${formatPersonnel(unit)}`,
      label: unit.label,
      kind: n.node.via?.kind ?? null,
      children: chartFromTree(n.children),
    };
  });
}

const WITHHELD_SIDC = '10011000000000000000';

export function chartFromComparison(trees: CompareTree[], parentKey = ''): ChartNode[] {
  return trees.map((tree, index) => {
    if ('withheld' in tree) {
      const key = `${parentKey}/withheld:${index}`;
      return {
        key,
        unitId: null,
        shortName: 'Withheld',
        name: 'Not releasable to you',
        sidc: WITHHELD_SIDC,
        nation: '',
        meta: '—',
        kind: null,
        children: chartFromComparison(tree.children, key),
      };
    }
    const key = `${parentKey}/${tree.via?.kind ?? 'ROOT'}:${tree.unitId}`;
    return {
      key,
      unitId: tree.unitId,
      shortName: tree.shortName,
      name: tree.name,
      sidc: tree.sidc,
      nation: tree.nation,
      meta: echelonLabel(tree.echelon),
      kind: tree.via?.kind ?? null,
      mark: tree.mark,
      changes: tree.changes,
      children: chartFromComparison(tree.children, key),
    };
  });
}

const marked = (node: ChartNode) => node.mark !== undefined && node.mark !== 'unchanged';

/**
 * The branches that hold a change: every marked node with its ancestors, and one level of unchanged children under a
 * marked node for context (its own subordinates). Unchanged roots drop out.
 */
export function changedBranches(nodes: ChartNode[]): ChartNode[] {
  const out: ChartNode[] = [];
  for (const node of nodes) {
    if (marked(node)) {
      out.push({ ...node, children: node.children.map((c) => (hasChange(c) ? pruneKeep(c) : { ...c, children: [] })) });
    } else {
      const children = changedBranches(node.children);
      if (children.length) out.push({ ...node, children });
    }
  }
  return out;
}

function pruneKeep(node: ChartNode): ChartNode {
  return changedBranches([node])[0] ?? { ...node, children: [] };
}

export function hasChange(node: ChartNode): boolean {
  return marked(node) || node.children.some(hasChange);
}

export function countMarks(
  nodes: ChartNode[],
  into: Map<ChangeMark, Set<string>> = new Map(),
): Map<ChangeMark, Set<string>> {
  for (const node of nodes) {
    if (node.mark && node.mark !== 'unchanged' && node.unitId) {
      const set = into.get(node.mark) ?? new Set<string>();
      set.add(node.unitId);
      into.set(node.mark, set);
    }
    countMarks(node.children, into);
  }
  return into;
}
