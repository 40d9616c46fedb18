import { type Rule, hasRole, slicePairs, slicesOver } from './context.js';
import { spanText, unitText, violation } from './format.js';

// JP 1, COCOM: vested only in the commanders of combatant commands (10 USC 164); it cannot be held below them.
export const cocomHolder: Rule = {
  code: 'C2_COCOM_NOT_COMBATANT_COMMAND',
  title: 'COCOM is held only by a combatant command',
  doctrine: 'JP 1, combatant command (command authority); 10 USC 164(c)',
  check({ tl, edges, out }) {
    for (const e of edges) {
      if (e.kind !== 'COCOM') continue;
      for (const { slice, span } of slicesOver(tl, e.superiorId, e.valid)) {
        if (hasRole(slice, 'COMBATANT_COMMAND')) continue;
        out.push(
          violation(
            'C2_COCOM_NOT_COMBATANT_COMMAND',
            `${unitText(tl, e.superiorId, span.from)} holds COCOM ${e.id} over ${unitText(tl, e.subordinateId, span.from)} during ${spanText(span)} but is not a combatant command`,
            [e.subordinateId, e.superiorId],
            [e.id],
          ),
        );
      }
    }
  },
};

// JP 1, COCOM: "cannot be delegated or transferred": no combatant command is another's COCOM subordinate, and forces
// come under COCOM by assignment only (attachment gives OPCON or TACON).
export const cocomDelegated: Rule = {
  code: 'C2_COCOM_DELEGATED',
  title: 'COCOM is never delegated or transferred',
  doctrine: 'JP 1, combatant command (command authority): not transferable; assign vs attach',
  check({ tl, edges, out }) {
    for (const e of edges) {
      if (e.kind !== 'COCOM') continue;
      if (e.transfer === 'ATTACHED') {
        out.push(
          violation(
            'C2_COCOM_DELEGATED',
            `COCOM ${e.id} of ${unitText(tl, e.subordinateId, e.valid.from)} under ${unitText(tl, e.superiorId, e.valid.from)} is marked ATTACHED during ${spanText(e.valid)}; attachment gives OPCON or TACON, never COCOM`,
            [e.subordinateId, e.superiorId],
            [e.id],
          ),
        );
      }
      for (const { superior, subordinate, span } of slicePairs(tl, e)) {
        if (!hasRole(superior, 'COMBATANT_COMMAND') || !hasRole(subordinate, 'COMBATANT_COMMAND')) continue;
        out.push(
          violation(
            'C2_COCOM_DELEGATED',
            `combatant command ${unitText(tl, e.superiorId, span.from)} holds COCOM ${e.id} over combatant command ${unitText(tl, e.subordinateId, span.from)} during ${spanText(span)}`,
            [e.subordinateId, e.superiorId],
            [e.id],
          ),
        );
      }
    }
  },
};
