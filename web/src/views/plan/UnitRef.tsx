import { AppLink } from '../../components/AppLink.js';
import { unitHref } from '../../components/UnitLink.js';

/** A unit named by id in a plan's results, linked to its page (the plan's name map gives the short name). */
export function UnitRef({ id, names }: { id: string; names: Record<string, string> }) {
  return (
    <AppLink to={unitHref(id)} className="unit-ref" data-unit-id={id} title={id}>
      {names[id] ?? id}
    </AppLink>
  );
}
