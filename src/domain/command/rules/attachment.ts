import type { Rule } from './context.js';
import { spanText, unitText, violation } from './format.js';

// JP 1, assign vs attach: attachment is temporary, by order, and the order states whether OPCON or TACON passes.
// (An ATTACHED COCOM is reported as C2_COCOM_DELEGATED; a COORDINATION/DIRLAUTH marked so as C2_COORDINATION_TASKING.)
export const attachment: Rule = {
  code: 'C2_ATTACHMENT_INCOMPLETE',
  title: 'An attachment names its order and passes OPCON or TACON',
  doctrine: 'JP 1, attachment (the establishing order specifies OPCON or TACON)',
  check({ tl, edges, out }) {
    for (const e of edges) {
      if (e.transfer !== 'ATTACHED') continue;
      const missing: string[] = [];
      if (e.basis.trim() === '') missing.push('names no order (basis)');
      if (['ADCON', 'SUPPORT'].includes(e.kind)) missing.push(`is ${e.kind}, not OPCON or TACON`);
      if (missing.length === 0) continue;
      out.push(
        violation(
          'C2_ATTACHMENT_INCOMPLETE',
          `attachment ${e.id} of ${unitText(tl, e.subordinateId, e.valid.from)} to ${unitText(tl, e.superiorId, e.valid.from)} during ${spanText(e.valid)} ${missing.join(' and ')}`,
          [e.subordinateId, e.superiorId],
          [e.id],
        ),
      );
    }
  },
};
