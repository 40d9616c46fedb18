import { REQUEST_STATES } from '../../../src/domain/mission/request.js';
import { useApi } from '../api.js';
import { AppLink } from '../components/AppLink.js';
import { Segmented } from '../components/Chips.js';
import { Deadline } from '../components/Deadline.js';
import { PortionMark } from '../components/PortionMark.js';
import { StateBadge } from '../components/StateBadge.js';
import { type Box, coordinationApi } from '../endpoints/coordination.js';
import { useMarking } from '../marking.js';
import { setQuery, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { useNow } from '../useNow.js';

const BOXES: readonly { value: Box; label: string }[] = [
  { value: 'inbox', label: 'Inbox' },
  { value: 'outbox', label: 'Outbox' },
];

/** Requests to (inbox) and from (outbox) the user's command, counted by state, deadlines as DTGs. */
export function CoordinationView() {
  const { user } = useSession();
  const { query } = useLocation();
  const box: Box = query.get('box') === 'outbox' ? 'outbox' : 'inbox';
  const command = query.get('command') ?? user.homeCommand ?? null;
  const stateFilter = query.get('state');
  const list = useApi((signal) => coordinationApi.box(box, command, signal), `${box}|${command}`);
  useMarking(list.data?.marking);
  const now = useNow();
  const requests = (list.data?.requests ?? []).filter((r) => !stateFilter || r.state === stateFilter);
  const commands = list.data?.commands ?? [];
  return (
    <div className="page coordination-page">
      <div className="page-head">
        <h1>Coordination</h1>
        <Segmented label="Box" options={BOXES} value={box} onChange={(next) => setQuery({ box: next, state: null })} />
        {commands.length > 1 ? (
          <label className="field inline">
            <span>Command</span>
            <select value={command ?? ''} onChange={(e) => setQuery({ command: e.currentTarget.value || null })}>
              <option value="">All I act for ({commands.length})</option>
              {commands.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="muted" data-testid="home-command">
            for {commands[0] ?? user.homeCommand ?? user.nation}
          </span>
        )}
        <AppLink to="/coordination/new" className="btn primary new-request">
          New request
        </AppLink>
      </div>
      {list.data && (
        // biome-ignore lint/a11y/useSemanticElements: a row of filter buttons.
        <div className="state-counts" role="group" aria-label="Requests by state" data-testid="state-counts">
          <button
            type="button"
            className="count-chip"
            aria-pressed={!stateFilter}
            onClick={() => setQuery({ state: null })}
          >
            All <strong>{list.data.requests.length}</strong>
          </button>
          {REQUEST_STATES.map((state) => (
            <button
              key={state}
              type="button"
              className={`count-chip state-${state.toLowerCase()}`}
              aria-pressed={stateFilter === state}
              data-state={state}
              onClick={() => setQuery({ state: stateFilter === state ? null : state })}
            >
              {state.toLowerCase()} <strong>{list.data?.counts[state] ?? 0}</strong>
            </button>
          ))}
        </div>
      )}
      {list.error && <div className="problem">{list.error.message}</div>}
      {list.data && requests.length === 0 && <p className="none">No request here.</p>}
      {requests.length > 0 && (
        <div className="table-scroll">
          <table className="data-table requests-table" data-testid="requests">
            <thead>
              <tr>
                <th scope="col">Priority</th>
                <th scope="col">Request</th>
                <th scope="col">{box === 'inbox' ? 'From' : 'To'}</th>
                <th scope="col">State</th>
                <th scope="col">Deadline (Zulu · local) and time left</th>
                <th scope="col" className="num">
                  Replies
                </th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id} data-request-id={r.id} className={r.overdue ? 'overdue-row' : undefined}>
                  <td>
                    <span className={`priority priority-${r.priority.toLowerCase()}`}>{r.priority}</span>
                  </td>
                  <td>
                    <PortionMark label={r.label} /> <span className="kind-chip">{r.kind}</span>{' '}
                    <AppLink to={`/coordination/${encodeURIComponent(r.id)}`}>{r.subject}</AppLink>
                    <div className="muted small mono">{r.id}</div>
                  </td>
                  <td>
                    {box === 'inbox' ? r.from.shortName : r.to.shortName}{' '}
                    <span className="nation-tag" data-nation={box === 'inbox' ? r.from.nation : r.to.nation}>
                      {box === 'inbox' ? r.from.nation : r.to.nation}
                    </span>
                  </td>
                  <td>
                    <StateBadge state={r.state} />
                  </td>
                  <td>
                    <Deadline deadline={r.deadlineDtg} now={now} state={r.state} overdue={r.overdue} />
                  </td>
                  <td className="num">{r.replyCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
