import { useApi } from '../api.js';
import { AppLink } from '../components/AppLink.js';
import { PortionMark } from '../components/PortionMark.js';
import { unitHref } from '../components/UnitLink.js';
import { UnitSymbol } from '../components/UnitSymbol.js';
import { missionsApi, type Responsibility } from '../endpoints/missions.js';
import { useMarking } from '../marking.js';
import { echelonLabel } from '../orbat.js';
import { dayOf, dtg, todayUtc, useTimes } from '../time.js';

const SHORT: Record<Responsibility, string> = { LEAD: 'LEAD', SUPPORT: 'SPT', COORDINATE: 'COORD' };

/** Who leads, supports and coordinates each mission on the slider's date: missions down, commands across. */
export function MissionsView() {
  const times = useTimes();
  const matrix = useApi((signal) => missionsApi.matrix(times, signal), `${times.at}|${times.knownAt}`);
  useMarking(matrix.data?.marking);
  const m = matrix.data;
  const missions = new Map((m?.missions ?? []).map((x) => [x.id, x]));
  const units = new Map((m?.units ?? []).map((u) => [u.id, u]));
  return (
    <div className="page missions-page">
      <div className="page-head">
        <h1>Responsibility matrix</h1>
        <span className="muted">
          on {dayOf(times.at ?? todayUtc())} <span className="mono">({dtg(times.at ?? todayUtc())})</span>
        </span>
        <AppLink to="/map" className="btn">
          Areas on the map
        </AppLink>
      </div>
      <ul className="resp-legend" aria-label="Roles">
        <li>
          <span className="resp resp-lead">LEAD</span> leads the mission
        </li>
        <li>
          <span className="resp resp-support">SPT</span> supports (general, mutual, direct or close)
        </li>
        <li>
          <span className="resp resp-coordinate">COORD</span> coordinates (no tasking)
        </li>
      </ul>
      {matrix.error && <div className="problem">{matrix.error.message}</div>}
      {m && m.missionIds.length === 0 && <p className="none">No mission active on this date.</p>}
      {m && m.missionIds.length > 0 && (
        <div className="table-scroll matrix-scroll">
          <table className="data-table matrix" data-testid="matrix">
            <thead>
              <tr>
                <th scope="col" className="corner">
                  Mission
                </th>
                {m.unitIds.map((id) => {
                  const u = units.get(id);
                  return (
                    <th key={id} scope="col" className="command-col" data-unit-id={id}>
                      <AppLink to={unitHref(id)} title={u ? `${u.name} (${echelonLabel(u.echelon)})` : id}>
                        {u && <UnitSymbol sidc={u.sidc} size={14} />}
                        <span className="command-name">{u?.shortName ?? id}</span>
                      </AppLink>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {m.missionIds.map((missionId) => {
                const mission = missions.get(missionId);
                const row = m.cells[missionId] ?? {};
                return (
                  <tr key={missionId} data-mission-id={missionId}>
                    <th scope="row" className="mission-name">
                      {mission && <PortionMark label={mission.label} compact />} {mission?.name ?? missionId}
                      <div className="muted small">
                        {mission?.kind?.replace(/_/g, ' ').toLowerCase() ?? ''}
                        {mission && !mission.lead && <span className="gap-flag"> · no lead</span>}
                        {mission && !mission.area && <span> · no area</span>}
                      </div>
                    </th>
                    {m.unitIds.map((unitId) => {
                      const role = row[unitId];
                      return (
                        <td key={unitId} className="cell" data-role={role}>
                          {role && (
                            <span className={`resp resp-${role.toLowerCase()}`} title={role}>
                              {SHORT[role]}
                            </span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
