import { describe, expect, it } from 'vitest';
import {
  changeRelationship,
  createUnit,
  deactivateUnit,
  endRelationship,
  movePersonnel,
  setRoles,
  startRelationship,
  updateUnit,
} from '../../../src/domain/force/operations.js';
import { alliance, d, rel, structureOf, unit } from './fixture.js';

const tl = () => structureOf(alliance()).timeline();
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  return undefined;
};

describe('createUnit', () => {
  it('inserts one validated slice and refuses a taken id or a bad slice', () => {
    const slice = unit('3mef', 'USA:MARINE_CORPS', 'CORPS', { name: 'III Marine Expeditionary Force' });
    expect(createUnit(tl(), slice)).toEqual({
      retireUnitSlices: [],
      retireRelationships: [],
      insertUnitSlices: [slice],
      insertRelationships: [],
    });
    expect(codeOf(() => createUnit(tl(), unit('5af', 'USA:AIR_FORCE', 'CORPS')))).toMatchObject({
      code: 'C2_DUPLICATE_ID',
    });
    expect(codeOf(() => createUnit(tl(), { ...slice, service: 'JPN:GSDF' }))).toMatchObject({
      code: 'C2_BAD_INPUT',
      message: expect.stringMatching(/unit 3mef: service 'JPN:GSDF' does not belong to nation 'USA'/),
    });
  });
});

describe('updateUnit', () => {
  it('splits the slice at the date and patches it and later slices until the field next changes', () => {
    const change = updateUnit(tl(), '44fs', d('2023-01-01'), {
      name: '44 FS (corrected)',
      personnel: { authorized: 30, assigned: 25 },
    });
    expect(change.retireUnitSlices).toEqual([
      { id: '44fs', validFrom: d('2020-01-01') },
      { id: '44fs', validFrom: d('2024-06-01') },
    ]);
    const [before, patched, later] = change.insertUnitSlices;
    expect(before).toMatchObject({ name: '44th Fighter Sqn', valid: { from: d('2020-01-01'), to: d('2023-01-01') } });
    expect(patched).toMatchObject({ name: '44 FS (corrected)', valid: { from: d('2023-01-01'), to: d('2024-06-01') } });
    // The 2024 rename is kept; the personnel figure (unchanged in 2024) carries forward.
    expect(later).toMatchObject({ name: '44th Fighter Squadron', personnel: { authorized: 30, assigned: 25 } });
  });

  it('re-slices nothing at a slice boundary, and sets the SIDC echelon with the echelon', () => {
    const change = updateUnit(tl(), '18wg', d('2020-01-01'), { echelon: 'DIVISION' });
    expect(change.insertUnitSlices).toHaveLength(1);
    expect(change.insertUnitSlices[0]!.sidc.slice(8, 10)).toBe('21');
    expect(updateUnit(tl(), '18wg', d('2021-01-01'), { name: '18th Wing' })).toMatchObject({ insertUnitSlices: [] });
  });

  it('names the bad field, unit and date', () => {
    expect(codeOf(() => updateUnit(tl(), '18wg', d('2021-01-01'), { id: 'x' } as never))).toMatchObject({
      code: 'C2_BAD_INPUT',
      message: "unit 18wg: field 'id' cannot be changed this way",
    });
    expect(codeOf(() => updateUnit(tl(), 'jjoc', d('2021-01-01'), { name: 'x' }))).toMatchObject({
      code: 'C2_NOT_FOUND',
      message: `unit jjoc is not in existence on ${d('2021-01-01')}`,
    });
    expect(
      codeOf(() => updateUnit(tl(), '18wg', d('2021-01-01'), { homeStation: { name: 'x', lat: 95, lon: 0 } })),
    ).toMatchObject({
      code: 'C2_BAD_POSITION',
    });
    expect(codeOf(() => updateUnit(tl(), '18wg', 'yesterday', { name: 'x' }))).toMatchObject({ code: 'C2_BAD_TIME' });
  });

  it('setRoles is a roles patch', () => {
    const change = setRoles(tl(), 'usfj', d('2025-07-01'), ['SUBORDINATE_UNIFIED_COMMAND', 'JOINT_FORCE_HQ']);
    expect(change.insertUnitSlices.map((s) => s.roles)).toEqual([
      ['SUBORDINATE_UNIFIED_COMMAND'],
      ['SUBORDINATE_UNIFIED_COMMAND', 'JOINT_FORCE_HQ'],
    ]);
    expect(codeOf(() => setRoles(tl(), 'usfj', d('2025-07-01'), ['KING' as never]))).toMatchObject({
      code: 'C2_BAD_INPUT',
    });
  });
});

describe('deactivateUnit', () => {
  it('ends the unit and every edge touching it, cancelling those not yet begun', () => {
    const change = deactivateUnit(tl(), '35fw', d('2025-02-01'));
    expect(change.retireUnitSlices).toEqual([{ id: '35fw', validFrom: d('2020-01-01') }]);
    expect(change.insertUnitSlices[0]!.valid).toEqual({ from: d('2020-01-01'), to: d('2025-02-01') });
    expect(change.retireRelationships.sort()).toEqual(['r14', 'r4b', 'r6']);
    expect(change.insertRelationships.map((r) => `${r.id} ${r.valid.to}`).sort()).toEqual([
      `r4b ${d('2025-02-01')}`,
      `r6 ${d('2025-02-01')}`,
    ]);
  });
});

describe('relationships', () => {
  it('starts a checked relationship', () => {
    const edge = rel('r50', 'SUPPORT', '18wg', '35fw', '2025-01-01', null, {
      supportCategory: 'DIRECT',
      establishedBy: '5af',
    });
    expect(startRelationship(tl(), edge).insertRelationships).toEqual([edge]);
    expect(codeOf(() => startRelationship(tl(), { ...edge, id: 'r1' }))).toMatchObject({ code: 'C2_DUPLICATE_ID' });
    expect(codeOf(() => startRelationship(tl(), { ...edge, superiorId: 'ghost' }))).toMatchObject({
      code: 'C2_NOT_FOUND',
      message: "relationship r50: superiorId 'ghost' is not a known unit",
    });
    expect(codeOf(() => startRelationship(tl(), { ...edge, supportCategory: 'SOMETIMES' as never }))).toMatchObject({
      code: 'C2_BAD_INPUT',
    });
    expect(
      codeOf(() => startRelationship(tl(), { ...edge, valid: { from: d('2025-01-01'), to: d('2024-01-01') } })),
    ).toMatchObject({
      code: 'C2_BAD_INTERVAL',
    });
  });

  it('ends, cancels, or refuses to end outside the interval', () => {
    expect(endRelationship(tl(), 'r3', d('2025-01-01'))).toEqual({
      retireUnitSlices: [],
      retireRelationships: ['r3'],
      insertUnitSlices: [],
      insertRelationships: [
        { ...rel('r3', 'OPCON', 'usfj', '5af'), valid: { from: d('2020-01-01'), to: d('2025-01-01') } },
      ],
    });
    expect(endRelationship(tl(), 'r6', d('2025-01-01')).insertRelationships).toEqual([]);
    expect(codeOf(() => endRelationship(tl(), 'r6', d('2025-03-01')))).toMatchObject({ code: 'C2_BAD_TIME' });
    expect(codeOf(() => endRelationship(tl(), 'nope', d('2025-03-01')))).toMatchObject({ code: 'C2_NOT_FOUND' });
  });

  it('changes a relationship by ending it and starting a deterministic successor', () => {
    const change = changeRelationship(tl(), 'r3', d('2025-06-01'), { superiorId: 'indopacom' });
    expect(change.retireRelationships).toEqual(['r3']);
    expect(change.insertRelationships.map((r) => [r.id, r.superiorId, r.valid.from, r.valid.to])).toEqual([
      ['r3', 'usfj', d('2020-01-01'), d('2025-06-01')],
      ['r3~2025-06-01', 'indopacom', d('2025-06-01'), null],
    ]);
    expect(changeRelationship(tl(), 'r3', d('2025-06-01'), {}, 'r3-b').insertRelationships[1]!.id).toBe('r3-b');
    expect(codeOf(() => changeRelationship(tl(), 'r3', d('2025-06-01'), { valid: null } as never))).toMatchObject({
      code: 'C2_BAD_INPUT',
    });
  });
});

describe('movePersonnel', () => {
  it('moves a count between units from a date on', () => {
    const change = movePersonnel(tl(), '18wg', '35fw', 100, d('2025-01-01'));
    const after = Object.fromEntries(
      change.insertUnitSlices.filter((s) => s.valid.from === d('2025-01-01')).map((s) => [s.id, s.personnel.assigned]),
    );
    expect(after).toEqual({ '18wg': 800, '35fw': 1000 });
    expect(codeOf(() => movePersonnel(tl(), '18wg', '35fw', 901, d('2025-01-01')))).toMatchObject({
      code: 'C2_BAD_INPUT',
      message: `unit 18wg would have -1 assigned personnel from ${d('2025-01-01')}`,
    });
    expect(codeOf(() => movePersonnel(tl(), '18wg', '18wg', 1, d('2025-01-01')))).toMatchObject({
      code: 'C2_BAD_INPUT',
    });
    expect(codeOf(() => movePersonnel(tl(), '18wg', '35fw', 1.5, d('2025-01-01')))).toMatchObject({
      code: 'C2_BAD_INPUT',
    });
  });
});
