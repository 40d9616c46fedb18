import { useMemo } from 'react';
import { api, type RelationshipKind, useApi } from '../api.js';
import { AppLink } from '../components/AppLink.js';
import { unitHref } from '../components/UnitLink.js';
import { type CommandGroup, groupDiff, parentsOf } from '../diffGroups.js';
import { diffApi } from '../endpoints/diff.js';
import { useMarking } from '../marking.js';
import { setQuery, useLocation } from '../router.js';
import { dayOf, dtg, isIsoTime, todayUtc, useTimes } from '../time.js';

const TREE_KINDS: readonly RelationshipKind[] = ['COCOM', 'OPCON', 'TACON', 'ADCON'];

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function Group({ group, name }: { group: CommandGroup; name: (id: string) => string }) {
  const ref = (id: string) => (
    <AppLink key={id} to={unitHref(id)} className="unit-ref" data-unit-id={id}>
      {name(id)}
    </AppLink>
  );
  const total =
    group.gained.length +
    group.lost.length +
    group.unitsAdded.length +
    group.unitsRemoved.length +
    group.unitsChanged.length +
    group.relationshipsChanged.length;
  return (
    <section className="card diff-group" aria-label={group.commandId ? name(group.commandId) : 'Outside any command'}>
      <div className="card-head">
        <h2>{group.commandId ? ref(group.commandId) : 'Outside any command'}</h2>
        <span className="count">
          {total} change{total === 1 ? '' : 's'}
        </span>
      </div>
      <ul className="diff-lines">
        {group.gained.map((g) => (
          <li key={`g${g.kind}${g.unitId}`} className="diff-added" data-change="gained">
            <span className="sign">+</span> gains <span className={`kind-tag kind-${g.kind}`}>{g.kind}</span> of{' '}
            {ref(g.unitId)}
          </li>
        ))}
        {group.lost.map((l) => (
          <li key={`l${l.kind}${l.unitId}`} className="diff-removed" data-change="lost">
            <span className="sign">−</span> loses <span className={`kind-tag kind-${l.kind}`}>{l.kind}</span> of{' '}
            {ref(l.unitId)}
          </li>
        ))}
        {group.unitsAdded.map((u) => (
          <li key={`ua${u.id}`} className="diff-added" data-change="unit-added">
            <span className="sign">+</span> unit {ref(u.id)} activated <span className="muted">({u.name})</span>
          </li>
        ))}
        {group.unitsRemoved.map((u) => (
          <li key={`ur${u.id}`} className="diff-removed" data-change="unit-removed">
            <span className="sign">−</span> unit {ref(u.id)} deactivated <span className="muted">({u.name})</span>
          </li>
        ))}
        {group.unitsChanged.map((c) => (
          <li key={`uc${c.id}`} className="diff-changed" data-change="unit-changed">
            <span className="sign">~</span> {ref(c.id)}:{' '}
            {c.fields.map((f) => (
              <span key={f.field} className="field-change">
                {f.field} <span className="before">{show(f.before)}</span> →{' '}
                <span className="after">{show(f.after)}</span>
              </span>
            ))}
          </li>
        ))}
        {group.relationshipsChanged.map((c) => (
          <li key={`rc${c.after.id}`} className="diff-changed" data-change="relationship-changed">
            <span className="sign">~</span> <span className={`kind-tag kind-${c.after.kind}`}>{c.after.kind}</span> over{' '}
            {ref(c.after.subordinateId)}:{' '}
            {c.fields.map((f) => (
              <span key={f.field} className="field-change">
                {f.field} <span className="before">{show(f.before)}</span> →{' '}
                <span className="after">{show(f.after)}</span>
              </span>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What changed in the structure between two dates, grouped per command. Default: the slider's date against today. */
export function DiffView() {
  const times = useTimes();
  const { query } = useLocation();
  const read = (key: string) => {
    const v = query.get(key);
    return v && isIsoTime(v) ? dayOf(v) : null;
  };
  const from = read('from') ?? dayOf(times.at ?? todayUtc());
  const to = read('to') ?? todayUtc();
  const key = `${from}|${to}|${times.knownAt}`;
  const diff = useApi((signal) => diffApi.diff(from, to, times.knownAt, signal), key);
  const before = useApi(
    (signal) => api.tree(TREE_KINDS, { at: from, knownAt: times.knownAt }, undefined, signal),
    `before|${key}`,
  );
  const after = useApi(
    (signal) => api.tree(TREE_KINDS, { at: to, knownAt: times.knownAt }, undefined, signal),
    `after|${key}`,
  );
  useMarking(diff.data?.marking);
  useMarking(before.data?.marking);
  useMarking(after.data?.marking);

  const names = useMemo(() => {
    const out = new Map<string, string>();
    const walk = (nodes: { unit: { id: string; shortName: string }; children: unknown[] }[]) => {
      for (const n of nodes) {
        out.set(n.unit.id, n.unit.shortName);
        walk(n.children as typeof nodes);
      }
    };
    walk(before.data?.roots ?? []);
    walk(after.data?.roots ?? []);
    for (const u of [...(diff.data?.diff.unitsAdded ?? []), ...(diff.data?.diff.unitsRemoved ?? [])]) {
      out.set(u.id, u.shortName);
    }
    return out;
  }, [before.data, after.data, diff.data]);
  const groups = useMemo(() => {
    if (!diff.data || !before.data || !after.data) return null;
    const list = groupDiff(diff.data.diff, parentsOf(before.data.roots), parentsOf(after.data.roots));
    return list.sort((a, b) =>
      a.commandId === null
        ? 1
        : b.commandId === null
          ? -1
          : (names.get(a.commandId) ?? a.commandId).localeCompare(names.get(b.commandId) ?? b.commandId),
    );
  }, [diff.data, before.data, after.data, names]);
  const d = diff.data?.diff;
  return (
    <div className="page diff-page">
      <div className="page-head">
        <h1>Changes in the structure</h1>
        <label className="field inline">
          <span>From</span>
          <input
            type="date"
            value={from}
            aria-label="From date"
            onChange={(e) => setQuery({ from: e.currentTarget.value })}
          />
          <span className="mono muted">{dtg(from)}</span>
        </label>
        <label className="field inline">
          <span>To</span>
          <input
            type="date"
            value={to}
            aria-label="To date"
            onChange={(e) => setQuery({ to: e.currentTarget.value })}
          />
          <span className="mono muted">{dtg(to)}</span>
        </label>
        <button type="button" className="btn" onClick={() => setQuery({ from: to, to: from })}>
          Swap
        </button>
      </div>
      {d && (
        <p className="diff-summary" data-testid="diff-summary">
          <span className="diff-added">{d.unitsAdded.length} units activated</span> ·{' '}
          <span className="diff-removed">{d.unitsRemoved.length} deactivated</span> ·{' '}
          <span className="diff-changed">{d.unitsChanged.length} changed</span> ·{' '}
          <span className="diff-added">{d.relationshipsAdded.length} relationships begun</span> ·{' '}
          <span className="diff-removed">{d.relationshipsRemoved.length} ended</span> ·{' '}
          <span className="diff-changed">{d.relationshipsChanged.length} changed</span>
        </p>
      )}
      {(diff.error ?? before.error ?? after.error) && (
        <div className="problem">{(diff.error ?? before.error ?? after.error)?.message}</div>
      )}
      {groups && groups.length === 0 && <p className="none">Nothing changed between these dates.</p>}
      {groups && (
        <div className="diff-grid" data-testid="diff-groups">
          {groups.map((g) => (
            <Group key={g.commandId ?? 'none'} group={g} name={(id) => names.get(id) ?? id} />
          ))}
        </div>
      )}
    </div>
  );
}
