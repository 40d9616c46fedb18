import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Relationship } from '../../../src/domain/command/relationship.js';
import { type ChangeSet, emptyChangeSet } from '../../../src/domain/force/change.js';
import { endRelationship, startRelationship, updateUnit } from '../../../src/domain/force/operations.js';
import { toMs } from '../../../src/domain/force/chain-index.js';
import { projectTimeline } from '../../../src/domain/force/overlay.js';
import { ForceStructure, type ForceVersions } from '../../../src/domain/force/structure.js';
import type { Versioned } from '../../../src/domain/time/bitemporal.js';
import { alliance, d, rel, snapshot, structureOf } from './fixture.js';

function allVersions(
  structure: ForceStructure,
  force: { units: { id: string }[]; relationships: Relationship[] },
  extraRelIds: string[],
) {
  const units = [...new Set(force.units.map((u) => u.id))].flatMap((id) => structure.versionsOf(id));
  const relIds = [...new Set([...force.relationships.map((r) => r.id), ...extraRelIds])];
  return {
    units: [...units],
    relationships: relIds.flatMap((id) => structure.relationshipVersionsOf(id)),
  } as ForceVersions;
}

describe('toMs', () => {
  it('reads canonical instants exactly as Date.parse does', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01Z'), max: new Date('2199-12-31Z'), noInvalidDate: true }),
        (date) => {
          const instant = date.toISOString();
          expect(toMs(instant)).toBe(Date.parse(instant));
        },
      ),
    );
    expect(toMs(null)).toBe(Number.POSITIVE_INFINITY);
    expect(toMs('2025-03-24T09:00:00+09:00')).toBe(Date.parse('2025-03-24T00:00:00Z'));
  });
});

describe('ForceStructure', () => {
  it('indexes current versions by unit, subordinate and superior, sorted by valid.from', () => {
    const tl = structureOf(alliance()).timeline();
    expect(tl.unitSlices('44fs').map((s) => s.valid.from)).toEqual([d('2020-01-01'), d('2024-06-01')]);
    expect(tl.unitAt('44fs', d('2024-05-31'))?.name).toBe('44th Fighter Sqn');
    expect(tl.unitAt('44fs', d('2024-06-01'))?.name).toBe('44th Fighter Squadron');
    expect(tl.unitAt('jjoc', d('2025-03-23'))).toBeUndefined();
    expect(tl.superiorEdges('44fs').map((r) => r.id)).toEqual(['r5', 'r9', 'r6', 'r14']);
    expect(tl.superiorEdges('44fs', 'OPCON').map((r) => r.id)).toEqual(['r5', 'r14']);
    expect(tl.subordinateEdges('5af', 'OPCON').map((r) => r.id)).toEqual(['r4', 'r4b']);
    expect(tl.subordinateEdges('nobody')).toEqual([]);
  });

  it('apply retires and inserts versions, and equals a structure rebuilt from the same versions', () => {
    const force = alliance();
    const structure = structureOf(force);
    const tl = structure.timeline();
    const held: readonly Relationship[] = tl.superiorEdges('44fs', 'OPCON');
    const change = endRelationship(tl, 'r14', d('2026-01-01'));
    structure.apply(change, 2, d('2025-06-01'));
    const added = startRelationship(structure.timeline(), rel('r30', 'OPCON', '18wg', '44fs', '2026-01-01'));
    structure.apply(added, 3, d('2025-06-02'));
    structure.apply(updateUnit(structure.timeline(), '5af', d('2025-01-01'), { shortName: '5AF' }), 4, d('2025-06-03'));

    expect(held.map((r) => r.id)).toEqual(['r5', 'r14']); // a list already handed out does not change
    const now = structure.timeline();
    expect(now.superiorEdges('44fs', 'OPCON').map((r) => `${r.id} ${r.valid.to ?? ''}`)).toEqual([
      `r5 ${d('2025-04-01')}`,
      `r14 ${d('2026-01-01')}`,
      'r30 ',
    ]);
    const r14 = structure.relationshipVersionsOf('r14');
    expect(r14.map((v) => [v.txId, v.recorded.from, v.recorded.to])).toEqual([
      [1, d('2019-12-01'), d('2025-06-01')],
      [2, d('2025-06-01'), null],
    ]);
    const rebuilt = ForceStructure.from(allVersions(structure, force, ['r30']));
    expect(snapshot(rebuilt.timeline())).toEqual(snapshot(now));
    expect(snapshot(rebuilt.timeline(d('2025-06-01T12:00:00.000Z')))).toEqual(
      snapshot(structure.timeline(d('2025-06-01T12:00:00.000Z'))),
    );
  });

  it('merge takes versions in any order, and is idempotent', () => {
    const force = alliance();
    const source = structureOf(force);
    const follower = structureOf(force);
    const change = endRelationship(source.timeline(), 'r13', d('2025-12-01'));
    source.apply(change, 2, d('2025-06-01'));
    const since: ForceVersions = {
      units: [],
      relationships: [...source.relationshipVersionsOf('r13')].reverse() as Versioned<Relationship>[],
    };
    follower.merge(since);
    follower.merge(since);
    expect(snapshot(follower.timeline())).toEqual(snapshot(source.timeline()));
    expect(follower.relationshipVersionsOf('r13')).toHaveLength(2);
    expect(follower.timeline(d('2025-05-01')).relationship('r13')?.valid.to).toBeNull();
  });

  it('rejects a change that does not fit the current versions with C2_CONFLICT, changing nothing', () => {
    const structure = structureOf(alliance());
    const before = snapshot(structure.timeline());
    const bad: ChangeSet = { ...emptyChangeSet(), retireRelationships: ['r1', 'nope'] };
    expect(() => structure.apply(bad, 2, d('2025-06-01'))).toThrow(expect.objectContaining({ code: 'C2_CONFLICT' }));
    const overlap: ChangeSet = {
      ...emptyChangeSet(),
      insertUnitSlices: [{ ...structure.timeline().unitSlices('5af')[0]!, name: 'x' }],
    };
    expect(() => structure.apply(overlap, 2, d('2025-06-01'))).toThrow(/overlaps/);
    const duplicate: ChangeSet = { ...emptyChangeSet(), insertRelationships: [rel('r1', 'OPCON', 'usfj', '5af')] };
    expect(() => structure.apply(duplicate, 2, d('2025-06-01'))).toThrow(
      expect.objectContaining({ code: 'C2_DUPLICATE_ID' }),
    );
    expect(snapshot(structure.timeline())).toEqual(before);
  });

  it('projects a change as an overlay that answers like the applied structure, leaving the base untouched', () => {
    const force = alliance();
    const structure = structureOf(force);
    const before = snapshot(structure.timeline());
    const change = updateUnit(structure.timeline(), '44fs', d('2025-02-01'), { name: 'Renamed' });
    change.insertRelationships.push(rel('r40', 'OPCON', 'jp-nca', 'new-unit', '2025-01-01'));
    change.retireRelationships.push('r6');
    const projected = structure.project(change);
    expect(snapshot(structure.timeline())).toEqual(before);
    const applied = structureOf(force);
    applied.apply(change, 2, d('2025-06-01'));
    expect(snapshot(projected)).toEqual(snapshot(applied.timeline()));
    // Overlays stack: a second phase on the first.
    const phase2 = endRelationship(projected, 'r40', d('2025-02-01'));
    applied.apply(phase2, 3, d('2025-06-02'));
    expect(snapshot(projectTimeline(projected, phase2))).toEqual(snapshot(applied.timeline()));
  });
});
