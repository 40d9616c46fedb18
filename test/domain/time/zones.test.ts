import { describe, expect, it } from 'vitest';
import { isC2Error } from '../../../src/domain/errors.js';
import { HOUR_MS } from '../../../src/domain/time/instant.js';
import {
  commandZone,
  localTime,
  localToUtc,
  utcOffsetMinutes,
  workingHoursOverlap,
  zoneDifferenceHours,
} from '../../../src/domain/time/zones.js';

const TOKYO = 'Asia/Tokyo';
const HONOLULU = 'Pacific/Honolulu';
const NEW_YORK = 'America/New_York';
const hours = (span: { from: string; to: string | null }) => (Date.parse(span.to!) - Date.parse(span.from)) / HOUR_MS;

describe('offsets and local time from the tz database', () => {
  it('gives Japan +9 (letter I) and Hawaii -10 (letter W), neither with daylight saving', () => {
    for (const at of ['2026-01-15T00:00:00.000Z', '2026-07-15T00:00:00.000Z']) {
      expect(commandZone(TOKYO, at)).toEqual({ iana: TOKYO, letter: 'I', offsetMinutes: 540 });
      expect(commandZone(HONOLULU, at)).toEqual({ iana: HONOLULU, letter: 'W', offsetMinutes: -600 });
    }
  });

  it('follows daylight saving where a zone has it', () => {
    expect(utcOffsetMinutes('2026-03-08T06:59:00.000Z', NEW_YORK)).toBe(-300);
    expect(utcOffsetMinutes('2026-03-08T07:00:00.000Z', NEW_YORK)).toBe(-240);
    expect(commandZone(NEW_YORK, '2026-07-01T00:00:00.000Z').letter).toBe('Q');
    expect(commandZone('Asia/Kolkata', '2026-07-01T00:00:00.000Z').letter).toBeNull();
  });

  it('shows the local date, time and weekday', () => {
    expect(localTime('2026-11-25T14:30:00.000Z', TOKYO)).toEqual({
      date: '2026-11-25',
      time: '23:30:00',
      weekday: 3,
      offsetMinutes: 540,
    });
    expect(localTime('2026-11-25T05:00:00.000Z', HONOLULU)).toMatchObject({ date: '2026-11-24', time: '19:00:00' });
  });

  it('converts a local wall time back to UTC, across a daylight-saving change', () => {
    expect(localToUtc('2026-11-25', '08:00', TOKYO)).toBe('2026-11-24T23:00:00.000Z');
    expect(localToUtc('2026-11-25', '08:00', HONOLULU)).toBe('2026-11-25T18:00:00.000Z');
    expect(localToUtc('2026-03-07', '09:00', NEW_YORK)).toBe('2026-03-07T14:00:00.000Z');
    expect(localToUtc('2026-03-09', '09:00', NEW_YORK)).toBe('2026-03-09T13:00:00.000Z');
  });

  it('puts Yokota 19 hours ahead of Camp H. M. Smith', () => {
    expect(zoneDifferenceHours(TOKYO, HONOLULU, '2026-11-25T00:00:00.000Z')).toBe(19);
    expect(zoneDifferenceHours(HONOLULU, TOKYO, '2026-11-25T00:00:00.000Z')).toBe(-19);
    expect(zoneDifferenceHours(TOKYO, NEW_YORK, '2026-07-01T00:00:00.000Z')).toBe(13);
    expect(zoneDifferenceHours(TOKYO, NEW_YORK, '2026-12-01T00:00:00.000Z')).toBe(14);
  });

  it('refuses an unknown zone name', () => {
    try {
      utcOffsetMinutes('2026-01-01T00:00:00.000Z', 'Asia/Atlantis');
      expect.unreachable();
    } catch (error) {
      expect(isC2Error(error) && error.code).toBe('C2_BAD_TIME');
    }
  });
});

describe('working-hours overlap between Yokota (Asia/Tokyo) and Camp H. M. Smith (Pacific/Honolulu)', () => {
  // Week of Monday 23 November 2026 in Japan.
  const week = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];

  it('finds no overlap on a Japanese Monday: Hawaii is still in Sunday', () => {
    expect(workingHoursOverlap(TOKYO, HONOLULU, '2026-11-23')).toEqual([]);
  });

  it('finds 08:00-12:00 Japan time (13:00-17:00 Hawaii the day before) Tuesday to Friday', () => {
    expect(workingHoursOverlap(TOKYO, HONOLULU, '2026-11-24')).toEqual([
      { from: '2026-11-23T23:00:00.000Z', to: '2026-11-24T03:00:00.000Z' },
    ]);
    const friday = workingHoursOverlap(TOKYO, HONOLULU, '2026-11-27');
    expect(friday).toHaveLength(1);
    expect(localTime(friday[0]!.from, TOKYO)).toMatchObject({ date: '2026-11-27', time: '08:00:00', weekday: 5 });
    expect(localTime(friday[0]!.from, HONOLULU)).toMatchObject({ date: '2026-11-26', time: '13:00:00', weekday: 4 });
  });

  it('adds up to 16 shared hours in a Japanese working week, none at weekends', () => {
    const perDay = week.map((date) => workingHoursOverlap(TOKYO, HONOLULU, date).reduce((sum, s) => sum + hours(s), 0));
    expect(perDay).toEqual([0, 4, 4, 4, 4, 0, 0]);
  });

  it('is symmetric in UTC: Hawaii Monday afternoon meets Japan Tuesday morning, Hawaii Friday meets nobody', () => {
    expect(workingHoursOverlap(HONOLULU, TOKYO, '2026-11-23')).toEqual(
      workingHoursOverlap(TOKYO, HONOLULU, '2026-11-24'),
    );
    expect(workingHoursOverlap(HONOLULU, TOKYO, '2026-11-27')).toEqual([]);
  });

  it('honours each side’s own hours, e.g. a Hawaii watch from 06:00', () => {
    const early = workingHoursOverlap(TOKYO, HONOLULU, '2026-11-24', { b: { start: '06:00', end: '20:00' } });
    expect(early).toEqual([{ from: '2026-11-23T23:00:00.000Z', to: '2026-11-24T06:00:00.000Z' }]);
  });

  it('rejects bad dates and hours', () => {
    expect(() => workingHoursOverlap(TOKYO, HONOLULU, '2026-02-30')).toThrow(/calendar date/);
    expect(() => workingHoursOverlap(TOKYO, HONOLULU, '2026-11-24', { a: { start: '17:00', end: '08:00' } })).toThrow(
      /end before they start/,
    );
    expect(() => workingHoursOverlap(TOKYO, HONOLULU, '2026-11-24', { a: { start: '8am', end: '17:00' } })).toThrow(
      /not a time/,
    );
  });
});
