import type { ErrorCode } from '../../errors.js';
import { intersect } from '../../time/interval.js';
import type { Relationship } from '../relationship.js';
import type { Rule } from './context.js';
import { spanText, unitText, violation } from './format.js';
import { endOf } from './time.js';

const KINDS: Array<[Relationship['kind'], ErrorCode]> = [
  ['OPCON', 'C2_OPCON_DUPLICATE'],
  ['TACON', 'C2_TACON_DUPLICATE'],
  ['ADCON', 'C2_ADCON_DUPLICATE'],
];

/** Overlapping pairs among intervals: sweep in start order, keeping the edges still open (O(k log k + pairs)). */
function overlappingPairs(edges: readonly Relationship[]) {
  const key = (e: Relationship) => `${e.valid.from}\u0000${e.id}`;
  const sorted = [...edges].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const pairs: Array<[Relationship, Relationship]> = [];
  let open: Relationship[] = [];
  for (const e of sorted) {
    open = open.filter((o) => endOf(o.valid) > e.valid.from);
    for (const o of open) pairs.push([o, e]);
    open.push(e);
  }
  return pairs;
}

// JP 1, unity of command: a force has one commander for each authority at a time (one OPCON, one TACON, one ADCON).
export const singleSuperior: Rule = {
  code: 'C2_OPCON_DUPLICATE',
  alsoReports: ['C2_TACON_DUPLICATE', 'C2_ADCON_DUPLICATE'],
  title: 'At most one OPCON, one TACON and one ADCON superior at any instant',
  doctrine: 'JP 1, unity of command; command relationships (OPCON, TACON, ADCON)',
  check({ tl, subjects, out }) {
    for (const unitId of subjects) {
      for (const [kind, code] of KINDS) {
        for (const [a, b] of overlappingPairs(tl.superiorEdges(unitId, kind))) {
          const span = intersect(a.valid, b.valid)!;
          const at = span.from;
          out.push(
            violation(
              code,
              `${unitText(tl, unitId, at)} is under ${kind} of ${unitText(tl, a.superiorId, at)} by ${a.id} and of ${unitText(tl, b.superiorId, at)} by ${b.id} during ${spanText(span)}`,
              [unitId, a.superiorId, b.superiorId].filter((id, i, all) => all.indexOf(id) === i),
              [a.id, b.id],
            ),
          );
        }
      }
    }
  },
};
