import type { UnitSlice } from '../api.js';
import { AppLink } from './AppLink.js';
import { PortionMark } from './PortionMark.js';
import { UnitSymbol } from './UnitSymbol.js';

export const unitHref = (id: string) => `/units/${encodeURIComponent(id)}`;

/** A unit's symbol, short name and name, linking to its page with the chosen times kept. */
export function UnitLink({ unit }: { unit: UnitSlice }) {
  return (
    <AppLink to={unitHref(unit.id)} className="unit-link" title={unit.name}>
      <UnitSymbol sidc={unit.sidc} size={16} title={`${unit.shortName} symbol`} />
      <span className="short">{unit.shortName}</span>
      <PortionMark label={unit.label} />
      <span className="long">{unit.name}</span>
    </AppLink>
  );
}
