import { useState } from 'react';
import {
  api,
  type ChainLink,
  type ControllerKind,
  type Edge,
  type HigherHq,
  type Relationship,
  type RelationshipKind,
  type UnitSlice,
  useApi,
} from '../api.js';
import { Segmented } from '../components/Chips.js';
import { AppLink } from '../components/AppLink.js';
import { UnitLink } from '../components/UnitLink.js';
import { UnitSymbol } from '../components/UnitSymbol.js';
import { markingText, useMarking } from '../marking.js';
import { echelonLabel, formatNumber, formatPersonnel } from '../orbat.js';
import { setQuery, useLocation } from '../router.js';
import { dayOf, useTimes } from '../time.js';

const CONTROLLER_KINDS: readonly ControllerKind[] = ['COCOM', 'OPCON', 'TACON', 'ADCON'];
const CHAIN_KINDS: readonly { value: RelationshipKind; label: string }[] = [
  { value: 'OPCON', label: 'OPCON' },
  { value: 'COCOM', label: 'COCOM' },
  { value: 'ADCON', label: 'ADCON' },
];

function span(valid: { from: string; to: string | null }): string {
  return `${dayOf(valid.from)} → ${valid.to ? dayOf(valid.to) : 'open'}`;
}

function Details({ unit }: { unit: UnitSlice }) {
  const { personnel, homeStation } = unit;
  return (
    <section className="card unit-details" aria-label="Unit details">
      <div className="unit-title">
        <UnitSymbol sidc={unit.sidc} size={44} title={`${unit.shortName} symbol`} compact={false} />
        <div>
          <h1>{unit.name}</h1>
          <div className="subtitle">
            <span className="short">{unit.shortName}</span>
            <span className="nation-tag" data-nation={unit.nation}>
              {unit.nation}
            </span>
            <span>{unit.service}</span>
            <span>{echelonLabel(unit.echelon)}</span>
          </div>
        </div>
      </div>
      <dl className="facts">
        <dt>Home station</dt>
        <dd>
          {homeStation ? `${homeStation.name} (${homeStation.lat.toFixed(3)}, ${homeStation.lon.toFixed(3)})` : '—'}
        </dd>
        <dt>Personnel</dt>
        <dd>
          {personnel.assigned !== null ? `${formatNumber(personnel.assigned)} assigned` : ''}
          {personnel.assigned !== null && personnel.authorized !== null ? ' · ' : ''}
          {personnel.authorized !== null ? `${formatNumber(personnel.authorized)} authorized` : ''}
          {personnel.assigned === null && personnel.authorized === null ? '—' : ''}
          {personnel.source && <span className="source"> (source: {personnel.source})</span>}
        </dd>
        <dt>Valid</dt>
        <dd>{span(unit.valid)}</dd>
        <dt>Roles</dt>
        <dd>{unit.roles.length ? unit.roles.map((r) => echelonLabel(r)).join(', ') : '—'}</dd>
        <dt>SIDC</dt>
        <dd className="mono">{unit.sidc}</dd>
        <dt>Label</dt>
        <dd>{markingText(unit.label)}</dd>
        {unit.notes && (
          <>
            <dt>Notes</dt>
            <dd>{unit.notes}</dd>
          </>
        )}
        {unit.sources && unit.sources.length > 0 && (
          <>
            <dt>Sources</dt>
            <dd>
              <ul className="sources">
                {unit.sources.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Controllers({ controllers }: { controllers: Partial<Record<ControllerKind, Edge>> }) {
  return (
    <section className="card" aria-label="Controllers">
      <h2>Controlled by</h2>
      <dl className="controllers">
        {CONTROLLER_KINDS.map((kind) => {
          const edge = controllers[kind];
          return (
            <div key={kind} className="controller" data-kind={kind}>
              <dt className={`kind-tag kind-${kind}`}>{kind}</dt>
              <dd>
                {edge ? (
                  <>
                    <UnitLink unit={edge.unit} />
                    <span className="basis" title={edge.relationship.basis}>
                      since {dayOf(edge.relationship.valid.from)}
                      {edge.relationship.transfer ? ` · ${edge.relationship.transfer.toLowerCase()}` : ''}
                    </span>
                  </>
                ) : (
                  <span className="none">none</span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

/** The relationship joining two neighbours of a chain, whichever of them carries it. */
function linkBetween(lower: ChainLink, upper: ChainLink): Relationship | null {
  for (const via of [lower.via, upper.via]) {
    if (via && via.subordinateId === lower.unit.id && via.superiorId === upper.unit.id) return via;
  }
  return null;
}

function HigherHqLine({ higher }: { higher: HigherHq }) {
  const hours = higher.timeDifferenceHours;
  return (
    <p className="higher-hq" data-testid="higher-hq">
      Higher HQ <strong>{higher.unit.shortName}</strong>: {formatNumber(Math.round(higher.distanceKm))} km, bearing{' '}
      {String(Math.round(higher.bearingDeg) % 360).padStart(3, '0')}°
      {hours === null || hours === undefined
        ? ''
        : hours === 0
          ? ', same time zone'
          : `, its clock ${Math.abs(hours)} h ${hours > 0 ? 'behind' : 'ahead'}`}
    </p>
  );
}

function Chain({ unitId, higher }: { unitId: string; higher: HigherHq | null }) {
  const times = useTimes();
  const { query } = useLocation();
  const kindParam = query.get('chain');
  const kind = CHAIN_KINDS.find((k) => k.value === kindParam)?.value ?? 'OPCON';
  const chain = useApi(
    (signal) => api.chain(unitId, kind, times, signal),
    `${unitId}|${kind}|${times.at}|${times.knownAt}`,
  );
  useMarking(chain.data?.marking);
  const links = chain.data?.chain ?? [];
  return (
    <section className="card" aria-label="Chain of command">
      <div className="card-head">
        <h2>Chain of command</h2>
        <Segmented label="Chain kind" options={CHAIN_KINDS} value={kind} onChange={(k) => setQuery({ chain: k })} />
      </div>
      {higher && <HigherHqLine higher={higher} />}
      {chain.error && <p className="problem">{chain.error.message}</p>}
      <ol className="chain" data-testid="chain">
        {links.map((link, i) => {
          const up = links[i + 1];
          const via = up ? linkBetween(link, up) : null;
          return (
            <li key={link.unit.id} className="chain-step" data-unit-id={link.unit.id}>
              {/* Drawn top-down (column-reverse): the link to the superior sits above this unit. */}
              {up && (
                <span className={`chain-arrow kind-${via?.kind ?? 'NONE'}`} title={via?.basis}>
                  {via?.kind ?? ''}
                </span>
              )}
              <UnitLink unit={link.unit} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Relations({ title, edges, empty }: { title: string; edges: Edge[]; empty: string }) {
  return (
    <section className="card" aria-label={title}>
      <h2>
        {title} <span className="count">{edges.length}</span>
      </h2>
      {edges.length === 0 ? (
        <p className="none">{empty}</p>
      ) : (
        <table className="relations">
          <colgroup>
            <col className="col-kind" />
            <col />
            <col className="col-num" />
            <col className="col-since" />
          </colgroup>
          <tbody>
            {edges.map((e) => (
              <tr key={e.relationship.id} data-unit-id={e.unit.id}>
                <td>
                  <span className={`kind-tag kind-${e.relationship.kind}`}>{e.relationship.kind}</span>
                </td>
                <td>
                  <UnitLink unit={e.unit} />
                </td>
                <td className="num">{formatPersonnel(e.unit)}</td>
                <td className="since" title={e.relationship.basis}>
                  {span(e.relationship.valid)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function History({ unitId, at }: { unitId: string; at: string }) {
  const history = useApi((signal) => api.history(unitId, signal), unitId);
  useMarking(history.data?.marking);
  const [all, setAll] = useState(false);
  const events = [...(history.data?.events ?? [])].sort((a, b) => a.validAt.localeCompare(b.validAt));
  const shown = all ? events : events.slice(-12);
  return (
    <section className="card" aria-label="History">
      <div className="card-head">
        <h2>
          History <span className="count">{events.length}</span>
        </h2>
        {events.length > 12 && (
          <button type="button" className="btn" onClick={() => setAll((v) => !v)}>
            {all ? 'Latest 12' : 'All'}
          </button>
        )}
      </div>
      {history.error && <p className="problem">{history.error.message}</p>}
      <ol className="timeline">
        {shown.map((e) => (
          <li
            key={`${e.recordedAt}|${e.validAt}|${e.kind}|${e.summary}`}
            className={e.validAt > at ? 'future' : undefined}
            title={`recorded ${e.recordedAt}`}
          >
            <time dateTime={e.validAt}>{dayOf(e.validAt)}</time>
            <span className="event-kind">{e.kind.replace(/_/g, ' ').toLowerCase()}</span>
            <span className="event-summary">{e.summary}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** One unit on the chosen date: details, controllers, chain of command, subordinates, history. */
export function UnitView({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const times = useTimes();
  const unit = useApi((signal) => api.unit(id, times, signal), `${id}|${times.at}|${times.knownAt}`);
  useMarking(unit.data?.marking);
  const at = times.at ?? new Date().toISOString();
  if (unit.error) {
    return (
      <div className="unit-view">
        <p className="problem" role="alert">
          {unit.error.message}
        </p>
        <AppLink to="/">Back to the force structure</AppLink>
      </div>
    );
  }
  if (!unit.data) return <div className="loading">Loading…</div>;
  const { controllers, superiors, subordinates, higherHq } = unit.data;
  const other = superiors.filter((e) => !(CONTROLLER_KINDS as readonly string[]).includes(e.relationship.kind));
  return (
    <div className="unit-view" data-unit-id={id}>
      <nav className="crumbs" aria-label="Breadcrumb">
        <AppLink to="/">Force structure</AppLink> / <span>{unit.data.unit.shortName}</span>
      </nav>
      <div className="unit-grid">
        <Details unit={unit.data.unit} />
        <Controllers controllers={controllers} />
        <Chain unitId={id} higher={higherHq} />
        <Relations title="Subordinates" edges={subordinates} empty="No subordinate units on this date." />
        {other.length > 0 && <Relations title="Support and coordination" edges={other} empty="" />}
        <History unitId={id} at={at} />
      </div>
    </div>
  );
}
