import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cotTypeToSidc, sidcToCotType } from '../../../src/domain/cop/symbology.js';
import { haveSamples, samplesDir } from '../../cot/samples.js';

describe('CoT type ↔ 2525D SIDC', () => {
  it.each([
    ['a-f-G-U-C-I', '10031000001211000000'],
    ['a-h-G-U-C-A', '10061000001205000000'],
    ['a-n-G-U-C-F', '10041000001303000000'],
    ['a-u-A-M-F', '10010100001101000000'],
    ['a-h-A-M-H', '10060100001102000000'],
    ['a-s-S-C-L-D-D', '10053000001202030000'],
    ['a-f-U-S', '10033500001101000000'],
    ['a-p-P', '10000500000000000000'],
    ['a-f-F', '10031000001218000000'],
    ['a-f-G-E-W', '10031500001100000000'],
    ['a-h-A-W-M', '10060200001100000000'],
  ])('%s → %s and back', (type, sidc) => {
    expect(cotTypeToSidc(type)?.sidc).toBe(sidc);
    expect(sidcToCotType(sidc)).toBe(type);
  });

  it('maps each CoT affiliation to its standard identity, joker and faker as exercise suspect/hostile', () => {
    const identity = (letter: string) => cotTypeToSidc(`a-${letter}-G`)!.sidc.slice(2, 4);
    expect(['p', 'u', 'a', 'f', 'n', 's', 'h', 'j', 'k'].map(identity)).toEqual([
      '00',
      '01',
      '02',
      '03',
      '04',
      '05',
      '06',
      '15',
      '16',
    ]);
    expect(sidcToCotType('10151000000000000000')).toBe('a-j-G');
    expect(sidcToCotType('10161000000000000000')).toBe('a-k-G');
    // An exercise friend has no CoT letter of its own: it stays a friend.
    expect(sidcToCotType('10131000000000000000')).toBe('a-f-G');
  });

  it('falls back to the generic entity of the symbol set, and says so', () => {
    expect(cotTypeToSidc('a-f-G-E-V-C')).toEqual({ sidc: '10031500001200000000', exact: false });
    expect(cotTypeToSidc('a-f-G-I-B')).toEqual({ sidc: '10032000000000000000', exact: false });
    expect(cotTypeToSidc('a-h-G-U-C-I-A')).toEqual({ sidc: '10061000001211000000', exact: false });
  });

  it('does not map non-atoms or unknown affiliations', () => {
    for (const type of ['b-m-p-s-m', 'u-d-f', 'a-U-G', 'a-f', 'a-f-Z']) expect(cotTypeToSidc(type)).toBeUndefined();
  });

  it('rejects malformed SIDCs', () => {
    expect(() => sidcToCotType('1003100000')).toThrow(/20 digits/);
    expect(() => sidcToCotType('11031000000000000000')).toThrow(/version 10/);
    expect(() => sidcToCotType('10071000000000000000')).toThrow(/identity 7/);
    expect(() => sidcToCotType('10034000000000000000')).toThrow(/symbol set 40/);
  });
});

describe.skipIf(!haveSamples)('CoT type catalogue coverage', () => {
  it('round-trips every catalogue type that has an exact mapping', () => {
    const catalogue = fs.readFileSync(path.join(samplesDir, 'reference/cot-types.xml'), 'utf8');
    const atoms = [...catalogue.matchAll(/cot="a-\.-([^"]+)"/g)].map((m) => `a-f-${m[1]}`);
    const mapped = atoms.filter((type) => cotTypeToSidc(type)?.exact);
    const roundTrips = mapped.filter((type) => sidcToCotType(cotTypeToSidc(type)!.sidc) === type);
    const withSymbolSet = atoms.filter((type) => cotTypeToSidc(type) !== undefined);
    const specific = atoms.filter((type) => cotTypeToSidc(type) && !cotTypeToSidc(type)!.sidc.endsWith('0000000000'));
    console.info(
      `CoT catalogue: ${atoms.length} atom types; symbol set known for ${withSymbolSet.length} ` +
        `(${((100 * withSymbolSet.length) / atoms.length).toFixed(1)}%); exact entity for ${mapped.length} ` +
        `(${((100 * mapped.length) / atoms.length).toFixed(1)}%); specific entity (own or an ancestor's) for ` +
        `${specific.length} (${((100 * specific.length) / atoms.length).toFixed(1)}%); round trip ${roundTrips.length}/${mapped.length}`,
    );
    expect(mapped.length).toBeGreaterThan(40);
    // Only types that share an entity with a shorter one (e.g. rotary-wing aviation) may come back as the other.
    const lost = mapped.filter((type) => !roundTrips.includes(type));
    expect(lost).toEqual(['a-f-G-U-C-V-R']);
  });
});
