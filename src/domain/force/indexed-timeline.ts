import { RELATIONSHIP_KINDS, type Relationship, type RelationshipKind } from '../command/relationship.js';
import type { Instant } from '../time/instant.js';
import { ChainIndex, toMs } from './chain-index.js';
import { contains } from '../time/interval.js';
import type { ForceTimeline } from './timeline.js';
import type { UnitRole, UnitSlice } from './unit.js';

const EMPTY: readonly never[] = Object.freeze([]);
const KIND_ORDINAL = Object.fromEntries(RELATIONSHIP_KINDS.map((kind, i) => [kind, i])) as Record<
  RelationshipKind,
  number
>;

/** The one order every timeline returns edges in (valid.from, then id), so overlays and indexes answer alike. */
export function compareRelationships(a: Relationship, b: Relationship): number {
  if (a.valid.from !== b.valid.from) return a.valid.from < b.valid.from ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function compareSlices(a: UnitSlice, b: UnitSlice): number {
  return a.valid.from < b.valid.from ? -1 : a.valid.from > b.valid.from ? 1 : 0;
}

/** The slice (of a list sorted by valid.from) that holds at `at`: a binary search, not a scan. */
export function sliceAt(slices: readonly UnitSlice[], at: Instant): UnitSlice | undefined {
  let lo = 0;
  let hi = slices.length - 1;
  let found: UnitSlice | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const slice = slices[mid]!;
    if (slice.valid.from <= at) {
      found = slice;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && contains(found.valid, at) ? found : undefined;
}

/** One unit's edges per kind; '*' caches all kinds merged, built on first ask and dropped on change. */
type EdgeList = Partial<Record<RelationshipKind | '*', readonly Relationship[]>>;

/** Everything about one unit id in one place, so a walk up a chain costs one map lookup per unit. */
interface UnitNode {
  slices: readonly UnitSlice[];
  /** Edges where the unit is the subordinate. */
  up: EdgeList;
  /** Edges where the unit is the superior. */
  down: EdgeList;
  /** Slice intervals as epoch ms [from, to, from, to…] (to = Infinity when open): rebuilt after a change. */
  spans?: number[];
  /** The unit's number in the chain index, if it existed when the index was built. */
  ordinal?: number;
  /** Up edges by kind ordinal with numeric intervals and resolved superior nodes: rebuilt after a change. */
  fastUp?: Array<FastEdges | null | undefined>;
}

/** One step up a chain: the superior's node, its slice, the edge. */
interface Step {
  superior: UnitNode;
  unit: UnitSlice;
  via: Relationship;
}

/** A kind's up edges as flat numbers and node pointers: a chain step scans these without map lookups or strings. */
interface FastEdges {
  edges: readonly Relationship[];
  spans: number[];
  superiors: UnitNode[];
}

function spansOf(intervals: ReadonlyArray<{ valid: { from: Instant; to: Instant | null } }>): number[] {
  const spans: number[] = [];
  for (const { valid } of intervals) spans.push(toMs(valid.from), toMs(valid.to));
  return spans;
}

/** Index of the span holding `t` (sorted, non-overlapping spans), or -1. */
function spanAt(spans: number[], t: number): number {
  for (let i = 0; i < spans.length; i += 2) {
    if (spans[i]! > t) return -1;
    if (t < spans[i + 1]!) return i >> 1;
  }
  return -1;
}

function edgesOf(list: EdgeList | undefined, kind: RelationshipKind | undefined): readonly Relationship[] {
  if (!list) return EMPTY;
  if (kind !== undefined) return list[kind] ?? EMPTY;
  let all = list['*'];
  if (!all) {
    const kinds = Object.keys(list) as RelationshipKind[];
    all = kinds.length === 1 ? list[kinds[0]!]! : kinds.flatMap((k) => list[k]!).sort(compareRelationships);
    list['*'] = all;
  }
  return all;
}

/** Updates replace lists rather than mutate them, so a list a reader already holds never changes under it. */
function insertEdge(list: EdgeList, edge: Relationship): void {
  const kindList = list[edge.kind] ?? EMPTY;
  let at = kindList.length;
  while (at > 0 && compareRelationships(kindList[at - 1]!, edge) > 0) at--;
  list[edge.kind] = [...kindList.slice(0, at), edge, ...kindList.slice(at)];
  delete list['*'];
}

/** Removes this very edge object (not another version with the same id). */
function removeEdge(list: EdgeList, edge: Relationship): void {
  const kindList = list[edge.kind]?.filter((e) => e !== edge);
  if (!kindList) return;
  delete list['*'];
  if (kindList.length > 0) list[edge.kind] = kindList;
  else delete list[edge.kind];
}

/**
 * The force at one record time, held in indexes: per unit id its slices and its edges up and down by kind, each list
 * sorted by valid.from; relationships by id. Every read is a map lookup, and the last unit looked up is kept, since a
 * chain walk asks about the same superior several times in a row.
 */
export class IndexedTimeline implements ForceTimeline {
  private readonly nodes = new Map<string, UnitNode>();
  private readonly relationships = new Map<string, Relationship>();
  private lastId: string | undefined;
  private lastNode: UnitNode | undefined;
  /** The compact chain index built with the timeline, and its units by ordinal. */
  private chains: { index: ChainIndex<UnitSlice>; nodes: UnitNode[]; records: Map<string, number> } | undefined;
  private roles: Map<UnitRole, string[]> | undefined;

  static build(units: Iterable<UnitSlice>, relationships: Iterable<Relationship>): IndexedTimeline {
    const tl = new IndexedTimeline();
    for (const slice of units) (tl.nodeFor(slice.id).slices as UnitSlice[]).push(slice);
    for (const edge of relationships) {
      tl.relationships.set(edge.id, edge);
      pushEdge(tl.nodeFor(edge.subordinateId).up, edge);
      pushEdge(tl.nodeFor(edge.superiorId).down, edge);
    }
    for (const node of tl.nodes.values()) {
      if (node.slices.length > 1) (node.slices as UnitSlice[]).sort(compareSlices);
      for (const list of [node.up, node.down]) {
        for (const kindList of Object.values(list))
          if (kindList.length > 1) (kindList as Relationship[]).sort(compareRelationships);
      }
    }
    // Commands first, by how many edges come up to them: the units every chain passes through then share a few
    // hundred kilobytes (and pages) of the chain index, leaving cache misses to where a walk starts.
    const nodes = [...tl.nodes.values()].sort((a, b) => edgeCount(b.down) - edgeCount(a.down));
    nodes.forEach((node, i) => {
      node.ordinal = i;
    });
    const index = new ChainIndex(nodes, (id) => tl.nodes.get(id)!.ordinal!);
    // Start units by id straight to their records: the one map lookup a chain query makes.
    const records = new Map<string, number>();
    for (const [id, node] of tl.nodes) records.set(id, index.record(node.ordinal!));
    tl.chains = { index, nodes, records };
    return tl;
  }

  addSlice(slice: UnitSlice): void {
    const node = this.nodeFor(slice.id);
    node.slices = [...node.slices, slice].sort(compareSlices);
    this.changed(node, 'slices');
    this.roles = undefined;
  }

  removeSlice(slice: UnitSlice): void {
    const node = this.nodes.get(slice.id);
    if (!node) return;
    node.slices = node.slices.filter((s) => s !== slice);
    this.changed(node, 'slices');
    this.roles = undefined;
    this.dropIfEmpty(slice.id, node);
  }

  /** Role holders are few (national authorities, combatant commands): indexed on first ask, dropped on any change. */
  unitsWithRole(role: UnitRole): readonly string[] {
    if (!this.roles) {
      this.roles = new Map();
      for (const [id, node] of this.nodes) {
        for (const held of new Set(node.slices.flatMap((slice) => slice.roles))) {
          const ids = this.roles.get(held);
          if (ids) ids.push(id);
          else this.roles.set(held, [id]);
        }
      }
    }
    return this.roles.get(role) ?? EMPTY;
  }

  addRelationship(edge: Relationship): void {
    this.relationships.set(edge.id, edge);
    const node = this.nodeFor(edge.subordinateId);
    insertEdge(node.up, edge);
    this.changed(node, 'up');
    insertEdge(this.nodeFor(edge.superiorId).down, edge);
  }

  removeRelationship(edge: Relationship): void {
    if (this.relationships.get(edge.id) === edge) this.relationships.delete(edge.id);
    for (const [id, list] of [
      [edge.subordinateId, 'up'],
      [edge.superiorId, 'down'],
    ] as const) {
      const node = this.nodes.get(id);
      if (!node) continue;
      removeEdge(node[list], edge);
      if (list === 'up') this.changed(node, 'up');
      this.dropIfEmpty(id, node);
    }
  }

  *unitIds(): Iterable<string> {
    for (const [id, node] of this.nodes) if (node.slices.length > 0) yield id;
  }

  unitSlices(unitId: string): readonly UnitSlice[] {
    return this.node(unitId)?.slices ?? EMPTY;
  }

  unitAt(unitId: string, at: Instant): UnitSlice | undefined {
    const node = this.node(unitId);
    return node ? sliceAt(node.slices, at) : undefined;
  }

  relationship(id: string): Relationship | undefined {
    return this.relationships.get(id);
  }

  allRelationships(): Iterable<Relationship> {
    return this.relationships.values();
  }

  superiorEdges(unitId: string, kind?: RelationshipKind): readonly Relationship[] {
    return edgesOf(this.node(unitId)?.up, kind);
  }

  subordinateEdges(unitId: string, kind?: RelationshipKind): readonly Relationship[] {
    return edgesOf(this.node(unitId)?.down, kind);
  }

  walkUp(
    unitId: string,
    first: readonly RelationshipKind[],
    rest: readonly RelationshipKind[],
    at: Instant,
  ): Chain | undefined {
    const ms = toMs(at);
    const t = ChainIndex.timeOf(ms);
    // A unit unchanged since the chain index was built is read from its record alone (its node is not visited);
    // a changed or newer one, or a step that reaches one, or a time beyond the index's range, from its objects.
    const chains = ChainIndex.inRange(t) ? this.chains : undefined;
    const record = chains?.records.get(unitId) ?? -1;
    if (chains && record >= 0 && !chains.index.isStale(record)) {
      const { index } = chains;
      const slice = index.sliceAt(record, t);
      if (slice < 0) return index.hasSlices(record) ? [] : undefined;
      const chain: Chain = [{ unit: index.slice(slice), via: null }];
      const links = index.walk(record, kindOrdinals(first), kindOrdinals(rest), t);
      appendWalked(index, links, chain);
      if (index.blockedAt < 0) return chain;
      const from = chains.nodes[index.ordinalOf(index.blockedAt)]!;
      return this.walkFromObjects(from, chain, index.walked(links), links === 0 ? first : rest, rest, ms);
    }
    const node = this.node(unitId);
    if (!node || node.slices.length === 0) return undefined;
    const unit = this.objectSliceAt(node, ms);
    if (!unit) return [];
    return this.walkFromObjects(node, [{ unit, via: null }], [unitKey(node)], first, rest, ms);
  }

  /**
   * Goes on up from a unit (the last in `chain`) through its objects, and through the chain index again from any
   * fresh unit above it. `seen` holds the units walked so far: by ordinal where the index numbers them, else by node.
   */
  private walkFromObjects(
    from: UnitNode,
    chain: Chain,
    seen: Array<number | UnitNode>,
    first: readonly RelationshipKind[],
    rest: readonly RelationshipKind[],
    ms: number,
  ): Chain {
    const t = ChainIndex.timeOf(ms);
    const chains = ChainIndex.inRange(t) ? this.chains : undefined;
    let node = from;
    for (let kinds = first; ; kinds = rest) {
      const found = this.stepFromObjects(node, kinds, ms);
      if (!found) return chain;
      const key = unitKey(found.superior);
      if (seen.includes(key)) return chain;
      seen.push(key);
      chain.push({ unit: found.unit, via: found.via });
      const ordinal = found.superior.ordinal;
      const record = chains && ordinal !== undefined ? chains.index.record(ordinal) : -1;
      if (chains && record >= 0 && !chains.index.isStale(record)) {
        // Back on the index: walk it from here, then carry on from objects if it stops at a changed unit.
        const { index } = chains;
        const links = index.walk(record, kindOrdinals(rest), kindOrdinals(rest), t);
        if (!appendWalked(index, links, chain, seen) || index.blockedAt < 0) return chain;
        node = chains.nodes[index.ordinalOf(index.blockedAt)]!;
      } else node = found.superior;
    }
  }

  /** The holding edge of the first kind that has one, read from the unit's objects. */
  private stepFromObjects(node: UnitNode, kinds: readonly RelationshipKind[], t: number): Step | undefined {
    for (let k = 0; k < kinds.length; k++) {
      const fast = this.fastUp(node, kinds[k]!);
      if (!fast) continue;
      let found: Step | undefined;
      for (let i = 0; i < fast.spans.length; i += 2) {
        if (fast.spans[i]! > t) break;
        if (t >= fast.spans[i + 1]!) continue;
        const superior = fast.superiors[i >> 1]!;
        const unit = this.objectSliceAt(superior, t);
        if (unit) found = { superior, unit, via: fast.edges[i >> 1]! };
      }
      if (found) return found;
    }
    return undefined;
  }

  /** The node's slice holding at t (epoch ms), from its objects. */
  private objectSliceAt(node: UnitNode, t: number): UnitSlice | undefined {
    const at = spanAt(this.spans(node), t);
    return at < 0 ? undefined : node.slices[at];
  }

  /** Drops what was derived from the changed part; the chain index then reads this unit from its objects. */
  private changed(node: UnitNode, part: 'slices' | 'up'): void {
    if (part === 'slices') node.spans = undefined;
    else node.fastUp = undefined;
    if (node.ordinal !== undefined) this.chains?.index.markStale(node.ordinal);
  }

  private spans(node: UnitNode): number[] {
    node.spans ??= spansOf(node.slices);
    return node.spans;
  }

  private fastUp(node: UnitNode, kind: RelationshipKind): FastEdges | undefined {
    const ordinal = KIND_ORDINAL[kind];
    node.fastUp ??= [];
    let fast = node.fastUp[ordinal];
    if (fast === undefined) {
      const edges = node.up[kind];
      fast = edges
        ? { edges, spans: spansOf(edges), superiors: edges.map((edge) => this.nodeFor(edge.superiorId)) }
        : null;
      node.fastUp[ordinal] = fast;
    }
    return fast ?? undefined;
  }

  private node(unitId: string): UnitNode | undefined {
    if (unitId !== this.lastId) {
      this.lastNode = this.nodes.get(unitId);
      this.lastId = unitId;
    }
    return this.lastNode;
  }

  private nodeFor(unitId: string): UnitNode {
    let node = this.nodes.get(unitId);
    if (!node) {
      node = { slices: [], up: {}, down: {} };
      this.nodes.set(unitId, node);
      this.lastId = undefined;
    }
    return node;
  }

  private dropIfEmpty(unitId: string, node: UnitNode): void {
    if (node.slices.length > 0 || Object.keys(node.up).length > 0 || Object.keys(node.down).length > 0) return;
    this.nodes.delete(unitId);
    this.lastId = undefined;
  }
}

type Chain = Array<{ unit: UnitSlice; via: Relationship | null }>;

/** Appends the links an index walk found, stopping (false) before a unit already in `seen`, if given. */
function appendWalked(index: ChainIndex<UnitSlice>, links: number, chain: Chain, seen?: Array<number | UnitNode>) {
  for (let i = 0; i < links; i++) {
    if (seen) {
      const ordinal = index.linkOrdinal(i);
      if (seen.includes(ordinal)) return false;
      seen.push(ordinal);
    }
    chain.push({ unit: index.linkSlice(i), via: index.linkEdge(i) });
  }
  return true;
}

/** A unit's identity in a walk: its ordinal if the chain index numbers it, else its node. */
function unitKey(node: UnitNode): number | UnitNode {
  return node.ordinal ?? node;
}

const kindOrdinalLists = new WeakMap<readonly RelationshipKind[], Int32Array>();

/** The chain steps' kind lists are constants: their ordinals are worked out once per list. */
function kindOrdinals(kinds: readonly RelationshipKind[]): Int32Array {
  let ordinals = kindOrdinalLists.get(kinds);
  if (!ordinals) {
    ordinals = Int32Array.from(kinds, (kind) => KIND_ORDINAL[kind]);
    kindOrdinalLists.set(kinds, ordinals);
  }
  return ordinals;
}

function edgeCount(list: EdgeList): number {
  let count = 0;
  for (const kind of RELATIONSHIP_KINDS) count += list[kind]?.length ?? 0;
  return count;
}

function pushEdge(list: EdgeList, edge: Relationship): void {
  const kindList = list[edge.kind] as Relationship[] | undefined;
  if (kindList) kindList.push(edge);
  else list[edge.kind] = [edge];
}
