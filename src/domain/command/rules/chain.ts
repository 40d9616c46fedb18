import type { ForceTimeline } from '../../force/timeline.js';
import type { Instant } from '../../time/instant.js';
import { contains, type Interval } from '../../time/interval.js';
import type { Relationship, RelationshipKind } from '../relationship.js';
import { endOf } from './time.js';

/**
 * Which edges a chain walk may follow. COMMAND is the operational chain (COCOM, OPCON, TACON; JP 1: ADCON and
 * coordination are not command). The two wider modes exist only to explain a failure: "this would hold if ADCON (or
 * coordination) counted as command", which is itself the breach.
 */
export type WalkMode = 'COMMAND' | 'WITH_ADCON' | 'WITH_COORDINATION';

/** Authority ranks, widest first as in JP 1: each is inherent in the one above it. */
export const RANK: Partial<Record<RelationshipKind, number>> = { COCOM: 3, OPCON: 2, TACON: 1 };
export const OPCON_RANK = 2;

const MODE_KINDS: Record<WalkMode, ReadonlyMap<RelationshipKind, number>> = {
  COMMAND: new Map([
    ['COCOM', 3],
    ['OPCON', 2],
    ['TACON', 1],
  ]),
  // A substitute path is ranked as OPCON: the question is whether it is the only source of operational authority.
  WITH_ADCON: new Map([
    ['COCOM', 3],
    ['OPCON', 2],
    ['TACON', 1],
    ['ADCON', 2],
  ]),
  WITH_COORDINATION: new Map([
    ['COCOM', 3],
    ['OPCON', 2],
    ['TACON', 1],
    ['COORDINATION', 2],
    ['DIRLAUTH', 2],
  ]),
};

/** Every kind some walk follows upward: a change to one of these edges can change a verdict below it. */
export const WALKED_KINDS: ReadonlySet<RelationshipKind> = new Set([
  'COCOM',
  'OPCON',
  'TACON',
  'ADCON',
  'COORDINATION',
  'DIRLAUTH',
]);

export function activeSuperiors(tl: ForceTimeline, unitId: string, kind: RelationshipKind, at: Instant) {
  return tl.superiorEdges(unitId, kind).filter((e) => contains(e.valid, at));
}

/**
 * Memoized chain walks over a timeline, per (unit, instant, mode). Walks are breadth-first with a visited map rather
 * than recursive over memoized parents, so a cycle (reported by its own rule) cannot make a result depend on the order
 * units were asked about: full and scoped validation see the same answers.
 */
export class Chains {
  private readonly authority = new Map<string, Map<string, ReadonlyMap<string, number>>>();
  private readonly closures = new Map<string, readonly Relationship[]>();

  constructor(private readonly tl: ForceTimeline) {}

  /**
   * For each unit above `unitId` at `at`, the widest authority it holds over `unitId` through the chain: the best over
   * paths of the narrowest edge on the path (a COCOM holder above an OPCON link holds OPCON, not COCOM, of the force).
   */
  authorityAt(unitId: string, at: Instant, mode: WalkMode = 'COMMAND'): ReadonlyMap<string, number> {
    const key = `${at}|${mode}`;
    let perUnit = this.authority.get(unitId);
    const hit = perUnit?.get(key);
    if (hit) return hit;
    const kinds = MODE_KINDS[mode];
    const best = new Map<string, number>();
    const queue: Array<[string, number]> = [[unitId, Number.POSITIVE_INFINITY]];
    while (queue.length > 0) {
      const [current, reach] = queue.shift()!;
      if ((best.get(current) ?? 0) > reach) continue;
      for (const e of this.tl.superiorEdges(current)) {
        const rank = kinds.get(e.kind);
        if (rank === undefined || !contains(e.valid, at)) continue;
        const through = Math.min(reach, rank);
        if ((best.get(e.superiorId) ?? 0) >= through) continue;
        best.set(e.superiorId, through);
        queue.push([e.superiorId, through]);
      }
    }
    if (!perUnit) {
      perUnit = new Map();
      this.authority.set(unitId, perUnit);
    }
    perUnit.set(key, best);
    return best;
  }

  /** Every walked edge above `unitId` over all valid time (static closure), memoized per unit. */
  edgesAbove(unitId: string): readonly Relationship[] {
    const hit = this.closures.get(unitId);
    if (hit) return hit;
    const seen = new Set([unitId]);
    const edges: Relationship[] = [];
    const queue = [unitId];
    while (queue.length > 0) {
      for (const e of this.tl.superiorEdges(queue.pop()!)) {
        if (!WALKED_KINDS.has(e.kind)) continue;
        edges.push(e);
        if (!seen.has(e.superiorId)) {
          seen.add(e.superiorId);
          queue.push(e.superiorId);
        }
      }
    }
    this.closures.set(unitId, edges);
    return edges;
  }

  /** Instants inside `span` where some walk above one of `unitIds` can change its answer. */
  breakpoints(unitIds: readonly string[], span: Interval): string[] {
    const points: string[] = [];
    const end = endOf(span);
    for (const id of unitIds) {
      for (const e of this.edgesAbove(id)) {
        if (e.valid.from > span.from && e.valid.from < end) points.push(e.valid.from);
        if (e.valid.to !== null && e.valid.to > span.from && e.valid.to < end) points.push(e.valid.to);
      }
    }
    return points;
  }
}
