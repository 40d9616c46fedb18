import { describe, expect, it } from 'vitest';
import { timeLeft } from '../../web/src/deadline.js';

describe('timeLeft', () => {
  const deadline = '2026-04-08T08:00:00.000Z';
  const at = (iso: string) => timeLeft(deadline, Date.parse(iso));

  it('counts down in days and hours, hours and minutes, or minutes', () => {
    expect(at('2026-04-06T03:30:00.000Z')).toEqual({ text: '2 d 4 h left', overdue: false });
    expect(at('2026-04-08T05:15:00.000Z')).toEqual({ text: '2 h 45 min left', overdue: false });
    expect(at('2026-04-08T07:59:00.000Z')).toEqual({ text: '1 min left', overdue: false });
  });

  it('is overdue from the deadline itself on', () => {
    expect(at(deadline)).toEqual({ text: 'overdue 0 min', overdue: true });
    expect(at('2026-04-09T11:00:00.000Z')).toEqual({ text: 'overdue 1 d 3 h', overdue: true });
  });
});
