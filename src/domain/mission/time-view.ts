import { formatDtg } from '../time/dtg.js';
import type { Instant } from '../time/instant.js';
import { commandZone } from '../time/zones.js';

export interface LocalDtg {
  unitId: string;
  timeZone: string;
  /** Null where the zone's offset then is not a whole hour (no military letter). */
  letter: string | null;
  dtg: string | null;
}

export interface TimeView {
  instant: Instant;
  zulu: string;
  local: LocalDtg[];
}

/** An instant as a Zulu DTG and as each headquarters' local DTG (Japan 'I', Hawaii 'W'), in the order given. */
export function timeView(instant: Instant, places: Array<{ unitId: string; timeZone: string | undefined }>): TimeView {
  return {
    instant,
    zulu: formatDtg(instant, 'Z'),
    local: places.flatMap(({ unitId, timeZone }) => {
      if (!timeZone) return [];
      const { letter } = commandZone(timeZone, instant);
      return [{ unitId, timeZone, letter, dtg: letter ? formatDtg(instant, letter) : null }];
    }),
  };
}
