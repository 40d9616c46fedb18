import { C2Error } from '../errors.js';
import type { Instant } from '../time/instant.js';
import type { Plan, PlanAction, PlanState } from './plan.js';

/** Who may take each step and from which state. 'admin' and 'system' may take any step. */
export const STEPS: Record<
  Exclude<PlanAction, 'create'>,
  { from: readonly PlanState[]; to: PlanState | null; roles: readonly string[] }
> = {
  edit: { from: ['DRAFT'], to: null, roles: ['planner'] },
  propose: { from: ['DRAFT'], to: 'PROPOSED', roles: ['planner'] },
  withdraw: { from: ['PROPOSED', 'APPROVED'], to: 'DRAFT', roles: ['planner', 'approver'] },
  approve: { from: ['PROPOSED'], to: 'APPROVED', roles: ['approver'] },
  execute: { from: ['APPROVED'], to: 'EXECUTED', roles: ['approver'] },
  rollback: { from: ['EXECUTED'], to: 'ROLLED_BACK', roles: ['approver'] },
};

const ALL_STEPS = ['admin', 'system'];

/** Throws C2_FORBIDDEN for a role that may not take the action, C2_BAD_STATE for a state it cannot be taken from. */
export function assertStep(
  plan: Pick<Plan, 'id' | 'state'> | null,
  action: PlanAction,
  roles: readonly string[],
): void {
  const allowed = action === 'create' ? ['planner'] : STEPS[action].roles;
  if (!roles.some((role) => allowed.includes(role) || ALL_STEPS.includes(role))) {
    throw new C2Error('C2_FORBIDDEN', `${action} needs the ${allowed.join(' or ')} role`);
  }
  if (plan && action !== 'create' && !STEPS[action].from.includes(plan.state)) {
    throw new C2Error(
      'C2_BAD_STATE',
      `plan ${plan.id} is ${plan.state}; ${action} needs ${STEPS[action].from.join(' or ')}`,
    );
  }
}

/** The plan after a step, with the step in its history. */
export function recordStep(plan: Plan, action: PlanAction, actor: string, at: Instant, note?: string): Plan {
  const to = action === 'create' ? 'DRAFT' : (STEPS[action].to ?? plan.state);
  const from = action === 'create' ? null : plan.state;
  return { ...plan, state: to, history: [...plan.history, { at, actor, action, from, to, ...(note ? { note } : {}) }] };
}
