import { C2Error } from '../errors.js';
import { type FieldChange, fieldChanges } from '../force/fields.js';
import { sliceAt } from '../force/indexed-timeline.js';
import type { ForceTimeline } from '../force/timeline.js';
import type { UnitRole, UnitSlice } from '../force/unit.js';
import type { Versioned } from '../time/bitemporal.js';
import type { Instant } from '../time/instant.js';
import { contains } from '../time/interval.js';
import { RELATIONSHIP_KINDS, type Relationship, type RelationshipKind } from './relationship.js';

/**
 * One step of a chain: the unit, and the edge that led up to it (null for the unit the chain starts from). A link
 * that is law rather than a relationship record (the national command authority above a combatant command) names
 * its statute instead.
 */
export interface ChainLink {
  unit: UnitSlice;
  via: Relationship | null;
  statute?: string;
}

/**
 * The edge (and the unit at its other end) holding at `at`: its valid interval contains `at` and both ends exist
 * then. Among several edges of one kind (a doctrine violation, but data can hold it) the latest-starting wins, then
 * the greatest id: deterministic.
 */
function holdingEdge(
  tl: ForceTimeline,
  edges: readonly Relationship[],
  at: Instant,
  otherEnd: 'superiorId' | 'subordinateId',
): { edge: Relationship; unit: UnitSlice } | undefined {
  let found: { edge: Relationship; unit: UnitSlice } | undefined;
  for (const edge of edges) {
    if (edge.valid.from > at) break;
    if (edge.valid.to !== null && at >= edge.valid.to) continue;
    const unit = tl.unitAt(edge[otherEnd], at);
    if (unit) found = { edge, unit };
  }
  return found;
}

function requireUnitAt(tl: ForceTimeline, unitId: string, at: Instant): UnitSlice | undefined {
  const slices = tl.unitSlices(unitId);
  if (slices.length === 0) throw new C2Error('C2_NOT_FOUND', `no unit with id '${unitId}'`);
  return sliceAt(slices, at);
}

/**
 * The chain of authority `kind` from a unit up to the top, as a JFHQ staff reads it. Walking rule:
 * - COCOM: at every unit follow its COCOM superior, else its OPCON superior (forces reach their combatant command
 *   through the units they are part of).
 * - OPCON: at every unit follow OPCON, else COCOM (OPCON is inherent in COCOM).
 * - TACON: at the start unit follow TACON, else OPCON, else COCOM (TACON rests with whoever holds the wider authority);
 *   above it, each holder's own OPCON, else COCOM chain. E.g. squadron -TACON-> X -OPCON-> USFJ -COCOM-> INDOPACOM
 *   -OPCON-> SecDef.
 * - ADCON, SUPPORT, COORDINATION, DIRLAUTH: that kind only, at every step.
 * The walk stops at a unit with no such superior holding at `at`, or before revisiting a unit (a cycle; doctrine
 * rules report it). A unit not in existence at `at` has an empty chain; an unknown unit id is C2_NOT_FOUND.
 */
export function chainOfCommand(tl: ForceTimeline, unitId: string, kind: RelationshipKind, at: Instant): ChainLink[] {
  const chain = walkChain(tl, unitId, kind, at);
  const top = chain[chain.length - 1];
  if (top && OPERATIONAL_CHAINS.has(kind)) {
    const authority = nationalAuthorityAbove(tl, top.unit, at);
    if (authority && !holds(chain, authority))
      chain.push({ unit: authority, via: null, statute: statuteFor(top.unit) });
  }
  return chain;
}

/**
 * Within one timeline a unit at one instant is one slice object: compared by identity, not id, so the links far from
 * the top (cold in memory on a large force) are not read again.
 */
function holds(chain: readonly ChainLink[], unit: UnitSlice): boolean {
  for (let i = 0; i < chain.length; i++) if (chain[i]!.unit === unit) return true;
  return false;
}

function walkChain(tl: ForceTimeline, unitId: string, kind: RelationshipKind, at: Instant): ChainLink[] {
  const steps = CHAIN_STEPS[kind];
  if (!steps) throw new C2Error('C2_BAD_INPUT', `kind '${kind}' is not one of ${RELATIONSHIP_KINDS.join(', ')}`);
  const [first, rest] = steps;
  const fast = tl.walkUp?.(unitId, first, rest, at);
  if (fast) return fast;
  const start = requireUnitAt(tl, unitId, at);
  if (!start) return [];
  const chain: ChainLink[] = [{ unit: start, via: null }];
  for (let kinds = first; ; kinds = rest) {
    const next = superiorAt(tl, chain[chain.length - 1]!.unit.id, kinds, at);
    if (!next || chain.some((link) => link.unit.id === next.unit.id)) return chain;
    chain.push({ unit: next.unit, via: next.edge });
  }
}

const OPERATIONAL_CHAINS: ReadonlySet<RelationshipKind> = new Set(['COCOM', 'OPCON', 'TACON']);

/**
 * Above a combatant command the chain of command is statute, not a relationship anyone records: 10 U.S.C. 162(b)
 * runs it from the President to the Secretary of Defense to the combatant commander. The chain ends at the national
 * command authority of the command's nation, as a staff reads it.
 */
function nationalAuthorityAbove(tl: ForceTimeline, top: UnitSlice, at: Instant): UnitSlice | undefined {
  if (!top.roles.includes('COMBATANT_COMMAND')) return undefined;
  for (const id of unitsWithRole(tl, 'NATIONAL_COMMAND_AUTHORITY')) {
    const authority = tl.unitAt(id, at);
    if (authority && authority.nation === top.nation && authority.roles.includes('NATIONAL_COMMAND_AUTHORITY')) {
      return authority;
    }
  }
  return undefined;
}

function statuteFor(top: UnitSlice): string {
  return top.nation === 'USA' ? '10 U.S.C. 162(b)' : 'national law';
}

/** Timelines without a role index (projections, past record times) are immutable snapshots: scan each once. */
const scannedRoles = new WeakMap<ForceTimeline, Map<UnitRole, string[]>>();

function unitsWithRole(tl: ForceTimeline, role: UnitRole): readonly string[] {
  if (tl.unitsWithRole) return tl.unitsWithRole(role);
  let roles = scannedRoles.get(tl);
  if (!roles) {
    roles = new Map();
    for (const id of tl.unitIds()) {
      for (const held of new Set(tl.unitSlices(id).flatMap((slice) => slice.roles))) {
        const ids = roles.get(held);
        if (ids) ids.push(id);
        else roles.set(held, [id]);
      }
    }
    scannedRoles.set(tl, roles);
  }
  return roles.get(role) ?? [];
}

/** Kinds tried in order at the start unit, then at every unit above it (the benchmark's SQL baseline reads them too). */
export const CHAIN_STEPS: Record<
  RelationshipKind,
  readonly [readonly RelationshipKind[], readonly RelationshipKind[]]
> = {
  COCOM: [
    ['COCOM', 'OPCON'],
    ['COCOM', 'OPCON'],
  ],
  OPCON: [
    ['OPCON', 'COCOM'],
    ['OPCON', 'COCOM'],
  ],
  TACON: [
    ['TACON', 'OPCON', 'COCOM'],
    ['OPCON', 'COCOM'],
  ],
  ADCON: [['ADCON'], ['ADCON']],
  SUPPORT: [['SUPPORT'], ['SUPPORT']],
  COORDINATION: [['COORDINATION'], ['COORDINATION']],
  DIRLAUTH: [['DIRLAUTH'], ['DIRLAUTH']],
};

function superiorAt(tl: ForceTimeline, unitId: string, kinds: readonly RelationshipKind[], at: Instant) {
  for (const kind of kinds) {
    const found = holdingEdge(tl, tl.superiorEdges(unitId, kind), at, 'superiorId');
    if (found) return found;
  }
  return undefined;
}

export interface Controller {
  kind: RelationshipKind;
  holder: UnitSlice;
  via: Relationship;
}

/** Who holds each kind of authority over a unit at `at`: every holding superior edge, in kind order then holder id. */
export function controllersAt(tl: ForceTimeline, unitId: string, at: Instant): Controller[] {
  requireUnitAt(tl, unitId, at);
  const out: Controller[] = [];
  for (const kind of RELATIONSHIP_KINDS) {
    const holders: Controller[] = [];
    for (const via of tl.superiorEdges(unitId, kind)) {
      if (!contains(via.valid, at)) continue;
      const holder = tl.unitAt(via.superiorId, at);
      if (holder) holders.push({ kind, holder, via });
    }
    out.push(...holders.sort((a, b) => compareText(a.holder.id, b.holder.id)));
  }
  return out;
}

export interface TreeNode {
  unit: UnitSlice;
  via: Relationship | null;
  children: TreeNode[];
}

/**
 * The units under `rootId` through edges of `kinds` holding at `at`, breadth first so each unit appears once, at
 * its shallowest place (a unit OPCON to A and ADCON to B shows under whichever is reached first; ties go to the
 * kind listed first). Children are ordered by kind (as listed), then short name, then id. Cycles cannot loop.
 */
export function subtree(
  tl: ForceTimeline,
  rootId: string,
  kinds: readonly RelationshipKind[],
  at: Instant,
  options: { maxDepth?: number } = {},
): TreeNode {
  const unit = requireUnitAt(tl, rootId, at);
  if (!unit) throw new C2Error('C2_NOT_FOUND', `unit '${rootId}' is not in existence on ${at}`);
  const root: TreeNode = { unit, via: null, children: [] };
  grow(tl, [root], kinds, at, options.maxDepth ?? Number.POSITIVE_INFINITY, new Set([rootId]));
  return root;
}

/** The top units (no superior of `kinds` holding at `at`), optionally of one nation, each with its tree. */
export function forest(
  tl: ForceTimeline,
  kinds: readonly RelationshipKind[],
  at: Instant,
  options: { nation?: string; maxDepth?: number } = {},
): TreeNode[] {
  const roots: TreeNode[] = [];
  for (const id of tl.unitIds()) {
    const unit = tl.unitAt(id, at);
    if (!unit || (options.nation && unit.nation !== options.nation)) continue;
    if (kinds.some((kind) => holdingEdge(tl, tl.superiorEdges(id, kind), at, 'superiorId'))) continue;
    roots.push({ unit, via: null, children: [] });
  }
  roots.sort((a, b) => compareNodes(a, b, kinds));
  grow(tl, roots, kinds, at, options.maxDepth ?? Number.POSITIVE_INFINITY, new Set(roots.map((r) => r.unit.id)));
  return roots;
}

function grow(
  tl: ForceTimeline,
  roots: TreeNode[],
  kinds: readonly RelationshipKind[],
  at: Instant,
  maxDepth: number,
  seen: Set<string>,
): void {
  let level = roots;
  for (let depth = 0; depth < maxDepth && level.length > 0; depth++) {
    const next: TreeNode[] = [];
    for (const node of level) {
      for (const kind of kinds) {
        for (const via of tl.subordinateEdges(node.unit.id, kind)) {
          if (!contains(via.valid, at) || seen.has(via.subordinateId)) continue;
          const unit = tl.unitAt(via.subordinateId, at);
          if (!unit) continue;
          seen.add(unit.id);
          node.children.push({ unit, via, children: [] });
        }
      }
      node.children.sort((a, b) => compareNodes(a, b, kinds));
      next.push(...node.children);
    }
    level = next;
  }
}

function compareNodes(a: TreeNode, b: TreeNode, kinds: readonly RelationshipKind[]): number {
  const byKind = (a.via ? kinds.indexOf(a.via.kind) : -1) - (b.via ? kinds.indexOf(b.via.kind) : -1);
  return byKind || compareText(a.unit.shortName, b.unit.shortName) || compareText(a.unit.id, b.unit.id);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type { FieldChange };

export interface StructureDiff {
  units: {
    added: UnitSlice[];
    removed: UnitSlice[];
    changed: Array<{ id: string; before: UnitSlice; after: UnitSlice; fields: FieldChange[] }>;
  };
  relationships: {
    added: Relationship[];
    removed: Relationship[];
    changed: Array<{ before: Relationship; after: Relationship; fields: FieldChange[] }>;
  };
  /** Per superior: subordinates gained and lost, by kind. */
  commands: Array<{
    commandId: string;
    gained: Partial<Record<RelationshipKind, string[]>>;
    lost: Partial<Record<RelationshipKind, string[]>>;
  }>;
}

/** What differs between the force at `atA` and at `atB` (valid time), on one timeline. */
export function diffStructure(tl: ForceTimeline, atA: Instant, atB: Instant): StructureDiff {
  return diffTimelines({ timeline: tl, at: atA }, { timeline: tl, at: atB });
}

/**
 * What differs between two (timeline, valid time) views: two dates, two record times (known at K1 vs K2) or current
 * vs projected. Relationships pair up by id first, then by (kind, superior, subordinate), so an edge re-issued under
 * a new id (changeRelationship) reads as changed rather than as removed and added. `id` and slice boundaries are not
 * reported as changes; `valid` is, for an edge with the same id in both.
 */
export function diffTimelines(
  a: { timeline: ForceTimeline; at: Instant },
  b: { timeline: ForceTimeline; at: Instant },
): StructureDiff {
  const diff: StructureDiff = {
    units: { added: [], removed: [], changed: [] },
    relationships: { added: [], removed: [], changed: [] },
    commands: [],
  };
  const unitsA = unitsAt(a.timeline, a.at);
  for (const after of unitsAt(b.timeline, b.at).values()) {
    const before = unitsA.get(after.id);
    unitsA.delete(after.id);
    if (!before) diff.units.added.push(after);
    else if (before !== after) {
      const fields = fieldChanges(before, after, ['id', 'valid']);
      if (fields.length > 0) diff.units.changed.push({ id: after.id, before, after, fields });
    }
  }
  diff.units.removed.push(...unitsA.values());

  const edgesA = edgesAt(a.timeline, a.at);
  const unmatched: Relationship[] = [];
  for (const after of edgesAt(b.timeline, b.at).values()) {
    const before = edgesA.get(after.id);
    if (!before) {
      unmatched.push(after);
      continue;
    }
    edgesA.delete(after.id);
    if (before === after) continue;
    const fields = fieldChanges(before, after, ['id']);
    if (fields.length > 0) diff.relationships.changed.push({ before, after, fields });
  }
  const byEnds = new Map<string, Relationship[]>();
  for (const before of edgesA.values()) pushTo(byEnds, endsKey(before), before);
  for (const after of unmatched) {
    const before = byEnds.get(endsKey(after))?.shift();
    if (!before) diff.relationships.added.push(after);
    else {
      edgesA.delete(before.id);
      const fields = fieldChanges(before, after, ['id', 'valid']);
      if (fields.length > 0) diff.relationships.changed.push({ before, after, fields });
    }
  }
  diff.relationships.removed.push(...edgesA.values());
  diff.commands = commandChanges(diff.relationships.added, diff.relationships.removed);
  return diff;
}

function unitsAt(tl: ForceTimeline, at: Instant): Map<string, UnitSlice> {
  const out = new Map<string, UnitSlice>();
  for (const id of tl.unitIds()) {
    const unit = tl.unitAt(id, at);
    if (unit) out.set(id, unit);
  }
  return out;
}

function edgesAt(tl: ForceTimeline, at: Instant): Map<string, Relationship> {
  const out = new Map<string, Relationship>();
  for (const edge of tl.allRelationships()) if (contains(edge.valid, at)) out.set(edge.id, edge);
  return out;
}

function endsKey(edge: Relationship): string {
  return `${edge.kind}\u0000${edge.superiorId}\u0000${edge.subordinateId}`;
}

function commandChanges(added: Relationship[], removed: Relationship[]): StructureDiff['commands'] {
  const commands = new Map<string, StructureDiff['commands'][number]>();
  const note = (edge: Relationship, side: 'gained' | 'lost') => {
    const entry = commands.get(edge.superiorId) ?? { commandId: edge.superiorId, gained: {}, lost: {} };
    commands.set(edge.superiorId, entry);
    const list = entry[side][edge.kind] ?? [];
    list.push(edge.subordinateId);
    entry[side][edge.kind] = list;
  };
  for (const edge of added) note(edge, 'gained');
  for (const edge of removed) note(edge, 'lost');
  return [...commands.values()].sort((x, y) => compareText(x.commandId, y.commandId));
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export type HistoryEventKind =
  | 'UNIT_ACTIVATED'
  | 'RELATIONSHIP_ENDED'
  | 'UNIT_CHANGED'
  | 'RELATIONSHIP_STARTED'
  | 'UNIT_DEACTIVATED';

/** Same-instant events read in this order: the unit appears, old edges end, it changes, new edges start, it ends. */
const EVENT_ORDER: readonly HistoryEventKind[] = [
  'UNIT_ACTIVATED',
  'RELATIONSHIP_ENDED',
  'UNIT_CHANGED',
  'RELATIONSHIP_STARTED',
  'UNIT_DEACTIVATED',
];

export interface HistoryEvent {
  kind: HistoryEventKind;
  /** Valid time of the event. */
  at: Instant;
  /** Record time we first stored a version stating this boundary. */
  learnedAt: Instant;
  unit?: UnitSlice;
  /** For UNIT_CHANGED: what changed from the slice before. */
  changes?: FieldChange[];
  relationship?: Relationship;
  /** For relationship events: which end the unit is. */
  role?: 'SUPERIOR' | 'SUBORDINATE';
}

/** What unitHistory reads: a ForceStructure satisfies it. */
export interface HistorySource {
  timeline(knownAt?: Instant): ForceTimeline;
  versionsOf(unitId: string): readonly Versioned<UnitSlice>[];
  relationshipVersionsOf(relationshipId: string): readonly Versioned<Relationship>[];
}

/**
 * A unit's life in valid-time order, as known now (or at `knownAt`): activation, attribute changes between
 * contiguous slices, gaps, deactivation, and every relationship where it is either end starting and ending. Each
 * event carries the record time its fact was first stored, so corrections show as late learning.
 */
export function unitHistory(
  source: HistorySource,
  unitId: string,
  options: { knownAt?: Instant } = {},
): HistoryEvent[] {
  const tl = source.timeline(options.knownAt);
  const stated = (versions: readonly Versioned<{ valid: { from: Instant; to: Instant | null } }>[]) => {
    const known =
      options.knownAt === undefined ? versions : versions.filter((v) => v.recorded.from <= options.knownAt!);
    return (bound: 'from' | 'to', value: Instant) =>
      known.reduce<Instant>(
        (min, v) => (v.record.valid[bound] === value && v.recorded.from < min ? v.recorded.from : min),
        '\uffff',
      );
  };
  const events: HistoryEvent[] = [];
  const slices = tl.unitSlices(unitId);
  const learned = stated(source.versionsOf(unitId));
  slices.forEach((unit, i) => {
    const previous = slices[i - 1];
    if (previous && previous.valid.to === unit.valid.from) {
      const changes = fieldChanges(previous, unit, ['valid']);
      if (changes.length > 0) {
        events.push({
          kind: 'UNIT_CHANGED',
          at: unit.valid.from,
          learnedAt: learned('from', unit.valid.from),
          unit,
          changes,
        });
      }
    } else
      events.push({ kind: 'UNIT_ACTIVATED', at: unit.valid.from, learnedAt: learned('from', unit.valid.from), unit });
    const next = slices[i + 1];
    if (unit.valid.to !== null && next?.valid.from !== unit.valid.to) {
      events.push({ kind: 'UNIT_DEACTIVATED', at: unit.valid.to, learnedAt: learned('to', unit.valid.to), unit });
    }
  });
  const edges = new Map<string, Relationship>();
  for (const edge of [...tl.superiorEdges(unitId), ...tl.subordinateEdges(unitId)]) edges.set(edge.id, edge);
  for (const relationship of edges.values()) {
    const when = stated(source.relationshipVersionsOf(relationship.id));
    const role = relationship.subordinateId === unitId ? 'SUBORDINATE' : 'SUPERIOR';
    const { from, to } = relationship.valid;
    events.push({ kind: 'RELATIONSHIP_STARTED', at: from, learnedAt: when('from', from), relationship, role });
    if (to !== null) events.push({ kind: 'RELATIONSHIP_ENDED', at: to, learnedAt: when('to', to), relationship, role });
  }
  return events.sort(
    (x, y) =>
      compareText(x.at, y.at) ||
      EVENT_ORDER.indexOf(x.kind) - EVENT_ORDER.indexOf(y.kind) ||
      compareText(x.relationship?.id ?? '', y.relationship?.id ?? ''),
  );
}

const folded = new WeakMap<UnitSlice, readonly [string, string]>();

/** Lower case with accents (and other combining marks) removed: 'Ichigaya' matches 'ichigaya', 'Zāma' 'zama'. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Units in existence at `at` whose short name or name matches `text` (case and accents folded), ranked: exact short
 * name (or name) first, then prefix, then substring; within a rank by short name.
 */
export function searchUnits(
  tl: ForceTimeline,
  text: string,
  at: Instant,
  options: { limit?: number } = {},
): UnitSlice[] {
  const query = foldText(text.trim());
  if (query === '') return [];
  const hits: Array<{ unit: UnitSlice; rank: number }> = [];
  for (const id of tl.unitIds()) {
    const unit = tl.unitAt(id, at);
    if (!unit) continue;
    let names = folded.get(unit);
    if (!names) {
      names = [foldText(unit.shortName), foldText(unit.name)] as const;
      folded.set(unit, names);
    }
    const rank = Math.min(
      ...names.map((name) => (name === query ? 0 : name.startsWith(query) ? 1 : name.includes(query) ? 2 : 3)),
    );
    if (rank < 3) hits.push({ unit, rank });
  }
  hits.sort(
    (x, y) => x.rank - y.rank || compareText(x.unit.shortName, y.unit.shortName) || compareText(x.unit.id, y.unit.id),
  );
  return hits.slice(0, options.limit ?? 50).map((hit) => hit.unit);
}
