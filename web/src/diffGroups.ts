import type { Relationship, RelationshipKind, TreeNode, UnitSlice } from './api.js';
import type { FlatDiff } from './endpoints/diff.js';

/** One command's share of a structure diff: what it gained and lost, and the changes to units under it. */
export interface CommandGroup {
  commandId: string | null;
  gained: Array<{ kind: RelationshipKind; unitId: string }>;
  lost: Array<{ kind: RelationshipKind; unitId: string }>;
  unitsAdded: UnitSlice[];
  unitsRemoved: UnitSlice[];
  unitsChanged: FlatDiff['unitsChanged'];
  relationshipsChanged: FlatDiff['relationshipsChanged'];
}

/** Each unit's superior in a forest of command trees (the first place it appears). */
export function parentsOf(roots: TreeNode[], into: Map<string, string> = new Map()): Map<string, string> {
  const walk = (node: TreeNode) => {
    for (const child of node.children) {
      if (!into.has(child.unit.id)) into.set(child.unit.id, node.unit.id);
      walk(child);
    }
  };
  roots.forEach(walk);
  return into;
}

const flatten = (byKind: Partial<Record<RelationshipKind, string[]>>) =>
  (Object.entries(byKind) as [RelationshipKind, string[]][]).flatMap(([kind, ids]) =>
    ids.map((unitId) => ({ kind, unitId })),
  );

/**
 * The diff grouped per command: gains and losses by the superior that had them; added units under their superior
 * afterwards, removed ones under their superior before, changed ones under their superior afterwards (else before);
 * changed relationships under their superior. Units with no superior either side fall into the null group.
 */
export function groupDiff(
  diff: FlatDiff,
  parentsBefore: ReadonlyMap<string, string>,
  parentsAfter: ReadonlyMap<string, string>,
): CommandGroup[] {
  const groups = new Map<string | null, CommandGroup>();
  const group = (commandId: string | null): CommandGroup => {
    let g = groups.get(commandId);
    if (!g) {
      g = {
        commandId,
        gained: [],
        lost: [],
        unitsAdded: [],
        unitsRemoved: [],
        unitsChanged: [],
        relationshipsChanged: [],
      };
      groups.set(commandId, g);
    }
    return g;
  };
  const superiorOf = (unitId: string, edges: readonly Relationship[]) =>
    edges.find((r) => r.subordinateId === unitId)?.superiorId ?? null;
  for (const c of diff.commands) {
    const g = group(c.commandId);
    g.gained.push(...flatten(c.gained));
    g.lost.push(...flatten(c.lost));
  }
  for (const u of diff.unitsAdded) {
    group(parentsAfter.get(u.id) ?? superiorOf(u.id, diff.relationshipsAdded)).unitsAdded.push(u);
  }
  for (const u of diff.unitsRemoved) {
    group(parentsBefore.get(u.id) ?? superiorOf(u.id, diff.relationshipsRemoved)).unitsRemoved.push(u);
  }
  for (const c of diff.unitsChanged) {
    group(parentsAfter.get(c.id) ?? parentsBefore.get(c.id) ?? null).unitsChanged.push(c);
  }
  for (const c of diff.relationshipsChanged) group(c.after.superiorId).relationshipsChanged.push(c);
  return [...groups.values()];
}
