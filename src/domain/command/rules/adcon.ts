import type { UnitSlice } from '../../force/unit.js';
import { needsAssignment } from './assignment.js';
import { type Rule, slicePairs } from './context.js';
import { spanText, unitText, violation } from './format.js';
import { uncovered } from './time.js';

const isJoint = (u: UnitSlice) => u.service.endsWith(':JOINT');

// JP 1, administrative control: Service (Title 10) authority exercised through Service channels. A joint HQ holds it
// only where a Service gave it (settings.jointAdconAllowed); a joint HQ itself may take ADCON from its Service agent.
export const adconInService: Rule = {
  code: 'C2_ADCON_CROSSES_SERVICE',
  title: 'ADCON stays inside the service chain',
  doctrine: 'JP 1, administrative control (ADCON) through Service channels; 10 USC 7013, 8013, 9013',
  check({ tl, settings, edges, out }) {
    const allowed = new Set(settings.jointAdconAllowed ?? []);
    for (const e of edges) {
      if (e.kind !== 'ADCON') continue;
      for (const { superior, subordinate, span } of slicePairs(tl, e)) {
        let why: string | null = null;
        if (superior.nation !== subordinate.nation)
          why = `crosses nations (${superior.nation} over ${subordinate.nation})`;
        else if (isJoint(superior) && !allowed.has(e.superiorId))
          why = `the joint HQ holds ADCON, which no Service gave it (not in settings.jointAdconAllowed)`;
        else if (!isJoint(superior) && !isJoint(subordinate) && superior.service !== subordinate.service)
          why = `crosses services (${superior.service} over ${subordinate.service})`;
        if (!why) continue;
        out.push(
          violation(
            'C2_ADCON_CROSSES_SERVICE',
            `ADCON ${e.id} of ${unitText(tl, e.superiorId, span.from)} over ${unitText(tl, e.subordinateId, span.from)} during ${spanText(span)} ${why}`,
            [e.subordinateId, e.superiorId],
            [e.id],
          ),
        );
      }
    }
  },
};

// JP 1, ADCON: every U.S. force has Service administration and support; a force with no ADCON superior has no one
// answerable for its personnel, logistics and discipline. A warning: data often omits the Service chain.
export const adconMissing: Rule = {
  code: 'C2_ADCON_MISSING',
  title: 'Every U.S. force has an ADCON superior',
  doctrine: 'JP 1, administrative control; Service responsibilities under Title 10',
  check({ tl, subjects, out }) {
    for (const unitId of subjects) {
      const covers = tl.superiorEdges(unitId, 'ADCON').map((e) => e.valid);
      for (const slice of tl.unitSlices(unitId)) {
        if (!needsAssignment(slice)) continue;
        for (const gap of uncovered(slice.valid, covers)) {
          out.push(
            violation(
              'C2_ADCON_MISSING',
              `${unitText(tl, unitId, gap.from)} has no ADCON superior during ${spanText(gap)}`,
              [unitId],
              [],
              'warning',
            ),
          );
        }
      }
    }
  },
};
