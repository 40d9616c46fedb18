import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, type LayoutInput, layoutTree } from '../../web/src/orgLayout.js';

const node = (key: string, ...children: LayoutInput<string>[]): LayoutInput<string> => ({ key, data: key, children });
const { boxWidth: W, boxHeight: H } = DEFAULT_LAYOUT;

function overlaps(a: { x: number; y: number }, b: { x: number; y: number }) {
  return a.x < b.x + W && b.x < a.x + W && a.y < b.y + H && b.y < a.y + H;
}

describe('org chart layout', () => {
  const tree = [node('A', node('B', node('D', node('G')), node('E')), node('C', node('F', node('H'), node('I'))))];
  const layout = layoutTree(tree);
  const at = (key: string) => layout.nodes.find((n) => n.key === key)!;

  it('places every node once, children one level below their parent', () => {
    expect(layout.nodes.map((n) => n.key).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']);
    for (const e of layout.edges) expect(e.to.y).toBeGreaterThan(e.from.y + H - 1);
    expect(layout.edges).toHaveLength(8);
  });

  it('centres a parent over its children and keeps boxes apart', () => {
    const [b, c] = [at('B'), at('C')];
    expect(at('A').x).toBeCloseTo((b.x + c.x) / 2);
    for (const a of layout.nodes) for (const z of layout.nodes) if (a !== z) expect(overlaps(a, z)).toBe(false);
  });

  it('stacks many leaf children in a column instead of widening the chart', () => {
    const wide = layoutTree([node('HQ', ...Array.from({ length: 12 }, (_, i) => node(`L${i}`)))]);
    expect(wide.width).toBeLessThan(2 * (W + DEFAULT_LAYOUT.stackIndent));
    const leaves = wide.nodes.filter((n) => n.key.startsWith('L'));
    expect(new Set(leaves.map((n) => n.x)).size).toBe(1);
    expect(new Set(leaves.map((n) => n.y)).size).toBe(12);
    expect(wide.edges.every((e) => e.style === 'stack')).toBe(true);
  });

  it('keeps the bounds around every box', () => {
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.x + W).toBeLessThanOrEqual(layout.width);
      expect(n.y + H).toBeLessThanOrEqual(layout.height);
    }
  });
});

describe('org chart layout at depth', () => {
  it('hangs deep levels in indented columns and draws separate roots one under another', () => {
    const deep = layoutTree([node('R', node('A', node('B', node('C'), node('D')))), node('S')]);
    const at = (key: string) => deep.nodes.find((n) => n.key === key)!;
    expect(at('C').x).toBe(at('B').x + DEFAULT_LAYOUT.stackIndent);
    expect(at('D').y).toBeGreaterThan(at('C').y);
    expect(at('S').y).toBeGreaterThan(at('D').y);
    expect(
      deep.edges
        .filter((e) => e.style === 'stack')
        .map((e) => e.to.key)
        .sort(),
    ).toEqual(['B', 'C', 'D']);
  });
});
