import type { SecurityLabel } from '../../../src/domain/security/label.js';
import { banner, portionMark } from '../marking.js';

/**
 * The portion mark of a classified record, coloured by its level; nothing for public records. `compact` shortens the
 * nation list of REL TO (the full mark stays in the tooltip) for dense rows such as the ORBAT tree.
 */
export function PortionMark({ label, compact = false }: { label: SecurityLabel; compact?: boolean }) {
  const mark = portionMark(label);
  if (!mark) return null;
  return (
    <span className="portion" style={{ borderColor: banner(label).background }} title={mark}>
      {compact ? mark.replace(/REL TO [^/)]+/, 'REL') : mark}
    </span>
  );
}
