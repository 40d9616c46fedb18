import { describe, expect, it } from 'vitest';
import type { Relationship, TreeNode, UnitSlice } from '../../web/src/api.js';
import { groupDiff, parentsOf } from '../../web/src/diffGroups.js';
import type { FlatDiff } from '../../web/src/endpoints/diff.js';

const unit = (id: string) => ({ id, shortName: id.toUpperCase(), name: id }) as UnitSlice;
const edge = (superiorId: string, subordinateId: string) =>
  ({ id: `opcon-${superiorId}-${subordinateId}`, kind: 'OPCON', superiorId, subordinateId }) as Relationship;
const node = (id: string, children: TreeNode[] = []): TreeNode => ({ unit: unit(id), via: null, children });

const empty: FlatDiff = {
  unitsAdded: [],
  unitsRemoved: [],
  unitsChanged: [],
  relationshipsAdded: [],
  relationshipsRemoved: [],
  relationshipsChanged: [],
  commands: [],
};

describe('groupDiff', () => {
  it('puts gains and losses under their command, added units under their new superior, removed ones under the old', () => {
    const before = parentsOf([node('nca', [node('jso', [node('gcc')])])]);
    const after = parentsOf([node('nca', [node('jso'), node('jjoc', [node('gcc')])])]);
    const groups = groupDiff(
      {
        ...empty,
        unitsAdded: [unit('jjoc')],
        unitsRemoved: [unit('old')],
        unitsChanged: [{ id: 'gcc', before: unit('gcc'), after: unit('gcc'), fields: [] }],
        relationshipsAdded: [edge('nca', 'jjoc'), edge('jjoc', 'gcc')],
        relationshipsRemoved: [edge('jso', 'gcc'), edge('jso', 'old')],
        commands: [
          { commandId: 'jjoc', gained: { OPCON: ['gcc'] }, lost: {} },
          { commandId: 'jso', gained: {}, lost: { OPCON: ['gcc', 'old'] } },
        ],
      },
      before,
      after,
    );
    const byCommand = new Map(groups.map((g) => [g.commandId, g]));
    expect(byCommand.get('jjoc')?.gained).toEqual([{ kind: 'OPCON', unitId: 'gcc' }]);
    expect(byCommand.get('jjoc')?.unitsChanged.map((c) => c.id)).toEqual(['gcc']);
    expect(byCommand.get('jso')?.lost.map((l) => l.unitId)).toEqual(['gcc', 'old']);
    expect(byCommand.get('jso')?.unitsRemoved.map((u) => u.id)).toEqual(['old']);
    expect(byCommand.get('nca')?.unitsAdded.map((u) => u.id)).toEqual(['jjoc']);
  });

  it('keeps units with no superior on either date in the group without a command', () => {
    const groups = groupDiff({ ...empty, unitsAdded: [unit('loose')] }, new Map(), new Map());
    expect(groups).toHaveLength(1);
    expect(groups[0]?.commandId).toBeNull();
  });
});

describe('parentsOf', () => {
  it('maps each unit to the superior it first appears under', () => {
    const parents = parentsOf([node('a', [node('b', [node('c')])]), node('x', [node('c')])]);
    expect([...parents]).toEqual([
      ['b', 'a'],
      ['c', 'b'],
    ]);
  });
});
