import type { Violation } from '../errors.js';
import type { ForceTimeline } from '../force/timeline.js';
import type { SecurityLabel } from '../security/label.js';
import type { Instant } from '../time/instant.js';
import { contains, type Interval } from '../time/interval.js';

export const COUNTERPART_COLLECTION = 'counterparts';
export const BODY_COLLECTION = 'coordination-bodies';

export const COUNTERPART_LEVELS = ['STRATEGIC', 'OPERATIONAL', 'COMPONENT'] as const;
export type CounterpartLevel = (typeof COUNTERPART_LEVELS)[number];

/** Two commands of different nations that deal with each other directly (USFJ and JJOC; 5 AF and ADC). */
export interface CounterpartLink {
  id: string;
  a: string;
  b: string;
  level: CounterpartLevel;
  valid: Interval;
  label: SecurityLabel;
  basis?: string;
  notes?: string;
}

/** The Alliance Coordination Mechanism's tiers (2015 Guidelines). */
export const BODY_LEVELS = ['POLICY', 'OPERATIONAL', 'COMPONENT'] as const;
export type BodyLevel = (typeof BODY_LEVELS)[number];

/** A standing bilateral body (ACG, BOCC, a CCC) and the commands of both nations that sit in it. */
export interface CoordinationBody {
  id: string;
  name: string;
  shortName: string;
  level: BodyLevel;
  members: string[];
  valid: Interval;
  label: SecurityLabel;
  basis?: string;
  notes?: string;
}

export function counterpartsOf(
  links: Iterable<CounterpartLink>,
  unitId: string,
  at: Instant,
): Array<{ link: CounterpartLink; counterpartId: string }> {
  return [...links]
    .filter((link) => contains(link.valid, at) && (link.a === unitId || link.b === unitId))
    .map((link) => ({ link, counterpartId: link.a === unitId ? link.b : link.a }));
}

/** Bodies active at `at` in which the unit sits. */
export function bodiesOf(bodies: Iterable<CoordinationBody>, unitId: string, at: Instant): CoordinationBody[] {
  return [...bodies].filter((body) => contains(body.valid, at) && body.members.includes(unitId));
}

/**
 * How two commands may deal with each other at `at`: a counterpart link, or a body both sit in. Empty when they have
 * no channel, which is what refuses a coordination request between them.
 */
export function channelsBetween(
  links: Iterable<CounterpartLink>,
  bodies: Iterable<CoordinationBody>,
  a: string,
  b: string,
  at: Instant,
): { links: CounterpartLink[]; bodies: CoordinationBody[] } {
  return {
    links: counterpartsOf(links, a, at)
      .filter((entry) => entry.counterpartId === b)
      .map((entry) => entry.link),
    bodies: bodiesOf(bodies, a, at).filter((body) => body.members.includes(b)),
  };
}

/** A counterpart link joins two existing commands of different nations. */
export function checkCounterpart(link: CounterpartLink, tl: ForceTimeline): Violation[] {
  const out: Violation[] = [];
  for (const side of ['a', 'b'] as const) {
    if (tl.unitSlices(link[side]).length === 0) {
      out.push({ code: 'C2_NOT_FOUND', path: side, message: `counterpart link ${link.id}: no unit '${link[side]}'` });
    }
  }
  if (out.length > 0) return out;
  const [na, nb] = [tl.unitSlices(link.a)[0]!.nation, tl.unitSlices(link.b)[0]!.nation];
  if (na === nb) {
    out.push({
      code: 'C2_BAD_INPUT',
      path: 'b',
      units: [link.a, link.b],
      message: `counterpart link ${link.id}: ${link.a} and ${link.b} are both ${na}; counterparts are commands of two nations`,
    });
  }
  return out;
}

/** A body's members must be commands known to the force, from more than one nation. */
export function checkBody(body: CoordinationBody, tl: ForceTimeline): Violation[] {
  const unknown = body.members.filter((id) => tl.unitSlices(id).length === 0);
  if (unknown.length > 0) {
    return [{ code: 'C2_NOT_FOUND', path: 'members', message: `body ${body.id}: no unit '${unknown.join("', '")}'` }];
  }
  const nations = new Set(body.members.map((id) => tl.unitSlices(id)[0]!.nation));
  return nations.size >= 2
    ? []
    : [
        {
          code: 'C2_BAD_INPUT',
          path: 'members',
          message: `body ${body.id}: a bilateral body has members of both nations`,
        },
      ];
}
