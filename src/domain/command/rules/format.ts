import { ERROR_CODES, type ErrorCode, type Violation } from '../../errors.js';
import type { ForceTimeline } from '../../force/timeline.js';
import type { Instant } from '../../time/instant.js';
import type { Interval } from '../../time/interval.js';

function instantText(at: Instant): string {
  return at.endsWith('T00:00:00.000Z') ? at.slice(0, 10) : at;
}

/** '2025-03-24..2025-10-01', '2025-03-24..' when open-ended; times only where they are not midnight UTC. */
export function spanText(span: Interval): string {
  return `${instantText(span.from)}..${span.to === null ? '' : instantText(span.to)}`;
}

/** 'Name (id)', the name as it was at `at` (or the first known name; a unit unknown to the timeline says so). */
export function unitText(tl: ForceTimeline, id: string, at: Instant): string {
  const name = tl.unitAt(id, at)?.name ?? tl.unitSlices(id)[0]?.name;
  return name === undefined ? `unknown unit (${id})` : `${name} (${id})`;
}

/** A violation whose message starts with the rule's title, as the CLI and web page print it. */
export function violation(
  code: ErrorCode,
  detail: string,
  units: string[],
  relationshipIds: string[],
  severity: 'error' | 'warning' = 'error',
): Violation {
  const v: Violation = { code, message: `${ERROR_CODES[code].title}: ${detail}`, units, relationshipIds };
  if (severity === 'warning') v.severity = 'warning';
  return v;
}
