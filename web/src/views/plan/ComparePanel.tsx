import { useMemo, useState } from 'react';
import type { RelationshipKind } from '../../api.js';
import { changedBranches, chartFromComparison, countMarks } from '../../chartModel.js';
import { OrgChart } from '../../components/OrgChart.js';
import type { ChangeMark, Comparison } from '../../endpoints/plans.js';

const MARKS: readonly { mark: ChangeMark; label: string }[] = [
  { mark: 'added', label: 'added' },
  { mark: 'removed', label: 'removed' },
  { mark: 'moved', label: 'moved' },
  { mark: 'changed', label: 'changed' },
];

/** As-is and to-be org charts side by side, each box marked against the other tree. */
export function ComparePanel({ comparison }: { comparison: Comparison }) {
  const [onlyChanged, setOnlyChanged] = useState(true);
  const asIs = useMemo(() => chartFromComparison(comparison.asIs), [comparison]);
  const toBe = useMemo(() => chartFromComparison(comparison.toBe), [comparison]);
  const shownAsIs = useMemo(() => (onlyChanged ? changedBranches(asIs) : asIs), [asIs, onlyChanged]);
  const shownToBe = useMemo(() => (onlyChanged ? changedBranches(toBe) : toBe), [toBe, onlyChanged]);
  const counts = useMemo(() => countMarks(toBe, countMarks(asIs)), [asIs, toBe]);
  const kinds = comparison.kinds as RelationshipKind[];
  return (
    <section className="compare" aria-label="As-is and to-be">
      <div className="compare-toolbar">
        <ul className="mark-legend" aria-label="Change marks" data-testid="mark-counts">
          {MARKS.map(({ mark, label }) => (
            <li key={mark} className={`mark-key mark-${mark}`} data-mark={mark}>
              <span className="swatch" aria-hidden="true" />
              {counts.get(mark)?.size ?? 0} {label}
            </li>
          ))}
        </ul>
        <label className="check">
          <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.currentTarget.checked)} />
          Changed branches only
        </label>
      </div>
      {onlyChanged && shownAsIs.length === 0 && shownToBe.length === 0 ? (
        <p className="none" data-testid="no-chart-change">
          No unit is added, removed, moved or changed in the {kinds.join('/')} trees at this date.
        </p>
      ) : (
        <div className="compare-charts">
          <OrgChart nodes={shownAsIs} kinds={kinds} title="As-is" testId="chart-as-is" />
          <OrgChart nodes={shownToBe} kinds={kinds} title="To-be" testId="chart-to-be" />
        </div>
      )}
    </section>
  );
}
