import { describeOperation } from '../../../../src/domain/reorg/plan.js';
import type { PlanView } from '../../endpoints/plans.js';
import { dtg } from '../../time.js';

/** The plan's phases in date order, each with its operations (withheld ones by kind only). */
export function PhasesCard({ plan, selected }: { plan: PlanView; selected: string | null }) {
  return (
    <section className="card phases" aria-label="Phases">
      <h2>Phases</h2>
      <ol className="phase-list">
        {plan.phases.map((phase) => (
          <li key={phase.id} className={phase.id === selected ? 'selected' : undefined} data-phase-id={phase.id}>
            <div className="phase-head">
              <span className="mono dtg-chip">{dtg(phase.effectiveDate)}</span>
              <strong>{phase.name}</strong>
            </div>
            <ul className="operations">
              {phase.operations.map((op) => (
                <li key={op.id} className={'withheld' in op ? 'withheld' : undefined}>
                  <code className="op-kind">{op.op}</code>{' '}
                  {'withheld' in op ? (
                    <span className="muted">withheld: it touches records you may not read</span>
                  ) : (
                    <>
                      {describeOperation(op)}
                      {op.note && <span className="muted small"> — {op.note}</span>}
                    </>
                  )}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
