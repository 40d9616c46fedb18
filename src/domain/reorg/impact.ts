import { chainOfCommand, diffTimelines, subtree } from '../command/queries.js';
import type { Relationship, RelationshipKind } from '../command/relationship.js';
import type { ForceTimeline } from '../force/timeline.js';
import type { UnitRole } from '../force/unit.js';
import type { Instant } from '../time/instant.js';
import { contains } from '../time/interval.js';

const COMMAND: readonly RelationshipKind[] = ['COCOM', 'OPCON', 'TACON'];
const OPCON_TREE: readonly RelationshipKind[] = ['COCOM', 'OPCON'];
/** Units at the top of a chain by their role: nobody above them is required. */
const TOP_ROLES: readonly UnitRole[] = ['NATIONAL_COMMAND_AUTHORITY', 'COMBATANT_COMMAND', 'SERVICE_HQ'];

export interface CommandImpact {
  commandId: string;
  gained: Partial<Record<RelationshipKind, string[]>>;
  lost: Partial<Record<RelationshipKind, string[]>>;
  /** Direct COCOM/OPCON/TACON subordinates at the date. */
  span: { before: number; after: number };
}

export interface PersonnelImpact {
  commandId: string;
  /** Assigned personnel of the command and everything under it by COCOM/OPCON, and how many units that is. */
  before: { personnel: number; units: number };
  after: { personnel: number; units: number };
}

export type Requirement = 'COMMAND' | 'COMBATANT_COMMAND' | 'ADCON';

export interface Invariant {
  name: string;
  holds: boolean;
  before: string[];
  after: string[];
}

export interface Impact {
  at: Instant;
  units: { added: string[]; removed: string[]; changed: Array<{ id: string; fields: string[] }> };
  commands: CommandImpact[];
  personnel: PersonnelImpact[];
  /** Units that had a required superior before and not after (or new units born without one). */
  orphaned: Array<{ unitId: string; missing: Requirement[] }>;
  /** OPCON chains (unit up to the top) that got longer, shorter, or run through other commands. */
  chains: Array<{ unitId: string; before: string[]; after: string[]; change: 'longer' | 'shorter' | 'rerouted' }>;
  /** What the staff expects to stay put: each CCMD's COCOM set, the top of each national chain, no cross-nation command. */
  invariants: Invariant[];
  /** Short names of every unit the impact mentions. */
  names: Record<string, string>;
}

/**
 * What changes between two structures at one date, as a staff briefs it. `scope` limits the per-unit questions
 * (orphans, chains) to the units a change can affect; the invariants always look at the whole structure.
 */
export function impactAt(before: ForceTimeline, after: ForceTimeline, at: Instant, scope?: Iterable<string>): Impact {
  const diff = diffTimelines({ timeline: before, at }, { timeline: after, at });
  const names: Record<string, string> = {};
  const name = (id: string) => {
    names[id] ??= after.unitAt(id, at)?.shortName ?? before.unitAt(id, at)?.shortName ?? id;
    return id;
  };
  const commands = diff.commands.map((c) => ({
    commandId: name(c.commandId),
    gained: c.gained,
    lost: c.lost,
    span: { before: span(before, c.commandId, at), after: span(after, c.commandId, at) },
  }));
  for (const c of diff.commands)
    for (const ids of [...Object.values(c.gained), ...Object.values(c.lost)]) ids?.forEach(name);

  const personnelChanged = diff.units.changed
    .filter((c) => c.fields.some((f) => f.field === 'personnel'))
    .map((c) => c.id);
  const moved = [...diff.units.added, ...diff.units.removed].map((u) => u.id);
  const commandIds = new Set<string>();
  for (const id of [...diff.commands.map((c) => c.commandId), ...personnelChanged, ...moved]) {
    for (const tl of [before, after]) {
      if (!tl.unitAt(id, at)) continue;
      for (const link of chainOfCommand(tl, id, 'OPCON', at)) commandIds.add(link.unit.id);
    }
  }
  const personnel: PersonnelImpact[] = [];
  for (const id of [...commandIds].sort()) {
    const row = { commandId: id, before: strength(before, id, at), after: strength(after, id, at) };
    if (row.before.personnel !== row.after.personnel || row.before.units !== row.after.units) personnel.push(row);
    name(id);
  }

  const units = scope ? [...scope] : [...after.unitIds()];
  const orphaned: Impact['orphaned'] = [];
  const chains: Impact['chains'] = [];
  for (const id of units.sort()) {
    const now = after.unitAt(id, at);
    if (!now) continue;
    const was = before.unitAt(id, at);
    const has = requirements(after, id, at);
    const had = was ? requirements(before, id, at) : null;
    const top = now.roles.some((role) => TOP_ROLES.includes(role));
    const missing = (['COMMAND', 'COMBATANT_COMMAND', 'ADCON'] as const).filter(
      (r) => has[r] === false && (had ? had[r] === true : !top),
    );
    if (missing.length > 0) orphaned.push({ unitId: name(id), missing });
    if (!was) continue;
    const chainBefore = chainOfCommand(before, id, 'OPCON', at).map((link) => link.unit.id);
    const chainAfter = chainOfCommand(after, id, 'OPCON', at).map((link) => link.unit.id);
    if (chainBefore.join() === chainAfter.join()) continue;
    const change =
      chainAfter.length > chainBefore.length
        ? 'longer'
        : chainAfter.length < chainBefore.length
          ? 'shorter'
          : 'rerouted';
    chains.push({ unitId: name(id), before: chainBefore, after: chainAfter, change });
    [...chainBefore, ...chainAfter].forEach(name);
  }

  const invariants = [...ccmdInvariants(before, after, at), ...nationalInvariants(before, after, at)];
  for (const invariant of invariants)
    for (const item of [...invariant.before, ...invariant.after]) for (const id of item.split(' → ')) name(id);
  return {
    at,
    units: {
      added: diff.units.added.map((u) => name(u.id)),
      removed: diff.units.removed.map((u) => name(u.id)),
      changed: diff.units.changed.map((c) => ({ id: name(c.id), fields: c.fields.map((f) => f.field) })),
    },
    commands,
    personnel,
    orphaned,
    chains,
    invariants,
    names,
  };
}

function holding(edges: readonly Relationship[], at: Instant): Relationship[] {
  return edges.filter((e) => contains(e.valid, at));
}

function span(tl: ForceTimeline, id: string, at: Instant): number {
  return COMMAND.reduce(
    (n, kind) => n + holding(tl.subordinateEdges(id, kind), at).filter((e) => tl.unitAt(e.subordinateId, at)).length,
    0,
  );
}

function strength(tl: ForceTimeline, id: string, at: Instant) {
  if (!tl.unitAt(id, at)) return { personnel: 0, units: 0 };
  let personnel = 0;
  let units = 0;
  const stack = [subtree(tl, id, OPCON_TREE, at)];
  while (stack.length > 0) {
    const node = stack.pop()!;
    personnel += node.unit.personnel.assigned ?? 0;
    units++;
    stack.push(...node.children);
  }
  return { personnel, units };
}

function requirements(tl: ForceTimeline, id: string, at: Instant): Record<Requirement, boolean | null> {
  const unit = tl.unitAt(id, at)!;
  const superior = (kinds: readonly RelationshipKind[]) =>
    kinds.some((kind) => tl.superiorEdges(id, kind).some((e) => contains(e.valid, at) && tl.unitAt(e.superiorId, at)));
  const us = unit.nation === 'USA';
  return {
    COMMAND: superior(COMMAND),
    COMBATANT_COMMAND: us
      ? chainOfCommand(tl, id, 'COCOM', at).some((link, i) => i > 0 && link.unit.roles.includes('COMBATANT_COMMAND'))
      : null,
    ADCON: us ? superior(['ADCON']) : null,
  };
}

function ccmdInvariants(before: ForceTimeline, after: ForceTimeline, at: Instant): Invariant[] {
  const ccmds = new Set<string>();
  for (const tl of [before, after]) {
    for (const id of tl.unitIds()) if (tl.unitAt(id, at)?.roles.includes('COMBATANT_COMMAND')) ccmds.add(id);
  }
  const cocom = (tl: ForceTimeline, id: string) =>
    holding(tl.subordinateEdges(id, 'COCOM'), at)
      .map((e) => e.subordinateId)
      .sort();
  return [...ccmds].sort().map((id) => invariant(`COCOM of ${id}`, cocom(before, id), cocom(after, id)));
}

/** Per nation: the tops of its command trees; and every command edge that crosses a national boundary. */
function nationalInvariants(before: ForceTimeline, after: ForceTimeline, at: Instant): Invariant[] {
  const tops = (tl: ForceTimeline) => {
    const byNation = new Map<string, string[]>();
    for (const id of tl.unitIds()) {
      const unit = tl.unitAt(id, at);
      if (!unit) continue;
      const under = COMMAND.some((kind) => holding(tl.superiorEdges(id, kind), at).length > 0);
      const over = OPCON_TREE.some((kind) => holding(tl.subordinateEdges(id, kind), at).length > 0);
      if (under || !over) continue;
      byNation.set(unit.nation, [...(byNation.get(unit.nation) ?? []), id].sort());
    }
    return byNation;
  };
  const crossing = (tl: ForceTimeline) => {
    const out: string[] = [];
    for (const e of tl.allRelationships()) {
      if (!COMMAND.includes(e.kind) || !contains(e.valid, at)) continue;
      const sup = tl.unitAt(e.superiorId, at);
      const sub = tl.unitAt(e.subordinateId, at);
      if (sup && sub && sup.nation !== sub.nation) out.push(`${e.superiorId} → ${e.subordinateId}`);
    }
    return out.sort();
  };
  const topsBefore = tops(before);
  const topsAfter = tops(after);
  const nations = [...new Set([...topsBefore.keys(), ...topsAfter.keys()])].sort();
  return [
    ...nations.map((nation) =>
      invariant(`Top of the ${nation} command chain`, topsBefore.get(nation) ?? [], topsAfter.get(nation) ?? []),
    ),
    invariant('Command relationships across nations', crossing(before), crossing(after)),
  ];
}

function invariant(name: string, before: string[], after: string[]): Invariant {
  return { name, holds: before.join('\u0000') === after.join('\u0000'), before, after };
}
