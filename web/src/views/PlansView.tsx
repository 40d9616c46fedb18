import { useApi } from '../api.js';
import { AppLink } from '../components/AppLink.js';
import { PortionMark } from '../components/PortionMark.js';
import { StateBadge } from '../components/StateBadge.js';
import { plansApi } from '../endpoints/plans.js';
import { useMarking } from '../marking.js';
import { dtg } from '../time.js';

/** Every plan the reader may read, with its state. */
export function PlansView() {
  const list = useApi((signal) => plansApi.list(signal), 'plans');
  useMarking(list.data?.marking);
  return (
    <div className="page">
      <div className="page-head">
        <h1>Reorganization plans</h1>
        <span className="count">{list.data ? `${list.data.plans.length} readable` : ''}</span>
      </div>
      {list.error && <div className="problem">{list.error.message}</div>}
      {list.data && list.data.plans.length === 0 && <p className="none">No plan you may read.</p>}
      {list.data && list.data.plans.length > 0 && (
        <table className="data-table plans-table" data-testid="plans">
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col">State</th>
              <th scope="col" className="num">
                Phases
              </th>
              <th scope="col" className="num">
                Operations
              </th>
              <th scope="col">First phase</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {list.data.plans.map((plan) => (
              <tr key={plan.id} data-plan-id={plan.id}>
                <td>
                  <PortionMark label={plan.label} />{' '}
                  <AppLink to={`/plans/${encodeURIComponent(plan.id)}`} className="plan-title">
                    {plan.title}
                  </AppLink>
                </td>
                <td>
                  <StateBadge state={plan.state} />
                </td>
                <td className="num">{plan.phases}</td>
                <td className="num">{plan.operations}</td>
                <td className="mono">{plan.firstDate ? dtg(plan.firstDate) : '—'}</td>
                <td className="mono">{dtg(plan.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
