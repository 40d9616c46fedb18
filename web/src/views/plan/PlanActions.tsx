import { assertStep } from '../../../../src/domain/reorg/workflow.js';
import type { User } from '../../api.js';
import { ConfirmAction } from '../../components/ConfirmAction.js';
import { type PlanStep, type PlanView, plansApi } from '../../endpoints/plans.js';

const STEPS: readonly PlanStep[] = ['propose', 'withdraw', 'approve', 'execute', 'rollback'];

const LABELS: Record<PlanStep, string> = {
  propose: 'Propose',
  withdraw: 'Withdraw',
  approve: 'Approve',
  execute: 'Execute',
  rollback: 'Roll back',
};

function question(step: PlanStep, plan: PlanView): string {
  switch (step) {
    case 'propose':
      return 'Propose this plan for approval? It can no longer be edited unless withdrawn.';
    case 'withdraw':
      return 'Return this plan to draft?';
    case 'approve':
      return 'Approve this plan? The server refuses while it breaks a doctrine rule or conflicts with an approved plan.';
    case 'execute':
      return `Execute all ${plan.phases.length} phases now? The structure changes in one transaction.`;
    case 'rollback':
      return 'Roll back to the exact structure before execution?';
  }
}

/** The steps the user's roles allow from the plan's state: the same rule the server applies (domain workflow). */
export function allowedSteps(plan: Pick<PlanView, 'id' | 'state'>, roles: readonly string[]): PlanStep[] {
  return STEPS.filter((step) => {
    try {
      assertStep(plan, step, roles);
      return true;
    } catch {
      return false;
    }
  });
}

export function PlanActions({ plan, user, onDone }: { plan: PlanView; user: User; onDone: () => void }) {
  const steps = allowedSteps(plan, user.roles);
  if (steps.length === 0) {
    return (
      <p className="muted small">No workflow step is open to your roles ({user.roles.join(', ')}) in this state.</p>
    );
  }
  return (
    <div className="plan-actions" role="toolbar" aria-label="Plan workflow">
      {steps.map((step) => (
        <ConfirmAction
          key={step}
          label={LABELS[step]}
          question={question(step, plan)}
          danger={step === 'execute' || step === 'rollback'}
          onConfirm={() => plansApi.step(plan.id, step).then(onDone)}
        />
      ))}
    </div>
  );
}
