import { describe, expect, it } from 'vitest';
import { type ChartNode, changedBranches, chartFromComparison, countMarks } from '../../web/src/chartModel.js';
import type { CompareTree } from '../../web/src/endpoints/plans.js';

const compare = (unitId: string, mark: string, children: CompareTree[] = []): CompareTree =>
  ({
    unitId,
    name: unitId,
    shortName: unitId.toUpperCase(),
    sidc: '10031000000000000000',
    echelon: 'COMMAND',
    nation: 'USA',
    via: null,
    mark,
    changes: mark === 'changed' ? ['name'] : [],
    children,
  }) as CompareTree;

const keys = (nodes: ChartNode[]): string[] =>
  nodes.flatMap((n) => [n.unitId ?? 'withheld', ...keys(n.children).map((k) => `${n.unitId}>${k}`)]);

describe('chart model of a plan comparison', () => {
  const tree = [
    compare('top', 'unchanged', [
      compare('a', 'unchanged', [compare('a1', 'unchanged')]),
      compare('b', 'moved', [compare('b1', 'unchanged', [compare('b11', 'unchanged')]), compare('b2', 'changed')]),
    ]),
    compare('other', 'unchanged', [compare('o1', 'unchanged')]),
    { withheld: true, children: [compare('w1', 'added')] } as CompareTree,
  ];
  const chart = chartFromComparison(tree);

  it('keeps marked nodes with their ancestors and one level of context below, and drops unchanged branches', () => {
    expect(keys(changedBranches(chart))).toEqual(['top', 'top>b', 'top>b>b1', 'top>b>b2', 'withheld', 'null>w1']);
  });

  it('gives withheld nodes no unit and counts marks per unit', () => {
    expect(chart[2]?.unitId).toBeNull();
    expect(chart[2]?.shortName).toBe('Withheld');
    const counts = countMarks(chart);
    expect([...counts].map(([mark, ids]) => [mark, [...ids]])).toEqual([
      ['moved', ['b']],
      ['changed', ['b2']],
      ['added', ['w1']],
    ]);
  });
});
