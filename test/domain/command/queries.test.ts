import { describe, expect, it } from 'vitest';
import {
  chainOfCommand,
  controllersAt,
  diffStructure,
  diffTimelines,
  forest,
  searchUnits,
  subtree,
  unitHistory,
  type TreeNode,
} from '../../../src/domain/command/queries.js';
import { isC2Error } from '../../../src/domain/errors.js';
import { changeRelationship, deactivateUnit, updateUnit } from '../../../src/domain/force/operations.js';
import type { ForceTimeline } from '../../../src/domain/force/timeline.js';
import { alliance, d, LOADED_AT, rel, structureOf, unit } from '../force/fixture.js';

const ids = (links: Array<{ unit: { id: string } }>) => links.map((link) => link.unit.id);
const flatten = (node: TreeNode, depth = 0): string[] => [
  `${'  '.repeat(depth)}${node.unit.id}`,
  ...node.children.flatMap((child) => flatten(child, depth + 1)),
];

describe('chainOfCommand', () => {
  const tl = structureOf(alliance()).timeline();

  it('follows TACON first, then the holder’s own OPCON/COCOM chain to the national command authority', () => {
    const chain = chainOfCommand(tl, '44fs', 'TACON', d('2025-02-01'));
    expect(ids(chain)).toEqual(['44fs', '35fw', '5af', 'usfj', 'indopacom', 'us-nca']);
    expect(chain.map((link) => link.via?.kind ?? null)).toEqual([null, 'TACON', 'OPCON', 'OPCON', 'COCOM', 'OPCON']);
  });

  it('falls back to OPCON when no TACON holds, and follows changes over valid time', () => {
    expect(ids(chainOfCommand(tl, '44fs', 'TACON', d('2024-12-01')))).toEqual([
      '44fs',
      '18wg',
      '5af',
      'usfj',
      'indopacom',
      'us-nca',
    ]);
    expect(ids(chainOfCommand(tl, '44fs', 'OPCON', d('2025-02-01')))[1]).toBe('18wg');
    expect(ids(chainOfCommand(tl, '44fs', 'OPCON', d('2025-04-01')))[1]).toBe('35fw');
    expect(chainOfCommand(tl, '44fs', 'OPCON', d('2024-07-01'))[0]!.unit.name).toBe('44th Fighter Squadron');
  });

  it('keeps ADCON in the service chain and Japan in its own chain', () => {
    expect(ids(chainOfCommand(tl, '44fs', 'ADCON', d('2025-02-01')))).toEqual(['44fs', '18wg', '5af', 'usaf']);
    expect(ids(chainOfCommand(tl, '1div', 'OPCON', d('2025-01-01')))).toEqual(['1div', 'gcc', 'jp-nca']);
    expect(ids(chainOfCommand(tl, '1div', 'OPCON', d('2025-03-24')))).toEqual(['1div', 'gcc', 'jjoc', 'jp-nca']);
  });

  it('ends at the national command authority by statute where no relationship is recorded above a combatant command', () => {
    const structure = structureOf(alliance());
    const recorded = [...structure.timeline().superiorEdges('indopacom')].filter(
      (edge) => edge.superiorId === 'us-nca',
    );
    expect(recorded.length).toBeGreaterThan(0);
    const withoutEdge = structure.project({
      retireUnitSlices: [],
      retireRelationships: recorded.map((edge) => edge.id),
      insertUnitSlices: [],
      insertRelationships: [],
    });
    const chain = chainOfCommand(withoutEdge, '35fw', 'OPCON', d('2025-02-01'));
    expect(ids(chain).slice(-2)).toEqual(['indopacom', 'us-nca']);
    expect(chain.at(-1)).toMatchObject({ via: null, statute: '10 U.S.C. 162(b)' });
    // Administrative and coordination chains are not command: no statutory link is added to them.
    expect(ids(chainOfCommand(withoutEdge, '35fw', 'ADCON', d('2025-02-01')))).not.toContain('us-nca');
    // Japan's chain reaches its authority through recorded relationships and gains no U.S. statute.
    expect(
      chainOfCommand(withoutEdge, '1div', 'OPCON', d('2025-03-24')).every((link) => link.statute === undefined),
    ).toBe(true);
  });

  it('returns an empty chain before the unit exists, and C2_NOT_FOUND for an unknown unit', () => {
    expect(chainOfCommand(tl, 'jjoc', 'OPCON', d('2024-01-01'))).toEqual([]);
    expect(() => chainOfCommand(tl, 'nobody', 'OPCON', d('2024-01-01'))).toThrow(/no unit with id 'nobody'/);
    expect(() => chainOfCommand(tl, '5af', 'COMMAND' as never, d('2024-01-01'))).toThrow(
      /kind 'COMMAND' is not one of/,
    );
  });

  it('stops at a cycle instead of looping', () => {
    const force = alliance();
    force.relationships.push(rel('loop', 'OPCON', '44fs', 'usfj', '2025-06-01'));
    const looped = structureOf(force).timeline();
    // USFJ is now OPCON to the squadron at the bottom of its own chain: the walk stops before revisiting it.
    expect(ids(chainOfCommand(looped, '44fs', 'OPCON', d('2025-07-01')))).toEqual(['44fs', '35fw', '5af', 'usfj']);
  });
});

describe('chainOfCommand through the chain index', () => {
  // The index holds whole minutes within ±2,000 years; other units are walked from their objects. Both must answer
  // as the plain walk does (a timeline without the fast path).
  const plain = (tl: ForceTimeline): ForceTimeline => ({
    unitIds: () => tl.unitIds(),
    unitSlices: (id) => tl.unitSlices(id),
    unitAt: (id, at) => tl.unitAt(id, at),
    relationship: (id) => tl.relationship(id),
    allRelationships: () => tl.allRelationships(),
    superiorEdges: (id, kind) => tl.superiorEdges(id, kind),
    subordinateEdges: (id, kind) => tl.subordinateEdges(id, kind),
  });

  it('answers like the plain walk for instants the index cannot hold, around each of them', () => {
    const force = alliance();
    const odd = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();
    // 5 AF's OPCON edge starts 1.5 s late; 35 FW exists from a sub-minute instant; an edge ends in the year 5000.
    force.relationships = force.relationships.map((r) =>
      r.subordinateId === '5af' && r.kind === 'OPCON'
        ? { ...r, valid: { ...r.valid, from: odd(r.valid.from, 1500) } }
        : r,
    );
    force.units = force.units.map((u) =>
      u.id === '35fw' ? { ...u, valid: { ...u.valid, from: odd(u.valid.from, 59_999) } } : u,
    );
    force.relationships.push(rel('far', 'ADCON', 'usfj', '44fs', '2024-01-01', '5000-01-01'));
    const tl = structureOf(force).timeline();
    const probes = [...new Set(force.units.flatMap((u) => [u.valid.from, u.valid.to ?? d('2026-01-01')]))]
      .concat(force.relationships.flatMap((r) => [r.valid.from, r.valid.to ?? d('2027-01-01')]))
      .flatMap((at) => [odd(at, -1), at, odd(at, 1), odd(at, 60_000)]);
    let compared = 0;
    for (const at of probes) {
      for (const u of force.units) {
        for (const kind of ['OPCON', 'TACON', 'ADCON', 'COCOM'] as const) {
          const fast = chainOfCommand(tl, u.id, kind, at).map((l) => `${l.unit.id}<${l.via?.id ?? ''}`);
          expect(fast, `${kind} ${u.id} ${at}`).toEqual(
            chainOfCommand(plain(tl), u.id, kind, at).map((l) => `${l.unit.id}<${l.via?.id ?? ''}`),
          );
          compared += fast.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(ids(chainOfCommand(tl, '44fs', 'ADCON', d('4000-01-01')))).toContain('usfj');
    expect(ids(chainOfCommand(tl, '44fs', 'OPCON', '2025-03-01T00:00:00.000Z'))).toContain('5af');
  });

  it('answers for a unit named only by an edge as for an unknown one', () => {
    const force = alliance();
    force.relationships.push(rel('ghost', 'OPCON', 'ghost-hq', '44fs', '2030-01-01'));
    const tl = structureOf(force).timeline();
    expect(() => chainOfCommand(tl, 'ghost-hq', 'OPCON', d('2031-01-01'))).toThrow(/no unit with id 'ghost-hq'/);
    // The edge to it never holds (its superior never exists): the squadron's chain runs as before.
    const before = structureOf(alliance()).timeline();
    expect(ids(chainOfCommand(tl, '44fs', 'OPCON', d('2031-01-01')))).toEqual(
      ids(chainOfCommand(before, '44fs', 'OPCON', d('2031-01-01'))),
    );
  });
});

describe('controllersAt', () => {
  it('lists who holds each kind over a unit on a date', () => {
    const tl = structureOf(alliance()).timeline();
    const held = controllersAt(tl, '44fs', d('2025-02-01')).map((c) => `${c.kind}:${c.holder.id}`);
    expect(held).toEqual(['OPCON:18wg', 'TACON:35fw', 'ADCON:18wg']);
    expect(controllersAt(tl, '44fs', d('2025-05-01')).map((c) => `${c.kind}:${c.holder.id}`)).toEqual([
      'OPCON:35fw',
      'ADCON:18wg',
    ]);
  });
});

describe('subtree and forest', () => {
  const tl = structureOf(alliance()).timeline();

  it('builds the tree under a command by kinds, honouring depth and dates', () => {
    expect(flatten(subtree(tl, 'usfj', ['OPCON', 'TACON'], d('2025-02-01')))).toEqual([
      'usfj',
      '  5af',
      '    18wg',
      '      44fs',
      '    35fw',
    ]);
    expect(flatten(subtree(tl, 'usfj', ['OPCON'], d('2025-05-01')))).toEqual([
      'usfj',
      '  5af',
      '    18wg',
      '    35fw',
      '      44fs',
    ]);
    expect(flatten(subtree(tl, 'usfj', ['OPCON'], d('2025-05-01'), { maxDepth: 1 }))).toEqual(['usfj', '  5af']);
  });

  it('finds the roots per nation', () => {
    const roots = forest(tl, ['OPCON', 'COCOM'], d('2025-05-01'), { nation: 'JPN' });
    expect(roots.map(flatten)).toEqual([['jp-nca', '  jjoc', '    gcc', '      1div']]);
    const before = forest(tl, ['OPCON', 'COCOM'], d('2025-01-01'), { nation: 'JPN' });
    expect(before.map(flatten)).toEqual([['jp-nca', '  gcc', '    1div']]);
    const us = forest(tl, ['OPCON', 'COCOM'], d('2025-05-01'), { nation: 'USA' }).map((root) => root.unit.id);
    expect(us).toEqual(['usaf', 'us-nca']);
  });

  it('shows each unit once even when reached by two kinds', () => {
    const tree = subtree(tl, '5af', ['OPCON', 'ADCON'], d('2025-05-01'));
    const all = flatten(tree).map((line) => line.trim());
    expect(all.filter((id) => id === '44fs')).toHaveLength(1);
  });
});

describe('diffStructure', () => {
  it('reports units, relationships and per-command gains and losses between two dates', () => {
    const tl = structureOf(alliance()).timeline();
    const diff = diffStructure(tl, d('2025-01-15'), d('2025-05-01'));
    expect(diff.units.added.map((u) => u.id)).toEqual(['jjoc']);
    expect(diff.units.removed).toEqual([]);
    expect(diff.relationships.removed.map((r) => r.id).sort()).toEqual(['r11a', 'r5', 'r6']);
    expect(diff.relationships.added.map((r) => r.id).sort()).toEqual(['r10', 'r11', 'r13', 'r14']);
    const fw35 = diff.commands.find((c) => c.commandId === '35fw')!;
    expect(fw35.gained).toEqual({ OPCON: ['44fs'] });
    expect(fw35.lost).toEqual({ TACON: ['44fs'] });
    expect(diff.commands.find((c) => c.commandId === '18wg')!.lost).toEqual({ OPCON: ['44fs'] });
  });

  it('reports field changes of a unit and pairs a re-issued relationship by its ends', () => {
    const structure = structureOf(alliance());
    const tl = structure.timeline();
    const renamed = structure.project(updateUnit(tl, '5af', d('2025-06-01'), { name: 'Fifth Air Force (JFACC)' }));
    const basis = changeRelationship(renamed, 'r3', d('2025-06-01'), { basis: 'EXORD 25-01' });
    const projected = structure.project({
      ...basis,
      retireUnitSlices: [{ id: '5af', validFrom: d('2020-01-01') }],
      insertUnitSlices: renamed.unitSlices('5af') as never,
    });
    const diff = diffStructure(projected, d('2025-05-01'), d('2025-07-01'));
    expect(diff.units.changed).toEqual([
      expect.objectContaining({
        id: '5af',
        fields: [{ field: 'name', before: 'Fifth Air Force', after: 'Fifth Air Force (JFACC)' }],
      }),
    ]);
    expect(diff.relationships.changed).toHaveLength(1);
    expect(diff.relationships.changed[0]!.fields).toEqual([
      { field: 'basis', before: 'order r3', after: 'EXORD 25-01' },
    ]);
    expect(diff.commands).toEqual([]);
  });

  it('diffs current against projected at one date', () => {
    const structure = structureOf(alliance());
    const tl = structure.timeline();
    const projected = structure.project(deactivateUnit(tl, '18wg', d('2025-01-01')));
    const diff = diffTimelines({ timeline: tl, at: d('2025-02-01') }, { timeline: projected, at: d('2025-02-01') });
    expect(diff.units.removed.map((u) => u.id)).toEqual(['18wg']);
    expect(diff.relationships.removed.map((r) => r.id).sort()).toEqual(['r4', 'r5', 'r8', 'r9']);
    expect(diff.commands.find((c) => c.commandId === '5af')!.lost).toEqual({ OPCON: ['18wg'], ADCON: ['18wg'] });
  });
});

describe('record time', () => {
  it('shows what was known at a past record time after a correction', () => {
    const structure = structureOf(alliance());
    const wrong = rel('r20', 'SUPPORT', '18wg', '1div', '2025-03-01', null, { supportCategory: 'GENERAL' });
    structure.apply(
      { retireUnitSlices: [], retireRelationships: [], insertUnitSlices: [], insertRelationships: [wrong] },
      2,
      d('2025-03-01'),
    );
    const fixed = { ...wrong, superiorId: '35fw', valid: { from: d('2025-03-05'), to: null } };
    structure.apply(
      { retireUnitSlices: [], retireRelationships: ['r20'], insertUnitSlices: [], insertRelationships: [fixed] },
      3,
      d('2025-03-10'),
    );

    const mar5 = structure.timeline(d('2025-03-05'));
    expect(mar5.relationship('r20')?.superiorId).toBe('18wg');
    expect(mar5.subordinateEdges('18wg', 'SUPPORT').map((r) => r.id)).toEqual(['r20']);
    expect(mar5.subordinateEdges('35fw', 'SUPPORT')).toEqual([]);
    expect(
      structure
        .timeline()
        .subordinateEdges('35fw', 'SUPPORT')
        .map((r) => r.valid.from),
    ).toEqual([d('2025-03-05')]);
    expect(structure.timeline().subordinateEdges('18wg', 'SUPPORT')).toEqual([]);
    // Before anything about r20 was recorded.
    expect(structure.timeline(d('2025-02-01')).relationship('r20')).toBeUndefined();
    expect(structure.timeline(d('2019-01-01')).unitSlices('5af')).toEqual([]);
  });
});

describe('unitHistory', () => {
  it('lists a unit’s events in valid-time order with the record time each was learned', () => {
    const structure = structureOf(alliance());
    const change = deactivateUnit(structure.timeline(), '44fs', d('2026-01-01'));
    structure.apply(change, 2, d('2025-09-01'));
    const events = unitHistory(structure, '44fs');
    expect(events.map((e) => `${e.at.slice(0, 10)} ${e.kind} ${e.relationship?.id ?? ''}`.trim())).toEqual([
      '2020-01-01 UNIT_ACTIVATED',
      '2020-01-01 RELATIONSHIP_STARTED r5',
      '2020-01-01 RELATIONSHIP_STARTED r9',
      '2024-06-01 UNIT_CHANGED',
      '2025-01-01 RELATIONSHIP_STARTED r6',
      '2025-03-01 RELATIONSHIP_ENDED r6',
      '2025-04-01 RELATIONSHIP_ENDED r5',
      '2025-04-01 RELATIONSHIP_STARTED r14',
      '2026-01-01 RELATIONSHIP_ENDED r14',
      '2026-01-01 RELATIONSHIP_ENDED r9',
      '2026-01-01 UNIT_DEACTIVATED',
    ]);
    const changed = events.find((e) => e.kind === 'UNIT_CHANGED')!;
    expect(changed.changes).toEqual([{ field: 'name', before: '44th Fighter Sqn', after: '44th Fighter Squadron' }]);
    expect(events[0]!.learnedAt).toBe(LOADED_AT);
    expect(events.at(-1)!.learnedAt).toBe(d('2025-09-01'));
    expect(events.find((e) => e.kind === 'RELATIONSHIP_STARTED' && e.relationship?.id === 'r14')!.learnedAt).toBe(
      LOADED_AT,
    );
    // As known before the deactivation was recorded, the unit has no end.
    const earlier = unitHistory(structure, '44fs', { knownAt: d('2025-08-01') });
    expect(earlier.some((e) => e.kind === 'UNIT_DEACTIVATED')).toBe(false);
  });
});

describe('searchUnits', () => {
  it('ranks exact short name, then prefix, then substring, folding case and accents', () => {
    const force = alliance();
    force.units.push(unit('zama', 'USA:ARMY', 'COMMAND', { name: 'U.S. Army Japan (Camp Zāma)', shortName: 'USARJ' }));
    force.units.push(unit('fs', 'USA:AIR_FORCE', 'COMPANY', { name: 'Flight Support', shortName: 'FS' }));
    const tl = structureOf(force).timeline();
    const at = d('2025-05-01');
    expect(searchUnits(tl, 'zama', at).map((u) => u.id)).toEqual(['zama']);
    expect(searchUnits(tl, 'fs', at).map((u) => u.id)).toEqual(['fs', '44fs']);
    expect(searchUnits(tl, 'jj', at).map((u) => u.id)).toEqual(['jjoc']);
    expect(searchUnits(tl, 'jj', d('2025-01-01'))).toEqual([]);
    expect(searchUnits(tl, 'FIGHTER', at).map((u) => u.id)).toEqual(['35fw', '44fs']);
    expect(searchUnits(tl, '  ', at)).toEqual([]);
  });
});

describe('errors', () => {
  it('subtree of a unit not in existence is C2_NOT_FOUND', () => {
    const tl = structureOf(alliance()).timeline();
    try {
      subtree(tl, 'jjoc', ['OPCON'], d('2024-01-01'));
      expect.unreachable();
    } catch (error) {
      expect(isC2Error(error) && error.code).toBe('C2_NOT_FOUND');
    }
  });
});
