import { C2Error } from '../errors.js';
import type { Echelon } from './unit.js';

/**
 * MIL-STD-2525D symbol identification codes (SIDC): 20 digits, read by position. Only the positions this system
 * keys on are named; the entity and modifier digits are kept as given.
 */
export interface Sidc {
  /** Positions 1-2: '10' = 2525D, '11' = 2525D change 1, '13' = 2525E. */
  version: string;
  /** Position 3: 0 reality, 1 exercise, 2 simulation. */
  context: string;
  /** Position 4: standard identity (0 pending … 6 hostile). */
  identity: string;
  /** Positions 5-6. */
  symbolSet: string;
  /** Position 7. */
  status: string;
  /** Position 8: headquarters / task force / feint-dummy flags. */
  hqTfDummy: string;
  /** Positions 9-10: echelon (for units) or mobility amplifier. */
  amplifier: string;
  /** Positions 11-16: entity, entity type, entity subtype. */
  entity: string;
  /** Positions 17-18 and 19-20. */
  modifier1: string;
  modifier2: string;
}

export const SIDC_VERSIONS: Record<string, string> = { '10': '2525D', '11': '2525D change 1', '13': '2525E' };
export const SIDC_CONTEXTS: Record<string, string> = { '0': 'reality', '1': 'exercise', '2': 'simulation' };
export const SIDC_IDENTITIES: Record<string, string> = {
  '0': 'pending',
  '1': 'unknown',
  '2': 'assumed friend',
  '3': 'friend',
  '4': 'neutral',
  '5': 'suspect',
  '6': 'hostile',
};
export const SIDC_SYMBOL_SETS: Record<string, string> = {
  '01': 'air',
  '02': 'air missile',
  '05': 'space',
  '06': 'space missile',
  '10': 'land unit',
  '11': 'land civilian unit/organization',
  '15': 'land equipment',
  '20': 'land installation',
  '25': 'control measure',
  '27': 'dismounted individual',
  '30': 'sea surface',
  '35': 'sea subsurface',
  '36': 'mine warfare',
  '40': 'activities',
  '45': 'atmospheric',
  '46': 'oceanographic',
  '47': 'meteorological space',
  '50': 'signals intelligence space',
  '51': 'signals intelligence air',
  '52': 'signals intelligence land',
  '53': 'signals intelligence surface',
  '54': 'signals intelligence subsurface',
  '60': 'cyberspace',
};

/** Echelon amplifier codes (positions 9-10) per domain-facts.md. */
const ECHELON_AMPLIFIERS: Record<Echelon, string> = {
  TEAM: '11',
  SQUAD: '12',
  SECTION: '13',
  PLATOON: '14',
  COMPANY: '15',
  BATTALION: '16',
  REGIMENT: '17',
  BRIGADE: '18',
  DIVISION: '21',
  CORPS: '22',
  ARMY: '23',
  ARMY_GROUP: '24',
  REGION: '25',
  COMMAND: '26',
};
const AMPLIFIER_ECHELONS = new Map(
  Object.entries(ECHELON_AMPLIFIERS).map(([echelon, code]) => [code, echelon as Echelon]),
);

export function echelonToAmplifier(echelon: Echelon): string {
  return ECHELON_AMPLIFIERS[echelon];
}

/** The echelon an amplifier code stands for, or undefined for '00' and the mobility/towed-array codes. */
export function amplifierToEchelon(amplifier: string): Echelon | undefined {
  return AMPLIFIER_ECHELONS.get(amplifier);
}

/** What is wrong with a SIDC, position by position; empty when it is well formed. */
export function sidcProblems(sidc: string): string[] {
  if (typeof sidc !== 'string' || !/^\d{20}$/.test(sidc)) {
    return [`'${String(sidc)}' is not 20 digits`];
  }
  const problems: string[] = [];
  const check = (table: Record<string, string>, value: string, what: string, positions: string) => {
    if (!(value in table))
      problems.push(`${what} '${value}' (positions ${positions}) is not one of ${Object.keys(table).join(', ')}`);
  };
  check(SIDC_VERSIONS, sidc.slice(0, 2), 'version', '1-2');
  check(SIDC_CONTEXTS, sidc.slice(2, 3), 'context', '3');
  check(SIDC_IDENTITIES, sidc.slice(3, 4), 'standard identity', '4');
  check(SIDC_SYMBOL_SETS, sidc.slice(4, 6), 'symbol set', '5-6');
  return problems;
}

/** Parses a SIDC; throws C2_BAD_SIDC naming the bad position. */
export function parseSidc(sidc: string, field = 'sidc'): Sidc {
  const problems = sidcProblems(sidc);
  if (problems.length > 0) {
    const message = `${field}: ${problems.join('; ')}`;
    throw new C2Error('C2_BAD_SIDC', message, [{ code: 'C2_BAD_SIDC', message, path: field }]);
  }
  return {
    version: sidc.slice(0, 2),
    context: sidc.slice(2, 3),
    identity: sidc.slice(3, 4),
    symbolSet: sidc.slice(4, 6),
    status: sidc.slice(6, 7),
    hqTfDummy: sidc.slice(7, 8),
    amplifier: sidc.slice(8, 10),
    entity: sidc.slice(10, 16),
    modifier1: sidc.slice(16, 18),
    modifier2: sidc.slice(18, 20),
  };
}

/** A short reading for people, e.g. '2525D, reality, friend, land unit, battalion'. */
export function describeSidc(sidc: string): string {
  const parsed = parseSidc(sidc);
  const echelon = amplifierToEchelon(parsed.amplifier);
  return [
    SIDC_VERSIONS[parsed.version],
    SIDC_CONTEXTS[parsed.context],
    SIDC_IDENTITIES[parsed.identity],
    SIDC_SYMBOL_SETS[parsed.symbolSet],
    echelon?.toLowerCase().replace('_', ' '),
  ]
    .filter(Boolean)
    .join(', ');
}

/** The same SIDC with its echelon amplifier set (used when an operation changes a unit's echelon). */
export function withEchelon(sidc: string, echelon: Echelon): string {
  return `${sidc.slice(0, 8)}${echelonToAmplifier(echelon)}${sidc.slice(10)}`;
}
