import { ECHELONS, type Echelon } from '../domain/force/unit.js';

/**
 * MIL-STD-2525D symbol codes as the converters need them: echelon in and out of the amplifier digits, and legacy
 * 15-letter 2525B/C codes (MSDL, older tools) into 2525D. A local table, kept small on purpose: what it does not
 * know it approximates to the parent symbol and says so. CoT types come from src/domain/cop/symbology.ts.
 */

const D_SIDC = /^\d{20}$/;
export const isSidc = (code: string): boolean => D_SIDC.test(code);

/** 2525D land-unit amplifier digits 9-10, in ECHELONS order (team 11 ... command 26). */
const AMPLIFIERS = ['11', '12', '13', '14', '15', '16', '17', '18', '21', '22', '23', '24', '25', '26'] as const;

export function echelonFromSidc(sidc: string): Echelon | null {
  if (!isSidc(sidc) || sidc.slice(4, 6) !== '10') return null;
  const index = AMPLIFIERS.indexOf(sidc.slice(8, 10) as (typeof AMPLIFIERS)[number]);
  return index < 0 ? null : (ECHELONS[index] ?? null);
}

export function amplifierOf(echelon: Echelon): string {
  return AMPLIFIERS[ECHELONS.indexOf(echelon)] ?? '00';
}

/** A plain land-unit code for a unit that has none: `identity` is digit 4 (3 friend, 6 hostile...). */
export function genericSidc(identity: string, echelon: Echelon | null): string {
  return `100${identity}1000${echelon ? amplifierOf(echelon) : '00'}0000000000`;
}

/** Digit 4 of a 2525D code, or '1' (unknown). */
export function identityOf(sidc: string): string {
  return isSidc(sidc) ? (sidc[3] ?? '1') : '1';
}

/** 2525B/C function id (after the battle dimension) ↔ 2525D symbol set + entity, for the commonest unit types. */
const FUNCTIONS: ReadonlyArray<{ dimension: string; fn: string; set: string; entity: string }> = [
  { dimension: 'G', fn: 'U', set: '10', entity: '000000' },
  { dimension: 'G', fn: 'UC', set: '10', entity: '120900' },
  { dimension: 'G', fn: 'UCI', set: '10', entity: '121100' },
  { dimension: 'G', fn: 'UCR', set: '10', entity: '121300' },
  { dimension: 'G', fn: 'UCA', set: '10', entity: '120500' },
  { dimension: 'G', fn: 'UCAA', set: '10', entity: '120400' },
  { dimension: 'G', fn: 'UCV', set: '10', entity: '120600' },
  { dimension: 'G', fn: 'UCD', set: '10', entity: '130100' },
  { dimension: 'G', fn: 'UCF', set: '10', entity: '130300' },
  { dimension: 'G', fn: 'UCE', set: '10', entity: '140700' },
  { dimension: 'G', fn: 'E', set: '15', entity: '000000' },
  { dimension: 'G', fn: 'I', set: '20', entity: '000000' },
  { dimension: 'A', fn: 'M', set: '01', entity: '110000' },
  { dimension: 'A', fn: 'MF', set: '01', entity: '110100' },
  { dimension: 'A', fn: 'MH', set: '01', entity: '110200' },
  { dimension: 'A', fn: 'MFQ', set: '01', entity: '110300' },
];
const DIMENSION_SETS: Record<string, string> = { P: '05', A: '01', G: '10', S: '30', U: '35', F: '10' };

const AFFILIATIONS: Record<string, [context: string, identity: string]> = {
  P: ['0', '0'],
  U: ['0', '1'],
  A: ['0', '2'],
  F: ['0', '3'],
  N: ['0', '4'],
  S: ['0', '5'],
  H: ['0', '6'],
  G: ['1', '0'],
  W: ['1', '1'],
  M: ['1', '2'],
  D: ['1', '3'],
  L: ['1', '4'],
  J: ['1', '5'],
  K: ['1', '6'],
};
const HQ_FLAGS: Record<string, string> = { A: '2', B: '6', C: '3', D: '7', E: '4', F: '1', G: '5' };
const ECHELON_LETTERS = 'ABCDEFGHIJKLMN';

export interface LegacyConversion {
  sidc: string;
  /** What could not be carried over exactly (empty when the conversion is exact). */
  approximations: string[];
}

/** A 15-character 2525B/C or APP-6B code ('SFGPUCI----F--G') into 2525D; null when it is not one. */
export function convertLegacySidc(code: string): LegacyConversion | null {
  const text = code.trim().toUpperCase();
  if (!/^[A-Z*-]{15}$/.test(text) || !'SGWIOE'.includes(text[0] ?? '')) return null;
  const approximations: string[] = [];
  if (text[0] !== 'S') approximations.push(`coding scheme '${text[0]}' is not warfighting; read as one`);
  const affiliation = AFFILIATIONS[text[1] ?? ''];
  if (!affiliation) approximations.push(`affiliation '${text[1]}' unknown; set to unknown`);
  const [context, identity] = affiliation ?? ['0', '1'];
  const dimension = text[2] ?? '';
  const status = text[3] === 'A' ? '1' : '0';
  const fn = text.slice(4, 10).replace(/[-*]+$/, '');
  let match: (typeof FUNCTIONS)[number] | undefined;
  for (const entry of FUNCTIONS) {
    if (entry.dimension === dimension && fn.startsWith(entry.fn) && entry.fn.length > (match?.fn.length ?? -1)) {
      match = entry;
    }
  }
  const set = match?.set ?? DIMENSION_SETS[dimension] ?? '10';
  if (!match || match.fn !== fn) {
    approximations.push(
      `function '${dimension}/${fn || '-'}' kept as its parent symbol ${set}/${match?.entity ?? '000000'}`,
    );
  }
  const hq = HQ_FLAGS[text[10] ?? ''] ?? '0';
  const echelonIndex = ECHELON_LETTERS.indexOf(text[11] ?? '-');
  const amplifier = set === '10' && echelonIndex >= 0 ? (AMPLIFIERS[echelonIndex] ?? '00') : '00';
  const entity = match?.entity ?? '000000';
  return { sidc: `10${context}${identity}${set}${status}${hq}${amplifier}${entity}0000`, approximations };
}

const AFFILIATION_LETTERS: Record<string, string> = Object.fromEntries(
  Object.entries(AFFILIATIONS).map(([letter, [context, identity]]) => [`${context}${identity}`, letter]),
);
const SET_DIMENSIONS: Record<string, string> = {
  '01': 'A',
  '05': 'P',
  '10': 'G',
  '15': 'G',
  '20': 'G',
  '30': 'S',
  '35': 'U',
};

/** The nearest 15-character 2525C code for a 2525D one, for formats that only take the letter form (MSDL). */
export function legacyFromSidc(sidc: string): string {
  if (!isSidc(sidc)) return 'SUGP-----------';
  const affiliation = AFFILIATION_LETTERS[sidc.slice(2, 4)] ?? AFFILIATION_LETTERS[`0${sidc[3]}`] ?? 'U';
  const set = sidc.slice(4, 6);
  const entity = sidc.slice(10, 16);
  const fn =
    FUNCTIONS.find((f) => f.set === set && f.entity === entity)?.fn ??
    FUNCTIONS.find((f) => f.set === set && f.entity === `${entity.slice(0, 4)}00`)?.fn ??
    FUNCTIONS.find((f) => f.set === set && f.entity === '000000')?.fn ??
    '';
  const hq = Object.entries(HQ_FLAGS).find(([, digit]) => digit === sidc[7])?.[0] ?? '-';
  const amplifier = AMPLIFIERS.indexOf(sidc.slice(8, 10) as (typeof AMPLIFIERS)[number]);
  const echelon = set === '10' && amplifier >= 0 ? (ECHELON_LETTERS[amplifier] ?? '-') : '-';
  const status = sidc[6] === '1' ? 'A' : 'P';
  return `S${affiliation}${SET_DIMENSIONS[set] ?? 'G'}${status}${fn.padEnd(6, '-')}${hq}${echelon}---`;
}
