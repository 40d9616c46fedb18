import { attr, type CotEvent, findElement } from '../domain/cop/track.js';
import type { SecurityLabel } from '../domain/security/label.js';
import { parseMarking } from '../domain/security/marking.js';
import type { Policy } from '../domain/security/policy.js';

/**
 * How an event on the picture gets its label. CoT has no marking of its own, so, most specific first:
 *  1. `<detail><__c2 marking="SECRET//REL TO USA, JPN"/></detail>`: an explicit marking in our own detail element;
 *  2. remarks that open with a portion mark, e.g. `<remarks>(S//NF) two vessels…</remarks>`;
 *  3. the source's default: the label mapped from the TAK client certificate's group, or the feed's configured label.
 * The result is then bounded by who sent it: the service refuses a label its sender could not read itself.
 */
export const MARKING_ELEMENT = '__c2';

const PORTION_PREFIX = /^\s*(\([^()]{1,120}\))/;

/** The marking text an event carries in its detail, if any, and where it was found. */
export function markingInDetail(event: CotEvent): { text: string; where: 'detail' | 'remarks' } | undefined {
  const element = findElement(event.detail, MARKING_ELEMENT);
  const text = element && attr(element, 'marking');
  if (text !== undefined) return { text, where: 'detail' };
  const portion = event.remarks === undefined ? undefined : PORTION_PREFIX.exec(event.remarks)?.[1];
  return portion === undefined ? undefined : { text: portion, where: 'remarks' };
}

/** The label an event gets from its own marking or else `fallback`; a malformed marking is C2_BAD_MARKING. */
export function labelOfEvent(event: CotEvent, fallback: SecurityLabel, policy: Policy): SecurityLabel {
  const marking = markingInDetail(event);
  return marking ? parseMarking(marking.text, policy) : fallback;
}

/** A stable key for a label: equal labels (canonical form) give equal keys, so access decisions can be cached. */
export function labelKey(label: SecurityLabel): string {
  return `${label.classification}|${label.releasableTo?.join(',') ?? '-'}|${label.caveats.join(',')}`;
}
