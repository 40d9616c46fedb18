import type { RelationshipKind } from '../../api.js';
import type { Impact } from '../../endpoints/plans.js';
import { formatNumber } from '../../orbat.js';
import { UnitRef } from './UnitRef.js';

function kindList(byKind: Partial<Record<RelationshipKind, string[]>>, names: Record<string, string>) {
  const entries = Object.entries(byKind).filter(([, ids]) => ids && ids.length > 0) as [string, string[]][];
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="kind-list">
      {entries.map(([kind, ids]) => (
        <li key={kind}>
          <span className={`kind-tag kind-${kind}`}>{kind}</span>{' '}
          {ids.map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <UnitRef id={id} names={names} />
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}

function delta(before: number, after: number) {
  const d = after - before;
  if (d === 0) return <span className="delta same">±0</span>;
  return <span className={`delta ${d > 0 ? 'up' : 'down'}`}>{`${d > 0 ? '+' : '−'}${formatNumber(Math.abs(d))}`}</span>;
}

/** What a phase (or the whole plan) changes per command, and what it leaves as it was. */
export function ImpactCard({ impact, title }: { impact: Impact; title: string }) {
  const { names } = impact;
  const personnel = new Map(impact.personnel.map((p) => [p.commandId, p]));
  const commandIds = [...new Set([...impact.commands.map((c) => c.commandId), ...personnel.keys()])];
  const commands = new Map(impact.commands.map((c) => [c.commandId, c]));
  const holding = impact.invariants.filter((i) => i.holds);
  const broken = impact.invariants.filter((i) => !i.holds);
  return (
    <section className="card impact" aria-label={title} data-testid="impact">
      <h2>{title}</h2>
      {commandIds.length === 0 ? (
        <p className="none">No command gains or loses anything.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table impact-table">
            <thead>
              <tr>
                <th scope="col">Command</th>
                <th scope="col">Gains</th>
                <th scope="col">Losses</th>
                <th scope="col" className="num">
                  Span of control
                </th>
                <th scope="col" className="num">
                  Personnel under OPCON
                </th>
              </tr>
            </thead>
            <tbody>
              {commandIds.map((id) => {
                const c = commands.get(id);
                const p = personnel.get(id);
                return (
                  <tr key={id} data-command-id={id}>
                    <th scope="row">
                      <UnitRef id={id} names={names} />
                    </th>
                    <td>{c ? kindList(c.gained, names) : <span className="muted">—</span>}</td>
                    <td>{c ? kindList(c.lost, names) : <span className="muted">—</span>}</td>
                    <td className="num">
                      {c ? (
                        <>
                          {c.span.before} → {c.span.after} {delta(c.span.before, c.span.after)}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="num">
                      {p ? (
                        <>
                          {formatNumber(p.before.personnel)} → {formatNumber(p.after.personnel)}{' '}
                          {delta(p.before.personnel, p.after.personnel)}
                          <div className="muted small">
                            {p.before.units} → {p.after.units} units
                          </div>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {impact.chains.length > 0 && (
        <details className="chains">
          <summary>
            {impact.chains.length} OPCON chain{impact.chains.length === 1 ? '' : 's'} rerouted, longer or shorter
          </summary>
          <ul>
            {impact.chains.map((chain) => (
              <li key={chain.unitId}>
                <UnitRef id={chain.unitId} names={names} /> <span className="muted">{chain.change}:</span>{' '}
                {chain.before.map((id) => names[id] ?? id).join(' → ')} <strong>⇒</strong>{' '}
                {chain.after.map((id) => names[id] ?? id).join(' → ')}
              </li>
            ))}
          </ul>
        </details>
      )}
      {impact.orphaned.length > 0 && (
        <div className="problem">
          Left without a required superior:{' '}
          {impact.orphaned.map((o, i) => (
            <span key={o.unitId}>
              {i > 0 && ', '}
              <UnitRef id={o.unitId} names={names} /> ({o.missing.join(', ')})
            </span>
          ))}
        </div>
      )}
      <h3>What did not change</h3>
      <ul className="invariants">
        {holding.map((i) => (
          <li key={i.name} className="holds">
            <span aria-hidden="true">✓</span> {i.name}
            {i.after.length > 0 && <span className="muted"> ({i.after.map((id) => names[id] ?? id).join(', ')})</span>}
          </li>
        ))}
        {broken.map((i) => (
          <li key={i.name} className="broken">
            <span aria-hidden="true">✗</span> {i.name}: {i.before.map((id) => names[id] ?? id).join(', ') || 'none'} ⇒{' '}
            {i.after.map((id) => names[id] ?? id).join(', ') || 'none'}
          </li>
        ))}
      </ul>
      <p className="muted small">
        Units: {impact.units.added.length} added, {impact.units.removed.length} removed, {impact.units.changed.length}{' '}
        changed.
      </p>
    </section>
  );
}
