import type { Relationship, RelationshipKind } from '../../../../src/domain/command/relationship.js';
import type { ChangeSet } from '../../../../src/domain/force/change.js';
import type { ForceTimeline } from '../../../../src/domain/force/timeline.js';
import type { UnitRole, UnitSlice } from '../../../../src/domain/force/unit.js';
import { PUBLIC_UNCLASSIFIED } from '../../../../src/domain/security/label.js';
import { contains, interval } from '../../../../src/domain/time/interval.js';

/** ForceTimeline over plain arrays: a real (unindexed beyond maps) implementation for rule tests. */
export class ArrayTimeline implements ForceTimeline {
  private readonly slices = new Map<string, UnitSlice[]>();
  private readonly rels = new Map<string, Relationship>();
  private readonly up = new Map<string, Relationship[]>();
  private readonly down = new Map<string, Relationship[]>();

  constructor(
    readonly units: readonly UnitSlice[],
    readonly relationships: readonly Relationship[],
  ) {
    for (const u of units) this.slices.set(u.id, [...(this.slices.get(u.id) ?? []), u]);
    for (const list of this.slices.values()) list.sort((a, b) => (a.valid.from < b.valid.from ? -1 : 1));
    const ordered = [...relationships].sort((a, b) => (`${a.valid.from}|${a.id}` < `${b.valid.from}|${b.id}` ? -1 : 1));
    for (const r of ordered) {
      this.rels.set(r.id, r);
      this.up.set(r.subordinateId, [...(this.up.get(r.subordinateId) ?? []), r]);
      this.down.set(r.superiorId, [...(this.down.get(r.superiorId) ?? []), r]);
    }
  }

  unitIds() {
    return this.slices.keys();
  }
  unitSlices(id: string) {
    return this.slices.get(id) ?? [];
  }
  unitAt(id: string, at: string) {
    return this.unitSlices(id).find((s) => contains(s.valid, at));
  }
  relationship(id: string) {
    return this.rels.get(id);
  }
  allRelationships() {
    return this.rels.values();
  }
  superiorEdges(id: string, kind?: RelationshipKind) {
    const all = this.up.get(id) ?? [];
    return kind ? all.filter((r) => r.kind === kind) : all;
  }
  subordinateEdges(id: string, kind?: RelationshipKind) {
    const all = this.down.get(id) ?? [];
    return kind ? all.filter((r) => r.kind === kind) : all;
  }

  /** The timeline after `change`: retire by id / (id, valid.from), then insert. */
  apply(change: ChangeSet): ArrayTimeline {
    const gone = new Set(change.retireUnitSlices.map((s) => `${s.id}|${s.validFrom}`));
    const retired = new Set(change.retireRelationships);
    return new ArrayTimeline(
      [...this.units.filter((u) => !gone.has(`${u.id}|${u.valid.from}`)), ...change.insertUnitSlices],
      [...this.relationships.filter((r) => !retired.has(r.id)), ...change.insertRelationships],
    );
  }
}

export const START = '2025-01-01';

export function unit(
  id: string,
  nation: string,
  service: string,
  roles: UnitRole[] = [],
  from = START,
  to: string | null = null,
): UnitSlice {
  return {
    id,
    name: id.toUpperCase(),
    shortName: id,
    nation,
    service,
    echelon: 'COMMAND',
    sidc: '10031000001100000000',
    homeStation: null,
    personnel: { authorized: null, assigned: null },
    roles,
    valid: interval(from, to),
    label: PUBLIC_UNCLASSIFIED,
  };
}

export function rel(
  id: string,
  kind: RelationshipKind,
  superiorId: string,
  subordinateId: string,
  extra: Partial<Relationship> & { from?: string; to?: string | null } = {},
): Relationship {
  const { from = START, to = null, ...rest } = extra;
  return {
    id,
    kind,
    superiorId,
    subordinateId,
    valid: interval(from, to),
    basis: 'ORDER-1',
    label: PUBLIC_UNCLASSIFIED,
    ...rest,
  };
}

/**
 * A small lawful force: INDOPACOM with an Army component (U.S. Army Japan, two battalions, a company and a platoon),
 * USFJ as a subordinate unified command, and Japan's JJOC over the GSDF Ground Component Command; parallel chains.
 */
export function baseForce() {
  const units = [
    unit('potus', 'USA', 'USA:JOINT', ['NATIONAL_COMMAND_AUTHORITY']),
    unit('indopacom', 'USA', 'USA:JOINT', ['COMBATANT_COMMAND']),
    unit('da', 'USA', 'USA:ARMY', ['SERVICE_HQ']),
    unit('daf', 'USA', 'USA:AIR_FORCE', ['SERVICE_HQ']),
    unit('usarpac', 'USA', 'USA:ARMY', ['SERVICE_COMPONENT']),
    unit('usfj', 'USA', 'USA:JOINT', ['SUBORDINATE_UNIFIED_COMMAND', 'JOINT_FORCE_HQ']),
    unit('usarj', 'USA', 'USA:ARMY'),
    unit('bn', 'USA', 'USA:ARMY'),
    unit('bn2', 'USA', 'USA:ARMY'),
    unit('co', 'USA', 'USA:ARMY'),
    unit('plt', 'USA', 'USA:ARMY'),
    unit('mod', 'JPN', 'JPN:JOINT', ['NATIONAL_COMMAND_AUTHORITY']),
    unit('jjoc', 'JPN', 'JPN:JOINT', ['JOINT_FORCE_HQ']),
    unit('gcc', 'JPN', 'JPN:GSDF'),
  ];
  const chain = (id: string, sup: string, sub: string) => [
    rel(`${id}-op`, 'OPCON', sup, sub),
    rel(`${id}-ad`, 'ADCON', sup, sub),
  ];
  const relationships = [
    rel('r-cocom-usarpac', 'COCOM', 'indopacom', 'usarpac', { transfer: 'ASSIGNED' }),
    rel('r-adcon-usarpac', 'ADCON', 'da', 'usarpac'),
    rel('r-opcon-usfj', 'OPCON', 'indopacom', 'usfj', { transfer: 'ASSIGNED' }),
    rel('r-adcon-usfj', 'ADCON', 'daf', 'usfj'),
    ...chain('r-usarj', 'usarpac', 'usarj'),
    ...chain('r-bn', 'usarj', 'bn'),
    ...chain('r-bn2', 'usarj', 'bn2'),
    ...chain('r-co', 'bn', 'co'),
    ...chain('r-plt', 'bn', 'plt'),
    rel('r-jjoc', 'OPCON', 'mod', 'jjoc'),
    rel('r-gcc', 'OPCON', 'jjoc', 'gcc'),
    rel('r-bocc', 'COORDINATION', 'usfj', 'jjoc', { basis: '2015 Guidelines, Alliance Coordination Mechanism' }),
  ];
  return { units, relationships };
}

/** The base force with extra units and relationships. */
export function forceWith(extraRels: Relationship[], extraUnits: UnitSlice[] = []): ArrayTimeline {
  const { units, relationships } = baseForce();
  return new ArrayTimeline([...units, ...extraUnits], [...relationships, ...extraRels]);
}
