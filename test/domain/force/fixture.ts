import type { Relationship, RelationshipKind } from '../../../src/domain/command/relationship.js';
import { echelonToAmplifier } from '../../../src/domain/force/sidc.js';
import { ForceStructure } from '../../../src/domain/force/structure.js';
import type { ForceTimeline } from '../../../src/domain/force/timeline.js';
import type { Echelon, UnitRole, UnitSlice } from '../../../src/domain/force/unit.js';
import { PUBLIC_UNCLASSIFIED } from '../../../src/domain/security/label.js';
import type { Instant } from '../../../src/domain/time/instant.js';

/** '2025-03-01' → '2025-03-01T00:00:00.000Z' */
export const d = (date: string): Instant => `${date}T00:00:00.000Z`;

export function unit(
  id: string,
  service: string,
  echelon: Echelon,
  extra: Partial<UnitSlice> & { roles?: UnitRole[] } = {},
): UnitSlice {
  return {
    id,
    name: extra.name ?? id.toUpperCase(),
    shortName: extra.shortName ?? id.toUpperCase(),
    nation: service.slice(0, 3),
    service,
    echelon,
    sidc: `10031000${echelonToAmplifier(echelon)}1211000000`,
    homeStation: { name: 'Yokota Air Base', lat: 35.748, lon: 139.348 },
    personnel: { authorized: 1000, assigned: 900 },
    roles: [],
    valid: { from: d('2020-01-01'), to: null },
    label: PUBLIC_UNCLASSIFIED,
    ...extra,
  };
}

export function rel(
  id: string,
  kind: RelationshipKind,
  superiorId: string,
  subordinateId: string,
  from = '2020-01-01',
  to: string | null = null,
  extra: Partial<Relationship> = {},
): Relationship {
  return {
    id,
    kind,
    superiorId,
    subordinateId,
    valid: { from: d(from), to: to === null ? null : d(to) },
    basis: `order ${id}`,
    label: PUBLIC_UNCLASSIFIED,
    ...extra,
  };
}

/**
 * A small alliance: U.S. chain NCA → INDOPACOM (OPCON) → USFJ (COCOM) → 5AF → 18WG / 35FW → 44FS, with the 44th
 * Fighter Squadron renamed on 2024-06-01, TACON to 35FW in Jan–Feb 2025 and moved to 35FW on 2025-04-01; ADCON in the
 * Air Force chain; Japan's chain NCA → JJOC → GCC → 1st Division; USFJ–JJOC coordination.
 */
export function alliance(): { units: UnitSlice[]; relationships: Relationship[] } {
  const fs44 = unit('44fs', 'USA:AIR_FORCE', 'BATTALION', { name: '44th Fighter Squadron', shortName: '44 FS' });
  return {
    units: [
      unit('us-nca', 'USA:JOINT', 'COMMAND', {
        name: 'President / Secretary of Defense',
        roles: ['NATIONAL_COMMAND_AUTHORITY'],
      }),
      unit('indopacom', 'USA:JOINT', 'COMMAND', {
        name: 'U.S. Indo-Pacific Command',
        shortName: 'INDOPACOM',
        roles: ['COMBATANT_COMMAND'],
      }),
      unit('usfj', 'USA:JOINT', 'COMMAND', {
        name: 'U.S. Forces Japan',
        shortName: 'USFJ',
        roles: ['SUBORDINATE_UNIFIED_COMMAND'],
      }),
      unit('5af', 'USA:AIR_FORCE', 'CORPS', { name: 'Fifth Air Force', shortName: '5 AF' }),
      unit('18wg', 'USA:AIR_FORCE', 'BRIGADE', { name: '18th Wing', shortName: '18 WG' }),
      unit('35fw', 'USA:AIR_FORCE', 'BRIGADE', { name: '35th Fighter Wing', shortName: '35 FW' }),
      { ...fs44, name: '44th Fighter Sqn', valid: { from: d('2020-01-01'), to: d('2024-06-01') } },
      { ...fs44, valid: { from: d('2024-06-01'), to: null } },
      unit('usaf', 'USA:AIR_FORCE', 'COMMAND', {
        name: 'Department of the Air Force',
        shortName: 'DAF',
        roles: ['SERVICE_HQ'],
      }),
      unit('jp-nca', 'JPN:JOINT', 'COMMAND', {
        name: 'Prime Minister / Minister of Defense',
        roles: ['NATIONAL_COMMAND_AUTHORITY'],
      }),
      unit('jjoc', 'JPN:JOINT', 'COMMAND', {
        name: 'Japan Joint Operations Command',
        shortName: 'JJOC',
        roles: ['JOINT_FORCE_HQ'],
        valid: { from: d('2025-03-24'), to: null },
      }),
      unit('gcc', 'JPN:GSDF', 'ARMY', { name: 'Ground Component Command', shortName: 'GCC' }),
      unit('1div', 'JPN:GSDF', 'DIVISION', { name: 'Dai 1 Shidan (1st Division)', shortName: '1 DIV' }),
    ],
    relationships: [
      rel('r1', 'OPCON', 'us-nca', 'indopacom'),
      rel('r2', 'COCOM', 'indopacom', 'usfj', '2020-01-01', null, { transfer: 'ASSIGNED' }),
      rel('r3', 'OPCON', 'usfj', '5af'),
      rel('r4', 'OPCON', '5af', '18wg'),
      rel('r4b', 'OPCON', '5af', '35fw'),
      rel('r5', 'OPCON', '18wg', '44fs', '2020-01-01', '2025-04-01'),
      rel('r6', 'TACON', '35fw', '44fs', '2025-01-01', '2025-03-01', { transfer: 'ATTACHED' }),
      rel('r14', 'OPCON', '35fw', '44fs', '2025-04-01'),
      rel('r7', 'ADCON', 'usaf', '5af'),
      rel('r8', 'ADCON', '5af', '18wg'),
      rel('r9', 'ADCON', '18wg', '44fs'),
      rel('r10', 'OPCON', 'jp-nca', 'jjoc', '2025-03-24'),
      rel('r11', 'OPCON', 'jjoc', 'gcc', '2025-03-24'),
      rel('r11a', 'OPCON', 'jp-nca', 'gcc', '2020-01-01', '2025-03-24'),
      rel('r12', 'OPCON', 'gcc', '1div'),
      rel('r13', 'COORDINATION', 'usfj', 'jjoc', '2025-03-24'),
    ],
  };
}

export const LOADED_AT = d('2019-12-01');

/** Stores every record as one current version of transaction 1. */
export function structureOf(force: { units: UnitSlice[]; relationships: Relationship[] }): ForceStructure {
  const version = <T>(record: T) => ({ record, recorded: { from: LOADED_AT, to: null }, txId: 1 });
  return ForceStructure.from({ units: force.units.map(version), relationships: force.relationships.map(version) });
}

/** Everything a timeline answers, in a comparable form. */
export function snapshot(tl: ForceTimeline) {
  const unitIds = [...tl.unitIds()].sort();
  const relationships = [...tl.allRelationships()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const ends = new Set([...unitIds, ...relationships.flatMap((r) => [r.superiorId, r.subordinateId])]);
  return {
    unitIds,
    slices: unitIds.map((id) => tl.unitSlices(id)),
    relationships,
    edges: [...ends].sort().map((id) => ({
      id,
      up: tl.superiorEdges(id).map((r) => r.id),
      down: tl.subordinateEdges(id).map((r) => r.id),
      upOpcon: tl.superiorEdges(id, 'OPCON').map((r) => r.id),
      downAdcon: tl.subordinateEdges(id, 'ADCON').map((r) => r.id),
    })),
  };
}
