import { useMemo, useState } from 'react';
import { useApi } from '../api.js';
import { AppLink } from '../components/AppLink.js';
import { PortionMark } from '../components/PortionMark.js';
import { StateBadge } from '../components/StateBadge.js';
import { type CompareTree, plansApi } from '../endpoints/plans.js';
import { markingText, useMarking } from '../marking.js';
import { setQuery, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { dtg } from '../time.js';
import { ComparePanel } from './plan/ComparePanel.js';
import { ImpactCard } from './plan/ImpactCard.js';
import { PhasesCard } from './plan/PhasesCard.js';
import { PlanActions } from './plan/PlanActions.js';
import { ValidationCard } from './plan/ValidationCard.js';

function collectNames(trees: CompareTree[], into: Record<string, string>): Record<string, string> {
  for (const tree of trees) {
    if (!('withheld' in tree)) into[tree.unitId] ??= tree.shortName;
    collectNames(tree.children, into);
  }
  return into;
}

/**
 * One plan: workflow actions for those allowed, a phase stepper, as-is beside to-be with change marks, impact,
 * validation and the phases' operations.
 */
export function PlanView({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const { user } = useSession();
  const { query } = useLocation();
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const key = `${id}|${version}`;
  const plan = useApi((signal) => plansApi.get(id, signal), key);
  const validation = useApi((signal) => plansApi.validation(id, signal), key);
  const impact = useApi((signal) => plansApi.impact(id, signal), key);
  const phases = plan.data?.plan.phases ?? [];
  const phaseId = query.get('phase');
  const phaseIndex = phases.findIndex((p) => p.id === phaseId);
  const phase = phaseIndex >= 0 ? phases[phaseIndex] : undefined;
  const compare = useApi(
    (signal) => plansApi.compare(id, phase?.effectiveDate ?? null, signal),
    `${key}|${phase?.effectiveDate ?? 'last'}`,
  );
  useMarking(plan.data?.marking);
  useMarking(validation.data?.marking);
  useMarking(impact.data?.marking);
  useMarking(compare.data?.marking);

  const names = useMemo(() => {
    const out: Record<string, string> = {};
    if (impact.data) {
      Object.assign(out, impact.data.whole.names);
      for (const p of impact.data.phases) Object.assign(out, p.impact.names);
    }
    if (compare.data) collectNames([...compare.data.comparison.asIs, ...compare.data.comparison.toBe], out);
    return out;
  }, [impact.data, compare.data]);

  if (plan.error) {
    return (
      <div className="page">
        <div className="crumbs">
          <AppLink to="/plans">Plans</AppLink>
        </div>
        <div className="problem" role="alert">
          {plan.error.message}
        </div>
      </div>
    );
  }
  if (!plan.data) return <div className="loading">Loading…</div>;
  const p = plan.data.plan;
  const phaseImpact = phase ? impact.data?.phases.find((x) => x.phaseId === phase.id)?.impact : impact.data?.whole;
  return (
    <div className="page plan-page">
      <div className="crumbs">
        <AppLink to="/plans">Plans</AppLink> / {p.title}
      </div>
      <section className="card plan-head" aria-label="Plan">
        <div className="plan-title-row">
          <h1>
            <PortionMark label={p.label} /> {p.title}
          </h1>
          <StateBadge state={p.state} />
          <span className="muted small">{markingText(p.label)}</span>
          <a className="btn report-link" href={plansApi.reportHref(p.id)} target="_blank" rel="noopener">
            Printable report
          </a>
        </div>
        <details className="description">
          <summary>Description</summary>
          <p>{p.description}</p>
        </details>
        <PlanActions plan={p} user={user} onDone={reload} />
        <ol className="plan-history" aria-label="Workflow history">
          {p.history.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: history entries are append-only and ordered.
            <li key={i}>
              <span className="mono">{dtg(h.at)}</span> {h.action} <span className="muted">by {h.actor}</span>
              {h.from && (
                <span className="muted">
                  {' '}
                  ({h.from} → {h.to})
                </span>
              )}
              {h.note && <span> — {h.note}</span>}
            </li>
          ))}
        </ol>
      </section>

      <nav className="phase-stepper" aria-label="Phases">
        {phases.map((ph, i) => (
          <button
            key={ph.id}
            type="button"
            className="step"
            aria-pressed={ph.id === phase?.id}
            onClick={() => setQuery({ phase: ph.id })}
          >
            <span className="step-number">{i + 1}</span>
            <span className="step-text">
              <span className="step-name">{ph.name}</span>
              <span className="mono step-date">{dtg(ph.effectiveDate)}</span>
            </span>
          </button>
        ))}
        <button type="button" className="step" aria-pressed={!phase} onClick={() => setQuery({ phase: null })}>
          <span className="step-number">∑</span>
          <span className="step-text">
            <span className="step-name">Whole plan</span>
            <span className="mono step-date">{phases.at(-1) ? dtg(phases.at(-1)!.effectiveDate) : '—'}</span>
          </span>
        </button>
      </nav>

      {compare.error && <div className="problem">{compare.error.message}</div>}
      {compare.data && <ComparePanel comparison={compare.data.comparison} />}

      <div className="plan-grid">
        {phaseImpact && (
          <ImpactCard
            impact={phaseImpact}
            title={phase ? `Impact of ${phase.name.split(':')[0]}` : 'Impact of the whole plan'}
          />
        )}
        {validation.data && <ValidationCard validation={validation.data.validation} names={names} />}
        {validation.error && <div className="problem">{validation.error.message}</div>}
        <PhasesCard plan={p} selected={phase?.id ?? null} />
      </div>
    </div>
  );
}
