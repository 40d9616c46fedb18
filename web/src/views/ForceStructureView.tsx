import { useMemo, useState } from 'react';
import { api, useApi } from '../api.js';
import { chartFromTree } from '../chartModel.js';
import { ToggleChips, Segmented } from '../components/Chips.js';
import { OrbatTree } from '../components/OrbatTree.js';
import { OrgChart } from '../components/OrgChart.js';
import { useMarking } from '../marking.js';
import { FILTER_KINDS, allKeys, countUnits, keyTree, keysToDepth, parseKinds, prune, searchTree } from '../orbat.js';
import { setQuery, useLocation } from '../router.js';
import { useTimes } from '../time.js';

type NationChoice = 'ALL' | 'USA' | 'JPN';
const NATIONS: readonly { value: NationChoice; label: string }[] = [
  { value: 'ALL', label: 'Both' },
  { value: 'USA', label: 'USA' },
  { value: 'JPN', label: 'JPN' },
];

/** The force structure on the chosen date: a searchable ORBAT tree beside an org chart of what is expanded. */
export function ForceStructureView() {
  const times = useTimes();
  const { query } = useLocation();
  const kinds = parseKinds(query.get('kinds'));
  const nationParam = query.get('nation');
  const nation: NationChoice = nationParam === 'USA' || nationParam === 'JPN' ? nationParam : 'ALL';
  const q = query.get('q') ?? '';
  const tree = useApi(
    (signal) => api.tree(kinds, times, nation === 'ALL' ? undefined : nation, signal),
    `${kinds.join(',')}|${nation}|${times.at}|${times.knownAt}`,
  );
  useMarking(tree.data?.marking);

  const keyed = useMemo(() => keyTree(tree.data?.roots ?? []), [tree.data]);
  const shown = useMemo(() => searchTree(keyed, q), [keyed, q]);
  // Units with no relationship of the chosen kinds are listed apart, so the tree and chart show only real chains.
  const chains = useMemo(() => shown.filter((n) => n.children.length > 0), [shown]);
  const loose = useMemo(() => shown.filter((n) => n.children.length === 0), [shown]);
  // Expansion is remembered per node key across time changes; new nodes start open down to the third level.
  const [toggled, setToggled] = useState<Map<string, boolean>>(new Map());
  const expanded = useMemo(() => {
    const base = q.trim() ? allKeys(chains) : keysToDepth(chains, 2);
    for (const [key, open] of toggled) {
      if (open) base.add(key);
      else base.delete(key);
    }
    return base;
  }, [chains, q, toggled]);
  const onToggle = (key: string, open: boolean) => setToggled((m) => new Map(m).set(key, open));
  const chartNodes = useMemo(() => chartFromTree(prune(chains, expanded)), [chains, expanded]);
  const counts = countUnits(keyed);

  return (
    <div className="force-view">
      <section className="tree-panel" aria-label="Order of battle">
        <div className="panel-toolbar tree-toolbar">
          <h2>Order of battle</h2>
          <span className="counts" aria-live="polite" data-testid="unit-counts">
            {[...counts].map(([n, c]) => `${n} ${c}`).join(' · ') || '—'}
          </span>
        </div>
        <div className="filters">
          <input
            type="search"
            className="search"
            placeholder="Search units, stations…"
            aria-label="Search units"
            value={q}
            onChange={(e) => setQuery({ q: e.currentTarget.value })}
          />
          <ToggleChips
            label="Relationship kinds"
            options={FILTER_KINDS}
            selected={kinds}
            onChange={(next) => {
              // At least one kind stays selected: an empty filter would mean the server's default, not "none".
              if (next.length) setQuery({ kinds: FILTER_KINDS.filter((k) => next.includes(k)).join(',') });
            }}
          />
          <Segmented
            label="Nation"
            options={NATIONS}
            value={nation}
            onChange={(next) => setQuery({ nation: next === 'ALL' ? null : next })}
          />
        </div>
        <div className="tree-scroll">
          {tree.error ? (
            <div className="problem" role="alert">
              {tree.error.message}
            </div>
          ) : tree.data ? (
            <>
              <OrbatTree nodes={chains} expanded={expanded} onToggle={onToggle} label="Chains of command" />
              {loose.length > 0 && (
                <details className="loose" open={Boolean(q.trim()) || chains.length === 0}>
                  <summary>
                    Outside these relationships <span className="count">{loose.length}</span>
                  </summary>
                  <OrbatTree
                    nodes={loose}
                    expanded={expanded}
                    onToggle={onToggle}
                    label="Units outside these relationships"
                  />
                </details>
              )}
            </>
          ) : (
            <div className="loading">Loading…</div>
          )}
        </div>
      </section>
      <OrgChart nodes={chartNodes} kinds={kinds} />
    </div>
  );
}
