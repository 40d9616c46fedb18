import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mission, Participation } from '../../../src/domain/mission/mission.js';
import { missionsOfCommand, responsibilityMatrix, responsibleFor } from '../../../src/domain/mission/responsibility.js';
import { ArrayTimeline, mission, square, unit } from './fixture.js';

const force = new ArrayTimeline(
  [
    unit('usfj', 'USA', 'USA:JOINT'),
    unit('5af', 'USA', 'USA:USAF'),
    unit('jjoc', 'JPN', 'JPN:JOINT', [], '2025-03-24'),
    unit('old', 'JPN', 'JPN:JOINT', [], '2025-01-01', '2025-03-24'),
  ],
  [],
);

describe('responsibility queries', () => {
  const nansei = mission('nansei', 'jjoc', {
    area: square(123, 24, 7),
    supporting: [{ unitId: 'usfj', category: 'COORDINATE' }],
    from: '2025-03-24',
  });
  const air = mission('air', '5af', {
    area: square(128, 30, 10),
    supporting: [{ unitId: 'usfj', category: 'GENERAL' }],
  });

  it('missions of a command at a date, with its role', () => {
    const roles = (at: string) =>
      missionsOfCommand([nansei, air], force, 'usfj', `${at}T00:00:00.000Z`).map((e) => [e.mission.id, e.role]);
    expect(roles('2025-02-01')).toEqual([['air', 'SUPPORT']]);
    expect(roles('2025-04-01')).toEqual([
      ['air', 'SUPPORT'],
      ['nansei', 'COORDINATE'],
    ]);
  });

  it('commands responsible for a point (Naha) and for an area, at a date', () => {
    const naha = { point: { lat: 26.2, lon: 127.7 } };
    const at = '2025-04-01T00:00:00.000Z';
    expect(responsibleFor([nansei, air], force, naha, at).map((r) => `${r.missionId}:${r.unitId}:${r.role}`)).toEqual([
      'nansei:jjoc:LEAD',
      'nansei:usfj:COORDINATE',
    ]);
    const overKyushu = { area: square(129, 31, 2) };
    expect(responsibleFor([nansei, air], force, overKyushu, at).map((r) => r.missionId)).toEqual([
      'air',
      'air',
      'nansei',
      'nansei',
    ]);
    // Before JJOC existed its mission was not active and no one held it.
    expect(responsibleFor([nansei, air], force, naha, '2025-02-01T00:00:00.000Z')).toEqual([]);
  });

  it('the matrix leaves out commands not in existence on the date', () => {
    const m = mission('m', 'old', { supporting: [{ unitId: 'usfj', category: 'COORDINATE' }] });
    expect(responsibilityMatrix([m], force, '2025-02-01T00:00:00.000Z').cells).toEqual({
      m: { old: 'LEAD', usfj: 'COORDINATE' },
    });
    const after = responsibilityMatrix([m], force, '2025-04-01T00:00:00.000Z');
    expect(after.cells).toEqual({ m: { usfj: 'COORDINATE' } });
    expect(after.unitIds).toEqual(['usfj']);
  });

  it('property: the matrix for any date is what the missions and units valid that date say', () => {
    const units = ['a', 'b', 'c', 'd', 'e'];
    const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString();
    const span = fc
      .tuple(fc.integer({ min: 0, max: 60 }), fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }))
      .map(([from, length]) => ({ from: day(from), to: length === null ? null : day(from + length) }));
    const participation = fc.constantFrom<Participation>('GENERAL', 'MUTUAL', 'DIRECT', 'CLOSE', 'COORDINATE');
    const missionArb = fc.record({
      lead: fc.option(fc.constantFrom(...units), { nil: null }),
      supporting: fc.array(fc.record({ unitId: fc.constantFrom(...units), category: participation }), { maxLength: 4 }),
      valid: span,
    });
    fc.assert(
      fc.property(
        fc.array(span, { minLength: units.length, maxLength: units.length }),
        fc.array(missionArb, { maxLength: 6 }),
        fc.integer({ min: 0, max: 130 }),
        (unitSpans, drafts, dayIndex) => {
          const tl = new ArrayTimeline(
            units.map((id, i) => ({ ...unit(id, 'USA', 'USA:JOINT'), valid: unitSpans[i]! })),
            [],
          );
          const missions: Mission[] = drafts.map((draft, i) => ({ ...mission(`m${i}`, draft.lead), ...draft }));
          const at = day(dayIndex);
          const holds = (valid: { from: string; to: string | null }) =>
            valid.from <= at && (valid.to === null || at < valid.to);
          // By hand: for each unit alive that day, its strongest part in each mission valid that day.
          const expected: Record<string, Record<string, string>> = {};
          for (const m of missions) {
            if (!holds(m.valid)) continue;
            expected[m.id] = {};
            units.forEach((id, i) => {
              if (!holds(unitSpans[i]!)) return;
              const parts = m.supporting.filter((s) => s.unitId === id).map((s) => s.category);
              const role =
                m.lead === id
                  ? 'LEAD'
                  : parts.some((p) => p !== 'COORDINATE')
                    ? 'SUPPORT'
                    : parts.length > 0
                      ? 'COORDINATE'
                      : null;
              if (role) expected[m.id]![id] = role;
            });
          }
          const matrix = responsibilityMatrix(missions, tl, at);
          expect(matrix.cells).toEqual(expected);
          expect(matrix.missionIds).toEqual(Object.keys(expected).sort());
          expect(matrix.unitIds).toEqual([...new Set(Object.values(expected).flatMap(Object.keys))].sort());
        },
      ),
      { numRuns: 300 },
    );
  });
});
