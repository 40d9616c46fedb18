import type { Rule } from './context.js';
import { spanText, unitText, violation } from './format.js';

// JP 1, coordinating authority ("cannot compel agreement") and DIRLAUTH ("a coordination relationship, not an
// authority through which command may be exercised"): neither carries a transfer of forces or a support mission.
// Their use as the only path for a TACON grant is reported by the TACON rule under the same code.
export const coordinationNoTasking: Rule = {
  code: 'C2_COORDINATION_TASKING',
  title: 'COORDINATION and DIRLAUTH confer no tasking',
  doctrine: 'JP 1, coordinating authority and direct liaison authorized (DIRLAUTH)',
  check({ tl, edges, out }) {
    for (const e of edges) {
      if (e.kind !== 'COORDINATION' && e.kind !== 'DIRLAUTH') continue;
      const marks = [
        e.transfer && `transfer ${e.transfer}`,
        e.supportCategory && `support category ${e.supportCategory}`,
      ];
      const present = marks.filter(Boolean);
      if (present.length === 0) continue;
      out.push(
        violation(
          'C2_COORDINATION_TASKING',
          `${e.kind} ${e.id} between ${unitText(tl, e.superiorId, e.valid.from)} and ${unitText(tl, e.subordinateId, e.valid.from)} during ${spanText(e.valid)} carries ${present.join(' and ')}`,
          [e.subordinateId, e.superiorId],
          [e.id],
        ),
      );
    }
  },
};
