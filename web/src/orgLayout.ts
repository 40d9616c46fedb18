/**
 * Top-down tidy layout for an org chart. Each parent is centred over its children; a parent whose children are all
 * leaves and that has `stackFrom` or more of them lists them in a column beneath it instead, which keeps wide
 * headquarters (dozens of direct reports) from stretching the chart sideways.
 */

export interface LayoutInput<T> {
  key: string;
  data: T;
  children: LayoutInput<T>[];
}

export interface PlacedNode<T> {
  key: string;
  data: T;
  x: number;
  y: number;
  depth: number;
}

export interface PlacedEdge<T> {
  from: PlacedNode<T>;
  to: PlacedNode<T>;
  /** How the link leaves the parent: 'tree' from the bottom centre, 'stack' from the left column rail. */
  style: 'tree' | 'stack';
}

export interface Layout<T> {
  nodes: PlacedNode<T>[];
  edges: PlacedEdge<T>[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  boxWidth: number;
  boxHeight: number;
  /** Horizontal space between neighbouring subtrees. */
  gapX: number;
  /** Vertical space between a parent and its children. */
  gapY: number;
  /** Vertical space between stacked leaves. */
  stackGap: number;
  /** How far stacked leaves are indented from their parent's left edge. */
  stackIndent: number;
  stackFrom: number;
  margin: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = {
  boxWidth: 212,
  boxHeight: 56,
  gapX: 20,
  gapY: 48,
  stackGap: 10,
  stackIndent: 28,
  stackFrom: 3,
  margin: 16,
};

interface Measured<T> {
  input: LayoutInput<T>;
  width: number;
  stacked: boolean;
  children: Measured<T>[];
}

function measure<T>(input: LayoutInput<T>, o: LayoutOptions): Measured<T> {
  const children = input.children.map((c) => measure(c, o));
  const stacked = children.length >= o.stackFrom && children.every((c) => c.children.length === 0);
  let width = o.boxWidth;
  if (stacked) width = o.stackIndent + o.boxWidth;
  else if (children.length > 0) {
    width = Math.max(o.boxWidth, children.reduce((sum, c) => sum + c.width, 0) + o.gapX * (children.length - 1));
  }
  return { input, width, stacked, children };
}

export function layoutTree<T>(roots: LayoutInput<T>[], options: Partial<LayoutOptions> = {}): Layout<T> {
  const o = { ...DEFAULT_LAYOUT, ...options };
  const nodes: PlacedNode<T>[] = [];
  const edges: PlacedEdge<T>[] = [];
  let bottom = 0;

  // Places a measured subtree whose left edge is `left`; returns the placed root.
  const place = (m: Measured<T>, left: number, depth: number, top: number): PlacedNode<T> => {
    const x = m.stacked ? left : left + (m.width - o.boxWidth) / 2;
    const node: PlacedNode<T> = { key: m.input.key, data: m.input.data, x, y: top, depth };
    nodes.push(node);
    bottom = Math.max(bottom, top + o.boxHeight);
    if (m.stacked) {
      m.children.forEach((c, i) => {
        const childTop = top + o.boxHeight + o.stackGap + i * (o.boxHeight + o.stackGap);
        edges.push({ from: node, to: place(c, left + o.stackIndent, depth + 1, childTop), style: 'stack' });
      });
    } else {
      const childrenWidth = m.children.reduce((sum, c) => sum + c.width, 0) + o.gapX * (m.children.length - 1);
      let cursor = left + (m.width - childrenWidth) / 2;
      for (const c of m.children) {
        edges.push({ from: node, to: place(c, cursor, depth + 1, top + o.boxHeight + o.gapY), style: 'tree' });
        cursor += c.width + o.gapX;
      }
    }
    return node;
  };

  let cursor = o.margin;
  for (const root of roots) {
    const m = measure(root, o);
    place(m, cursor, 0, o.margin);
    cursor += m.width + o.gapX * 2;
  }
  const width = roots.length ? cursor - o.gapX * 2 + o.margin : 0;
  return { nodes, edges, width, height: roots.length ? bottom + o.margin : 0 };
}
