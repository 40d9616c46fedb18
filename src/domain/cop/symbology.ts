import { fail } from '../errors.js';

/**
 * CoT atom types (`a-<affiliation>-<dimension>-<2525B function…>`) to MIL-STD-2525D symbol identification codes and
 * back. CoT took its type tree from 2525B; 2525D splits that tree into symbol sets with six-digit entity codes, so the
 * mapping is a table for the functions a COP shows most, with a fall back to the symbol set's generic entity.
 */

/** CoT affiliation letter → 2525D standard identity (and context: joker and faker are exercise suspect / hostile). */
const AFFILIATIONS: Record<string, { identity: string; context: string }> = {
  p: { identity: '0', context: '0' },
  u: { identity: '1', context: '0' },
  a: { identity: '2', context: '0' },
  f: { identity: '3', context: '0' },
  n: { identity: '4', context: '0' },
  s: { identity: '5', context: '0' },
  h: { identity: '6', context: '0' },
  j: { identity: '5', context: '1' },
  k: { identity: '6', context: '1' },
};

const GENERIC_ENTITY = '000000';

/** Symbol set for a CoT function path (the part after the affiliation), longest prefix first. */
const SYMBOL_SETS: readonly (readonly [prefix: string, set: string])[] = [
  ['A-W-M', '02'],
  ['G-E', '15'],
  ['G-I', '20'],
  ['G', '10'],
  ['F', '10'],
  ['A', '01'],
  ['P', '05'],
  ['S', '30'],
  ['U', '35'],
];

/**
 * Function path → [symbol set, entity]. Entity codes are from the 2525D tables for each set. Where two CoT types map
 * to one entity, the first listed is the one `sidcToCotType` returns.
 */
const ENTITIES: readonly (readonly [path: string, set: string, entity: string])[] = [
  // 10 land unit
  ['G-U-C-I', '10', '121100'], // infantry
  ['G-U-C-A', '10', '120500'], // armour
  ['G-U-C-A-A', '10', '120400'], // anti-armour
  ['G-U-C-F', '10', '130300'], // field artillery
  ['G-U-C-F-M', '10', '130800'], // mortar
  ['G-U-C-F-O', '10', '130600'], // meteorological
  ['G-U-C-F-S', '10', '130900'], // survey
  ['G-U-C-D', '10', '130100'], // air defence
  ['G-U-C-E', '10', '140700'], // engineer
  ['G-U-C-R', '10', '121300'], // reconnaissance / cavalry
  ['G-U-C-V', '10', '120600'], // army aviation / rotary wing
  ['G-U-C-V-R', '10', '120600'],
  ['G-U-C-V-C', '10', '120700'], // aviation composite
  ['G-U-C-V-F', '10', '120800'], // aviation fixed wing
  ['G-U-C-V-U', '10', '121900'], // unmanned systems
  ['G-U-C-M', '10', '130700'], // missile
  ['G-U-C-S', '10', '141700'], // security
  ['G-U-C', '10', '120900'], // combat
  ['G-U-H', '10', '110000'], // command and control (HQ)
  ['G-U-U-A', '10', '140100'], // CBRN defence
  ['G-U-U-M', '10', '150000'], // intelligence
  ['G-U-U-L', '10', '141200'], // military police
  ['G-U-S', '10', '160000'], // sustainment
  ['F', '10', '121800'], // special operations forces
  ['F-G', '10', '121700'], // special forces
  ['F-N', '10', '121400'], // SEAL
  // 01 air
  ['A-M', '01', '110000'], // military
  ['A-M-F', '01', '110100'], // fixed wing
  ['A-M-H', '01', '110200'], // rotary wing
  ['A-M-F-Q', '01', '110300'], // unmanned aircraft
  ['A-M-H-Q', '01', '110400'], // vertical-takeoff UAV
  ['A-M-L', '01', '110500'], // lighter than air
  ['A-C', '01', '120000'], // civilian
  ['A-C-F', '01', '120100'],
  ['A-C-H', '01', '120200'],
  ['A-C-L', '01', '120500'],
  ['A-W', '01', '130000'], // weapon
  ['A-W-D', '01', '130200'], // decoy
  // 02 air missile
  ['A-W-M', '02', '110000'],
  // 15 land equipment
  ['G-E-W', '15', '110000'], // weapon / weapon system
  ['G-E-V', '15', '120000'], // vehicle
  // 30 sea surface
  ['S-C', '30', '120000'], // military combatant
  ['S-C-L-C-V', '30', '120100'], // carrier
  ['S-C-L', '30', '120200'], // surface combatant, line
  ['S-C-L-B-B', '30', '120201'], // battleship
  ['S-C-L-C-C', '30', '120202'], // cruiser
  ['S-C-L-D-D', '30', '120203'], // destroyer
  ['S-C-L-F-F', '30', '120204'], // frigate
  ['S-C-A', '30', '120300'], // amphibious warfare ship
  ['S-C-M', '30', '120400'], // mine warfare ship
  ['S-C-P', '30', '120500'], // patrol
  ['S-N', '30', '130000'], // military noncombatant
  ['S-X', '30', '140000'], // civilian
  ['S-X-M', '30', '140100'], // merchant ship
  ['S-X-F', '30', '140200'], // fishing vessel
  ['S-X-L', '30', '140400'], // law enforcement vessel
  // 35 subsurface
  ['U-S', '35', '110100'], // submarine
  ['U-S-U', '35', '110300'], // unmanned underwater vehicle
  ['U-W-M', '35', '150000'], // sea mine
];

const BY_PATH = new Map(ENTITIES.map(([path, set, entity]) => [path, { set, entity }]));
const BY_ENTITY = new Map<string, string>();
for (const [path, set, entity] of ENTITIES) if (!BY_ENTITY.has(set + entity)) BY_ENTITY.set(set + entity, path);

/** Generic fall back per symbol set, used to name a type when only the set is known. */
const SET_PATHS: Record<string, string> = {
  '01': 'A',
  '02': 'A-W-M',
  '05': 'P',
  '10': 'G',
  '15': 'G-E',
  '20': 'G-I',
  '30': 'S',
  '35': 'U',
};

export interface SidcMapping {
  sidc: string;
  /** False when only the symbol set was known and the generic entity was used. */
  exact: boolean;
}

/**
 * Maps an atom CoT type to a 20-digit 2525D SIDC, or returns undefined for types that are not atoms (b-, u-, t-…) or
 * carry an affiliation letter CoT does not define. The longest known function prefix wins.
 */
export function cotTypeToSidc(type: string): SidcMapping | undefined {
  const parts = type.split(';')[0]!.split('-');
  if (parts[0] !== 'a' || parts.length < 3) return undefined;
  const affiliation = AFFILIATIONS[parts[1]!];
  if (!affiliation) return undefined;
  const path = parts.slice(2);
  const set = SYMBOL_SETS.find(([prefix]) => startsWithPath(path, prefix))?.[1];
  if (!set) return undefined;
  let entity = GENERIC_ENTITY;
  let exact = false;
  for (let length = path.length; length > 0; length--) {
    const known = BY_PATH.get(path.slice(0, length).join('-'));
    if (known && known.set === set) {
      entity = known.entity;
      exact = length === path.length;
      break;
    }
  }
  const sidc = `10${affiliation.context}${affiliation.identity}${set}0000${entity}0000`;
  return { sidc, exact };
}

function startsWithPath(path: readonly string[], prefix: string): boolean {
  const parts = prefix.split('-');
  return parts.every((part, index) => path[index] === part);
}

/** Maps a 2525D SIDC back to the CoT type that names its entity, or to the generic type of its symbol set. */
export function sidcToCotType(sidc: string): string {
  if (!/^\d{20}$/.test(sidc)) fail('C2_BAD_SIDC', `SIDC '${sidc}' is not 20 digits`, 'sidc');
  if (sidc.slice(0, 2) !== '10') fail('C2_BAD_SIDC', `SIDC '${sidc}' is not 2525D (version 10)`, 'sidc');
  const context = sidc[2]!;
  const identity = sidc[3]!;
  const set = sidc.slice(4, 6);
  const entity = sidc.slice(10, 16);
  const letter =
    Object.entries(AFFILIATIONS).find(([, a]) => a.identity === identity && a.context === context)?.[0] ??
    Object.entries(AFFILIATIONS).find(([, a]) => a.identity === identity && a.context === '0')?.[0];
  if (!letter) fail('C2_BAD_SIDC', `SIDC '${sidc}': standard identity ${identity} has no CoT affiliation`, 'sidc');
  const path = BY_ENTITY.get(set + entity) ?? SET_PATHS[set];
  if (!path) fail('C2_BAD_SIDC', `SIDC '${sidc}': symbol set ${set} has no CoT dimension`, 'sidc');
  return `a-${letter}-${path}`;
}
