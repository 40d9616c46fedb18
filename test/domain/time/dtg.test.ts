import { describe, expect, it } from 'vitest';
import { isC2Error } from '../../../src/domain/errors.js';
import { formatDtg, parseDtg, ZONE_OFFSET_HOURS, zoneLetterForOffset } from '../../../src/domain/time/dtg.js';

const MOMENT = '2026-11-25T14:30:00.000Z';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isC2Error(error) ? `${error.code}: ${error.message}` : String(error);
  }
  return undefined;
}

describe('military zone letters (ACP 121)', () => {
  it('runs A-M east without J, N-Y west, Z at UTC', () => {
    expect(Object.keys(ZONE_OFFSET_HOURS)).not.toContain('J');
    expect(Object.keys(ZONE_OFFSET_HOURS)).toHaveLength(25);
    expect(ZONE_OFFSET_HOURS.I).toBe(9);
    expect(ZONE_OFFSET_HOURS.K).toBe(10);
    expect(ZONE_OFFSET_HOURS.M).toBe(12);
    expect(ZONE_OFFSET_HOURS.R).toBe(-5);
    expect(ZONE_OFFSET_HOURS.W).toBe(-10);
    expect(ZONE_OFFSET_HOURS.Y).toBe(-12);
  });

  it('finds the letter for whole-hour offsets only', () => {
    expect(zoneLetterForOffset(9 * 60)).toBe('I');
    expect(zoneLetterForOffset(-10 * 60)).toBe('W');
    expect(zoneLetterForOffset(0)).toBe('Z');
    expect(zoneLetterForOffset(330)).toBeNull();
    expect(zoneLetterForOffset(13 * 60)).toBeNull();
  });
});

describe('formatDtg', () => {
  it('writes DDHHMMZMONYY in UTC by default', () => {
    expect(formatDtg(MOMENT)).toBe('251430ZNOV26');
  });

  it('writes the same moment in Japan (I) and Hawaii (W) local time', () => {
    expect(formatDtg(MOMENT, 'I')).toBe('252330INOV26');
    expect(formatDtg(MOMENT, 'W')).toBe('250430WNOV26');
  });

  it('rolls the date, month and year over with the zone', () => {
    expect(formatDtg('2026-12-31T20:00:00.000Z', 'I')).toBe('010500IJAN27');
    expect(formatDtg('2027-01-01T03:00:00.000Z', 'W')).toBe('311700WDEC26');
  });

  it('adds seconds and spacing on request', () => {
    expect(formatDtg('2026-11-25T14:30:07.000Z', 'Z', { seconds: true })).toBe('25143007ZNOV26');
    expect(formatDtg(MOMENT, 'Z', { spaced: true })).toBe('251430Z NOV 26');
  });

  it('refuses J and unknown letters', () => {
    expect(codeOf(() => formatDtg(MOMENT, 'J' as never))).toMatch(/^C2_BAD_TIME/);
  });
});

describe('parseDtg', () => {
  it('reads compact, spaced, lowercase and seconds forms', () => {
    expect(parseDtg('251430ZNOV26')).toBe(MOMENT);
    expect(parseDtg('251430Z NOV 26')).toBe(MOMENT);
    expect(parseDtg(' 251430z nov 26 ')).toBe(MOMENT);
    expect(parseDtg('25143007ZNov26')).toBe('2026-11-25T14:30:07.000Z');
  });

  it('converts zone-local groups to UTC', () => {
    expect(parseDtg('252330INOV26')).toBe(MOMENT);
    expect(parseDtg('250430WNOV26')).toBe(MOMENT);
    expect(parseDtg('010500IJAN27')).toBe('2026-12-31T20:00:00.000Z');
  });

  it('round-trips every zone letter', () => {
    for (const letter of Object.keys(ZONE_OFFSET_HOURS)) {
      const text = formatDtg('2025-03-24T01:02:03.000Z', letter as never, { seconds: true });
      expect(parseDtg(text)).toBe('2025-03-24T01:02:03.000Z');
    }
  });

  it('names what is wrong', () => {
    expect(codeOf(() => parseDtg('2514Z NOV 26'))).toMatch(/^C2_BAD_TIME.*not a date-time group/);
    expect(codeOf(() => parseDtg('311430ZNOV26'))).toMatch(/day 31, but NOV 2026 has 30 days/);
    expect(codeOf(() => parseDtg('290000ZFEB27'))).toMatch(/FEB 2027 has 28 days/);
    expect(parseDtg('290000ZFEB28')).toBe('2028-02-29T00:00:00.000Z');
    expect(codeOf(() => parseDtg('252430ZNOV26'))).toMatch(/hour 24/);
    expect(codeOf(() => parseDtg('251460ZNOV26'))).toMatch(/minute 60/);
    expect(codeOf(() => parseDtg('25143061ZNOV26'))).toMatch(/second 61/);
    expect(codeOf(() => parseDtg('251430ZNOX26'))).toMatch(/unknown month 'NOX'/);
    expect(codeOf(() => parseDtg('251430JNOV26'))).toMatch(/zone J/);
  });
});
