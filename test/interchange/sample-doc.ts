import type { ForceDocument } from '../../src/domain/force/document.js';
import type { UnitSlice } from '../../src/domain/force/unit.js';
import { PUBLIC_UNCLASSIFIED, type SecurityLabel } from '../../src/domain/security/label.js';

export const REL_USA_JPN: SecurityLabel = { classification: 'SECRET', releasableTo: ['USA', 'JPN'], caveats: [] };

function unit(fields: Partial<UnitSlice> & Pick<UnitSlice, 'id' | 'name'>): UnitSlice {
  return {
    shortName: fields.name,
    nation: 'USA',
    service: 'USA:JOINT',
    echelon: 'COMMAND',
    sidc: '10031000261100000000',
    homeStation: null,
    personnel: { authorized: null, assigned: null },
    roles: [],
    valid: { from: '2025-03-24T00:00:00.000Z', to: null },
    label: PUBLIC_UNCLASSIFIED,
    ...fields,
  };
}

/** A small two-nation force built in the test itself (the demo scenario is written elsewhere). */
export function sampleDocument(): ForceDocument {
  return {
    format: 'alliance-c2/force',
    version: 1,
    marking: 'UNCLASSIFIED',
    meta: { title: 'Interchange test force' },
    units: [
      unit({
        id: 'usindopacom',
        name: 'U.S. Indo-Pacific Command',
        shortName: 'USINDOPACOM',
        roles: ['COMBATANT_COMMAND'],
        homeStation: { name: 'Camp H. M. Smith', lat: 21.3889, lon: -157.9106 },
        personnel: { authorized: 380000, assigned: 375000, source: 'public fact sheet' },
        sources: ['https://www.pacom.mil/'],
      }),
      unit({
        id: 'usfj',
        name: 'U.S. Forces, Japan',
        shortName: 'USFJ',
        roles: ['JOINT_FORCE_HQ', 'SUBORDINATE_UNIFIED_COMMAND'],
        homeStation: { name: 'Yokota Air Base', lat: 35.7485, lon: 139.3485 },
        personnel: { authorized: null, assigned: 54000, source: 'USFJ, "about 54,000"' },
        valid: { from: '1957-07-01T00:00:00.000Z', to: null },
        notes: 'Commander also commands 5th Air Force; notes with "quotes", commas; and\nnewlines',
      }),
      unit({
        id: 'usarj',
        name: 'U.S. Army Japan',
        shortName: 'USARJ',
        service: 'USA:ARMY',
        echelon: 'CORPS',
        sidc: '10031000221100000000',
        roles: ['SERVICE_COMPONENT'],
        homeStation: { name: 'Camp Zama', lat: 35.4881, lon: 139.3927 },
        label: REL_USA_JPN,
        valid: { from: '2025-03-24T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' },
      }),
      unit({
        id: 'jjoc',
        name: 'Joint Operations Command',
        shortName: 'JJOC',
        nation: 'JPN',
        service: 'JPN:JOINT',
        echelon: 'COMMAND',
        roles: ['JOINT_FORCE_HQ'],
        homeStation: { name: 'Ichigaya', lat: 35.6931, lon: 139.7286 },
        personnel: { authorized: 240, assigned: null },
      }),
      unit({
        id: 'gcc',
        name: 'Ground Component Command',
        shortName: 'GCC',
        nation: 'JPN',
        service: 'JPN:GSDF',
        echelon: 'ARMY',
        sidc: '10031000231211000000',
        homeStation: null,
      }),
    ],
    relationships: [
      {
        id: 'r1',
        kind: 'COCOM',
        superiorId: 'usindopacom',
        subordinateId: 'usfj',
        valid: { from: '2025-03-24T00:00:00.000Z', to: null },
        basis: 'Forces for Unified Commands memorandum',
        transfer: 'ASSIGNED',
        label: PUBLIC_UNCLASSIFIED,
      },
      {
        id: 'r2',
        kind: 'OPCON',
        superiorId: 'usfj',
        subordinateId: 'usarj',
        valid: { from: '2025-03-24T00:00:00.000Z', to: null },
        basis: 'notional OPORD 1',
        label: REL_USA_JPN,
      },
      {
        id: 'r3',
        kind: 'ADCON',
        superiorId: 'usindopacom',
        subordinateId: 'usarj',
        valid: { from: '2025-03-24T00:00:00.000Z', to: null },
        basis: 'Title 10',
        label: PUBLIC_UNCLASSIFIED,
      },
      {
        id: 'r4',
        kind: 'OPCON',
        superiorId: 'jjoc',
        subordinateId: 'gcc',
        valid: { from: '2025-03-24T00:00:00.000Z', to: null },
        basis: 'JSDF order',
        label: PUBLIC_UNCLASSIFIED,
      },
    ],
  };
}
