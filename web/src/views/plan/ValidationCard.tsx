import type { Validation } from '../../endpoints/plans.js';
import { dtg } from '../../time.js';
import { UnitRef } from './UnitRef.js';

/** The doctrine check of the plan on top of approved plans: each violation with its phase and units. */
export function ValidationCard({ validation, names }: { validation: Validation; names: Record<string, string> }) {
  const { violations, conflicts } = validation;
  return (
    <section className="card validation" aria-label="Validation" data-testid="validation">
      <div className="card-head">
        <h2>Validation</h2>
        <span className={`verdict ${validation.valid ? 'ok' : 'bad'}`}>
          {validation.valid ? 'Valid' : 'Invalid'} · {validation.errors} error{validation.errors === 1 ? '' : 's'} ·{' '}
          {validation.warnings} warning{validation.warnings === 1 ? '' : 's'}
        </span>
      </div>
      {validation.basedOn.length + validation.basedOnWithheld > 0 && (
        <p className="muted small">
          Checked on top of approved plan{validation.basedOn.length === 1 ? '' : 's'}{' '}
          {validation.basedOn.join(', ') || '—'}
          {validation.basedOnWithheld > 0 && ` and ${validation.basedOnWithheld} you may not read`}.
        </p>
      )}
      {violations.length === 0 && conflicts.length === 0 && (
        <p className="none">No doctrine rule is broken at any phase date.</p>
      )}
      {violations.length > 0 && (
        <ul className="violations">
          {violations.map((v, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: a violation has no id; the list is rebuilt whole.
              key={i}
              className={`violation ${v.severity === 'warning' ? 'warning' : 'error'}`}
              data-code={v.code}
            >
              <div>
                <code className="violation-code">{v.code}</code>{' '}
                <span className="muted small">
                  {v.phaseName} · {dtg(v.effectiveDate)}
                  {v.operationIds.length > 0 && ` · ${v.operationIds.join(', ')}`}
                </span>
              </div>
              <div>{v.message}</div>
              {v.units && v.units.length > 0 && (
                <div className="violation-units">
                  {v.units.map((id) => (
                    <UnitRef key={id} id={id} names={names} />
                  ))}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {conflicts.length > 0 && (
        <>
          <h3>Conflicts with other plans</h3>
          <ul className="violations">
            {conflicts.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a conflict has no id.
              <li key={i} className="violation error" data-code={c.code}>
                <code className="violation-code">{c.code}</code> {c.message}
                <div className="muted small">plans {c.plans.join(' and ')}</div>
              </li>
            ))}
          </ul>
        </>
      )}
      {validation.withheld > 0 && (
        <p className="muted small">
          {validation.withheld} more violation{validation.withheld === 1 ? '' : 's'} name units you may not read.
        </p>
      )}
    </section>
  );
}
