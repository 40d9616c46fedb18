import { within } from '../../time/interval.js';
import type { Rule } from './context.js';
import { spanText, unitText, violation } from './format.js';
import { uncovered } from './time.js';

// JP 1 (command relationships): authority is exercised by one commander over another force; a unit over itself is void.
export const selfRelationship: Rule = {
  code: 'C2_SELF_RELATIONSHIP',
  title: 'No unit holds authority over itself',
  doctrine: 'JP 1, command relationships (a superior over a subordinate force)',
  check({ tl, edges, out }) {
    for (const e of edges) {
      if (e.superiorId !== e.subordinateId) continue;
      const who = unitText(tl, e.superiorId, e.valid.from);
      out.push(
        violation(
          'C2_SELF_RELATIONSHIP',
          `${e.kind} ${e.id} relates ${who} to itself during ${spanText(e.valid)}`,
          [e.subordinateId],
          [e.id],
        ),
      );
    }
  },
};

// Data integrity: a relationship can only hold while both commands exist (their validity in valid time).
export const outsideValidity: Rule = {
  code: 'C2_OUTSIDE_UNIT_VALIDITY',
  title: 'A relationship lies inside both units’ validity',
  doctrine: 'Data integrity (bitemporal force model)',
  check({ tl, edges, out }) {
    for (const e of edges) {
      for (const [role, id] of [
        ['superior', e.superiorId],
        ['subordinate', e.subordinateId],
      ] as const) {
        const slices = tl.unitSlices(id);
        if (slices.length === 1 && within(e.valid, slices[0]!.valid)) continue; // the common case, without a sort
        const gaps = uncovered(
          e.valid,
          slices.map((s) => s.valid),
        );
        if (gaps.length === 0) continue;
        out.push(
          violation(
            'C2_OUTSIDE_UNIT_VALIDITY',
            `${e.kind} ${e.id} of ${unitText(tl, e.superiorId, e.valid.from)} over ${unitText(tl, e.subordinateId, e.valid.from)} (${spanText(e.valid)}) outlives its ${role} during ${gaps.map(spanText).join(', ')}`,
            [e.subordinateId, e.superiorId],
            [e.id],
          ),
        );
      }
    }
  },
};
