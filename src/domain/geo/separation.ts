import type { Station } from '../force/unit.js';
import type { Instant } from '../time/instant.js';
import { zoneDifferenceHours } from '../time/zones.js';
import { bearingDeg, distanceKm } from './distance.js';

export interface Separation {
  distanceKm: number;
  bearingDeg: number;
  /** Hours `a` is ahead of `b` at that instant (negative when behind); null when a zone is unknown. */
  timeDifferenceHours: number | null;
}

/** How far apart two headquarters are, in space and in clock time: what a staff weighs when one reports to the other. */
export function separation(a: Station, b: Station, at: Instant): Separation {
  return {
    distanceKm: distanceKm(a, b),
    bearingDeg: bearingDeg(a, b),
    timeDifferenceHours: a.timeZone && b.timeZone ? zoneDifferenceHours(a.timeZone, b.timeZone, at) : null,
  };
}
