import type { ForceTimeline } from '../../force/timeline.js';
import type { Instant } from '../../time/instant.js';
import { contains } from '../../time/interval.js';
import type { Relationship, RelationshipKind } from '../relationship.js';
import type { Rule } from './context.js';
import { spanText, unitText, violation } from './format.js';
import { eachRun } from './time.js';

/**
 * The chains checked: the operational chain with COCOM, OPCON and TACON combined (a cycle of one kind is also a
 * cycle of the combination) and the ADCON chain on its own, since ADCON is a separate, non-command chain.
 */
const CHAINS: Array<{ name: string; kinds: ReadonlySet<RelationshipKind> }> = [
  { name: 'COCOM/OPCON/TACON', kinds: new Set(['COCOM', 'OPCON', 'TACON']) },
  { name: 'ADCON', kinds: new Set(['ADCON']) },
];

function walk(
  tl: ForceTimeline,
  from: string,
  kinds: ReadonlySet<RelationshipKind>,
  up: boolean,
  within?: Set<string>,
) {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const e of up ? tl.superiorEdges(id) : tl.subordinateEdges(id)) {
      const next = up ? e.superiorId : e.subordinateId;
      if (!kinds.has(e.kind) || e.superiorId === e.subordinateId || seen.has(next)) continue;
      if (within && !within.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

/** The units on a cycle among `edges` (all active at one instant): those that reach themselves. */
function onCycles(units: readonly string[], edges: readonly Relationship[]): string[] {
  const up = new Map<string, string[]>();
  for (const e of edges) up.set(e.subordinateId, [...(up.get(e.subordinateId) ?? []), e.superiorId]);
  return units.filter((start) => {
    const seen = new Set<string>();
    const queue = [...(up.get(start) ?? [])];
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (id === start) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      queue.push(...(up.get(id) ?? []));
    }
    return false;
  });
}

// JP 1, command relationships: authority runs one way from superior to subordinate; no command commands itself
// through others. Checked per instant: a static loop whose edges never coexist is lawful.
export const chainCycle: Rule = {
  code: 'C2_CHAIN_CYCLE',
  title: 'No cycle in any authority chain',
  doctrine: 'JP 1, command relationships (unity of command: authority flows down one chain)',
  check({ tl, subjects, out }) {
    for (const chain of CHAINS) {
      const done = new Set<string>();
      for (const unitId of subjects) {
        const above = walk(tl, unitId, chain.kinds, true);
        if (!above.has(unitId)) continue;
        // The static strongly connected component: above the unit and below it.
        const component = [...walk(tl, unitId, chain.kinds, false, above)].sort();
        const key = component.join('\u0000');
        if (done.has(key)) continue;
        done.add(key);
        const members = new Set(component);
        const edges = component.flatMap((id) =>
          tl
            .superiorEdges(id)
            .filter((e) => chain.kinds.has(e.kind) && members.has(e.superiorId) && e.superiorId !== e.subordinateId),
        );
        const points = edges.flatMap((e) => (e.valid.to === null ? [e.valid.from] : [e.valid.from, e.valid.to]));
        const from = [...points].sort()[0]!;
        const active = (at: Instant) => edges.filter((e) => contains(e.valid, at));
        eachRun({ from, to: null }, points, (at) => {
          const now = active(at);
          const cyclic = onCycles(component, now);
          if (cyclic.length === 0) return null;
          const inCycle = new Set(cyclic);
          const links = now
            .filter((e) => inCycle.has(e.superiorId) && inCycle.has(e.subordinateId))
            .sort((a, b) => (a.id < b.id ? -1 : 1));
          const ids = links.map((e) => e.id);
          return {
            key: ids.join(','),
            build: (span) => {
              const path = links
                .map(
                  (e) => `${unitText(tl, e.superiorId, at)} -${e.kind} ${e.id}-> ${unitText(tl, e.subordinateId, at)}`,
                )
                .join('; ');
              out.push(
                violation('C2_CHAIN_CYCLE', `${chain.name} chain loops during ${spanText(span)}: ${path}`, cyclic, ids),
              );
            },
          };
        });
      }
    }
  },
};
