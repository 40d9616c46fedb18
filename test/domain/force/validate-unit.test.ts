import { describe, expect, it } from 'vitest';
import {
  amplifierToEchelon,
  describeSidc,
  echelonToAmplifier,
  parseSidc,
  withEchelon,
} from '../../../src/domain/force/sidc.js';
import { ECHELONS } from '../../../src/domain/force/unit.js';
import { unitSliceViolations, validateUnitSlice } from '../../../src/domain/force/validate-unit.js';
import { d, unit } from './fixture.js';

describe('SIDC', () => {
  it('parses and describes a 2525D unit symbol', () => {
    const sidc = '10031002161211000000';
    expect(parseSidc(sidc)).toMatchObject({
      version: '10',
      context: '0',
      identity: '3',
      symbolSet: '10',
      hqTfDummy: '2',
      amplifier: '16',
    });
    expect(describeSidc(sidc)).toBe('2525D, reality, friend, land unit, battalion');
  });

  it('names the bad position', () => {
    expect(() => parseSidc('1003100216121100000')).toThrow(/not 20 digits/);
    expect(() => parseSidc('99031002161211000000')).toThrow(/version '99' \(positions 1-2\)/);
    expect(() => parseSidc('10731002161211000000')).toThrow(/context '7' \(positions 3\)/);
    expect(() => parseSidc('10091002161211000000')).toThrow(/standard identity '9'/);
    expect(() => parseSidc('10039902161211000000')).toThrow(/symbol set '99'/);
  });

  it('maps every echelon to an amplifier and back', () => {
    for (const echelon of ECHELONS) expect(amplifierToEchelon(echelonToAmplifier(echelon))).toBe(echelon);
    expect(echelonToAmplifier('TEAM')).toBe('11');
    expect(echelonToAmplifier('DIVISION')).toBe('21');
    expect(echelonToAmplifier('COMMAND')).toBe('26');
    expect(amplifierToEchelon('00')).toBeUndefined();
    expect(withEchelon('10031002161211000000', 'BRIGADE')).toBe('10031002181211000000');
  });
});

describe('validateUnitSlice', () => {
  const good = unit('44fs', 'USA:AIR_FORCE', 'BATTALION');

  it('accepts a sound slice', () => {
    expect(validateUnitSlice(good)).toBe(good);
  });

  it.each([
    [{ name: ' ' }, 'name', 'C2_BAD_INPUT'],
    [{ nation: 'US' }, 'nation', 'C2_BAD_INPUT'],
    [{ service: 'JPN:ASDF' }, 'service', 'C2_BAD_INPUT'],
    [{ echelon: 'WING' }, 'echelon', 'C2_BAD_INPUT'],
    [{ sidc: '1003100016' }, 'sidc', 'C2_BAD_SIDC'],
    [{ sidc: '10031000181211000000' }, 'sidc', 'C2_BAD_SIDC'],
    [{ homeStation: { name: 'x', lat: 0, lon: 181 } }, 'homeStation.lon', 'C2_BAD_POSITION'],
    [{ personnel: { authorized: -1, assigned: 0 } }, 'personnel.authorized', 'C2_BAD_INPUT'],
    [{ personnel: { authorized: 10, assigned: 2.5 } }, 'personnel.assigned', 'C2_BAD_INPUT'],
    [{ roles: ['BOSS'] }, 'roles', 'C2_BAD_INPUT'],
    [{ valid: { from: d('2025-01-01'), to: d('2024-01-01') } }, 'valid.to', 'C2_BAD_INTERVAL'],
    [{ valid: { from: '2025-01-01', to: null } }, 'valid.from', 'C2_BAD_TIME'],
    [{ label: { classification: '', releasableTo: null, caveats: [] } }, 'label', 'C2_BAD_MARKING'],
  ])('rejects %j at %s with %s', (patch, path, code) => {
    const violations = unitSliceViolations({ ...good, ...patch } as never);
    expect(violations).toEqual([expect.objectContaining({ path, code, units: ['44fs'] })]);
    expect(() => validateUnitSlice({ ...good, ...patch } as never)).toThrow(expect.objectContaining({ code }));
  });

  it('accepts a null station and unknown personnel figures', () => {
    expect(
      unitSliceViolations({ ...good, homeStation: null, personnel: { authorized: null, assigned: null } }),
    ).toEqual([]);
  });
});
