import type { SecurityLabel } from '../../../src/domain/security/label.js';
import { banner, portionMark } from '../marking.js';

/** The portion mark of a classified record, coloured by its level; nothing for public records. */
export function PortionMark({ label }: { label: SecurityLabel }) {
  const mark = portionMark(label);
  if (!mark) return null;
  return (
    <span className="portion" style={{ borderColor: banner(label).background }} title={mark}>
      {mark}
    </span>
  );
}
