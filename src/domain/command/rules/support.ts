import type { Rule } from './context.js';
import { spanText, unitText, violation } from './format.js';
import { eachRun } from './time.js';

// JP 1, support: set by a common superior in an establishing directive naming the supported commander (here the
// superior: one per relationship by construction) and the category (general, mutual, direct, close).
export const supportComplete: Rule = {
  code: 'C2_SUPPORT_INCOMPLETE',
  title: 'A support relationship names its directive, supported commander, category and establishing superior',
  doctrine: 'JP 1, support (establishing directive; general, mutual, direct and close support)',
  check({ tl, edges, out }) {
    for (const e of edges) {
      if (e.kind !== 'SUPPORT') continue;
      const missing = [
        e.basis.trim() === '' && 'establishing directive (basis)',
        e.superiorId.trim() === '' && 'supported commander (superior)',
        !e.supportCategory && 'category (GENERAL/MUTUAL/DIRECT/CLOSE)',
        !e.establishedBy && 'establishing common superior (establishedBy)',
      ].filter((m): m is string => typeof m === 'string');
      if (missing.length === 0) continue;
      out.push(
        violation(
          'C2_SUPPORT_INCOMPLETE',
          `SUPPORT ${e.id} of ${unitText(tl, e.superiorId, e.valid.from)} by ${unitText(tl, e.subordinateId, e.valid.from)} during ${spanText(e.valid)} lacks ${missing.join(', ')}`,
          [e.subordinateId, e.superiorId],
          [e.id],
        ),
      );
    }
  },
};

// JP 1, support: the establishing authority is a common superior, above both commanders in their command chains
// (COCOM/OPCON/TACON, not ADCON). Across parallel national chains no such superior exists, so none can be set.
export const supportCommonSuperior: Rule = {
  code: 'C2_SUPPORT_NOT_COMMON_SUPERIOR',
  title: 'Support is established by a common superior of both commanders',
  doctrine: 'JP 1, support: established by a common superior; JP 3-16, parallel command (no common commander)',
  check({ tl, edges, chains, out }) {
    for (const e of edges) {
      const by = e.establishedBy;
      if (e.kind !== 'SUPPORT' || !by) continue;
      const points = chains.breakpoints([e.superiorId, e.subordinateId], e.valid);
      eachRun(e.valid, points, (at) => {
        const ok = chains.authorityAt(e.superiorId, at).has(by) && chains.authorityAt(e.subordinateId, at).has(by);
        return ok
          ? null
          : {
              key: 'no',
              build: (span) =>
                out.push(
                  violation(
                    'C2_SUPPORT_NOT_COMMON_SUPERIOR',
                    `SUPPORT ${e.id} of ${unitText(tl, e.superiorId, span.from)} by ${unitText(tl, e.subordinateId, span.from)} was set by ${unitText(tl, by, span.from)}, which is not above both in their command chains during ${spanText(span)}`,
                    [e.subordinateId, e.superiorId],
                    [e.id],
                  ),
                ),
            };
      });
    }
  },
};
