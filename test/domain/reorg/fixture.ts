import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Relationship, RelationshipKind } from '../../../src/domain/command/relationship.js';
import type { ForceDocument } from '../../../src/domain/force/document.js';
import { IndexedTimeline } from '../../../src/domain/force/indexed-timeline.js';
import type { UnitRole } from '../../../src/domain/force/unit.js';
import type { Mission } from '../../../src/domain/mission/mission.js';
import type { Phase, PlanOperation } from '../../../src/domain/reorg/plan.js';
import { planInput } from '../../../src/domain/reorg/schema.js';
import { PUBLIC_UNCLASSIFIED, type SecurityLabel } from '../../../src/domain/security/label.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The demo scenario as a timeline: the force every plan test starts from. */
export function demoForce() {
  const doc = JSON.parse(readFileSync(path.join(repoRoot, 'data/scenarios/usfj-2024.json'), 'utf8')) as ForceDocument;
  return IndexedTimeline.build(doc.units, doc.relationships);
}

/** The demo scenario's missions, as the demo loader stores them. */
export function demoMissions(): Mission[] {
  const file = path.join(repoRoot, 'data/scenarios/usfj-2024-missions.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { missions: Mission[] }).missions;
}

/** The shipped demo plan, parsed as the service parses any plan. */
export function demoPlan() {
  const doc = JSON.parse(readFileSync(path.join(repoRoot, 'data/scenarios/usfj-upgrade-plan.json'), 'utf8'));
  return planInput.parse(doc.plan) as { id: string; title: string; phases: Phase[] } & ReturnType<
    typeof planInput.parse
  >;
}

export const D = '2026-01-01T00:00:00.000Z';

let n = 0;
export function start(
  kind: RelationshipKind,
  superiorId: string,
  subordinateId: string,
  extra: Partial<Relationship> = {},
): PlanOperation {
  const id = `r-${kind.toLowerCase()}-${superiorId}-${subordinateId}-${++n}`;
  return {
    id: `op-${id}`,
    op: 'startRelationship',
    relationship: {
      id,
      kind,
      superiorId,
      subordinateId,
      basis: 'test order',
      label: PUBLIC_UNCLASSIFIED,
      ...(kind === 'OPCON' || kind === 'COCOM' ? { transfer: 'ASSIGNED' as const } : {}),
      ...extra,
    },
  };
}

export function create(
  id: string,
  service = 'USA:ARMY',
  roles: UnitRole[] = [],
  label: SecurityLabel = PUBLIC_UNCLASSIFIED,
): PlanOperation {
  const nation = service.slice(0, 3);
  return {
    id: `op-create-${id}`,
    op: 'createUnit',
    unit: {
      id,
      name: id.toUpperCase(),
      shortName: id,
      nation,
      service,
      echelon: 'COMMAND',
      sidc: '10031002261100000000',
      homeStation: null,
      personnel: { authorized: null, assigned: 100 },
      roles,
      label,
    },
  };
}

export function phase(operations: PlanOperation[], effectiveDate = D, id = 'p'): Phase {
  return { id, name: `Phase ${id}`, effectiveDate, operations };
}

/** A USFJ-led air mission naming 5th Air Force's forces: lawful only once USFJ holds OPCON of them. */
export const assignUsfjAir = (extra: Partial<Mission> = {}, id = 'assign'): PlanOperation => ({
  id,
  op: 'assignMission',
  mission: {
    id: 'm-usfj-air',
    name: 'USFJ air operations',
    description: '',
    label: PUBLIC_UNCLASSIFIED,
    lead: 'usfj',
    supporting: [{ unitId: 'jjoc', category: 'COORDINATE' }],
    forces: ['5af', '18wg'],
    ...extra,
  },
});

/** What phase 3 of the demo plan does for 5th Air Force: USFJ takes OPCON from PACAF. */
export const opconUsfj5af: PlanOperation = {
  id: 'opcon',
  op: 'changeRelationship',
  relationshipId: 'opcon-pacaf-5af',
  newId: 'opcon-usfj-5af',
  patch: { superiorId: 'usfj' },
};
