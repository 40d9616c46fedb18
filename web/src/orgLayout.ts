/**
 * Org chart layout. The top `stackDepth` levels spread sideways, each parent centred over its children; below that
 * (and wherever a parent has `stackFrom` or more leaf children) children hang in an indented column under their parent,
 * which keeps a wide headquarters from stretching the chart. Separate roots are drawn one under another.
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
  /** How the link leaves the parent: 'tree' from the bottom centre, 'stack' down the parent's left rail. */
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
  /** Vertical space between a parent and children spread below it, and between roots. */
  gapY: number;
  /** Vertical space between stacked children. */
  stackGap: number;
  /** How far stacked children are indented from their parent's left edge. */
  stackIndent: number;
  /** Parents at this depth or deeper stack their children. */
  stackDepth: number;
  /** A parent with this many children, all leaves, stacks them at any depth. */
  stackFrom: number;
  margin: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = {
  boxWidth: 188,
  boxHeight: 56,
  gapX: 16,
  gapY: 40,
  stackGap: 8,
  stackIndent: 22,
  stackDepth: 1,
  stackFrom: 4,
  margin: 16,
};

interface Measured<T> {
  input: LayoutInput<T>;
  width: number;
  height: number;
  stacked: boolean;
  children: Measured<T>[];
}

function measure<T>(input: LayoutInput<T>, depth: number, o: LayoutOptions): Measured<T> {
  const children = input.children.map((c) => measure(c, depth + 1, o));
  const allLeaves = children.every((c) => c.children.length === 0);
  const stacked = children.length > 0 && (depth >= o.stackDepth || (allLeaves && children.length >= o.stackFrom));
  let width = o.boxWidth;
  let height = o.boxHeight;
  if (stacked) {
    width = Math.max(o.boxWidth, o.stackIndent + Math.max(...children.map((c) => c.width)));
    height += children.reduce((sum, c) => sum + o.stackGap + c.height, 0);
  } else if (children.length > 0) {
    width = Math.max(o.boxWidth, children.reduce((sum, c) => sum + c.width, 0) + o.gapX * (children.length - 1));
    height += o.gapY + Math.max(...children.map((c) => c.height));
  }
  return { input, width, height, stacked, children };
}

export function layoutTree<T>(roots: LayoutInput<T>[], options: Partial<LayoutOptions> = {}): Layout<T> {
  const o = { ...DEFAULT_LAYOUT, ...options };
  const nodes: PlacedNode<T>[] = [];
  const edges: PlacedEdge<T>[] = [];

  // Places a measured subtree in the box whose top-left corner is (left, top); returns the placed root.
  const place = (m: Measured<T>, left: number, top: number, depth: number): PlacedNode<T> => {
    const x = m.stacked ? left : left + (m.width - o.boxWidth) / 2;
    const node: PlacedNode<T> = { key: m.input.key, data: m.input.data, x, y: top, depth };
    nodes.push(node);
    if (m.stacked) {
      let cursor = top + o.boxHeight + o.stackGap;
      for (const c of m.children) {
        edges.push({ from: node, to: place(c, left + o.stackIndent, cursor, depth + 1), style: 'stack' });
        cursor += c.height + o.stackGap;
      }
    } else if (m.children.length > 0) {
      const childrenWidth = m.children.reduce((sum, c) => sum + c.width, 0) + o.gapX * (m.children.length - 1);
      let cursor = left + (m.width - childrenWidth) / 2;
      const placed = m.children.map((c) => {
        const child = place(c, cursor, top + o.boxHeight + o.gapY, depth + 1);
        cursor += c.width + o.gapX;
        edges.push({ from: node, to: child, style: 'tree' });
        return child;
      });
      // Centre over the first and last child boxes (not their subtrees, which stacked columns make lopsided).
      node.x = (placed[0]!.x + placed.at(-1)!.x) / 2;
    }
    return node;
  };

  const measured = roots.map((r) => measure(r, 0, o));
  const width = Math.max(0, ...measured.map((m) => m.width));
  let top = o.margin;
  for (const m of measured) {
    place(m, o.margin, top, 0);
    top += m.height + o.gapY;
  }
  return {
    nodes,
    edges,
    width: roots.length ? width + 2 * o.margin : 0,
    height: roots.length ? top - o.gapY + o.margin : 0,
  };
}
