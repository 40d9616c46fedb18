import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { RelationshipKind } from '../api.js';
import type { ChartNode } from '../chartModel.js';
import { banner, portionMark } from '../marking.js';
import { DEFAULT_LAYOUT, type LayoutInput, layoutTree, type PlacedEdge } from '../orgLayout.js';
import { go } from '../router.js';
import { EDGE_STYLES } from './edgeStyle.js';
import { COMPACT_STAFF, symbolSvg } from './UnitSymbol.js';

const { boxWidth: W, boxHeight: H } = DEFAULT_LAYOUT;
const SYMBOL_SIZE = 20;
const TEXT_X = 56;

function toInput(nodes: ChartNode[]): LayoutInput<ChartNode>[] {
  return nodes.map((n) => ({ key: n.key, data: n, children: toInput(n.children) }));
}

/** Ids of the chart's SVG definitions, unique per chart so two charts can share a page. */
interface DefIds {
  clip: string;
  arrow: string;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function edgePath(e: PlacedEdge<ChartNode>): string {
  if (e.style === 'stack') {
    const x = e.from.x + DEFAULT_LAYOUT.stackIndent / 2;
    const y0 = e.from.y + H;
    const y1 = e.to.y + H / 2;
    return `M${x},${y0} V${y1 - 8} Q${x},${y1} ${x + 8},${y1} H${e.to.x}`;
  }
  const x0 = e.from.x + W / 2;
  const y0 = e.from.y + H;
  const x1 = e.to.x + W / 2;
  const y1 = e.to.y;
  const mid = (y0 + y1) / 2;
  return `M${x0},${y0} C${x0},${mid} ${x1},${mid} ${x1},${y1}`;
}

function Edge({ edge, ids }: { edge: PlacedEdge<ChartNode>; ids: DefIds }) {
  const kind: RelationshipKind = edge.to.data.kind ?? 'OPCON';
  const s = EDGE_STYLES[kind];
  const d = edgePath(edge);
  if (s.double) {
    return (
      <g className={`edge edge-${kind}`} data-kind={kind}>
        <path d={d} fill="none" stroke={s.stroke} strokeWidth={s.width * 3.2} />
        <path d={d} fill="none" stroke="var(--chart-bg)" strokeWidth={s.width * 1.2} />
      </g>
    );
  }
  return (
    <path
      className={`edge edge-${kind}`}
      data-kind={kind}
      d={d}
      fill="none"
      stroke={s.stroke}
      strokeWidth={s.width}
      strokeDasharray={s.dash}
      // SUPPORT points from the supporting (subordinate side) to the supported commander.
      markerStart={s.arrow ? `url(#${ids.arrow})` : undefined}
    />
  );
}

const MARK_TAGS: Record<string, string> = { added: 'ADDED', removed: 'REMOVED', moved: 'MOVED', changed: 'CHANGED' };

function UnitBox({ node, x, y, ids }: { node: ChartNode; x: number; y: number; ids: DefIds }) {
  const svg = symbolSvg(node.sidc, SYMBOL_SIZE, COMPACT_STAFF);
  const mark = node.label ? portionMark(node.label) : null;
  const tag = node.mark ? MARK_TAGS[node.mark] : undefined;
  const change = tag ? `${tag.toLowerCase()}${node.changes?.length ? `: ${node.changes.join(', ')}` : ''}` : '';
  const label = `${mark ? `${mark} ` : ''}${node.shortName}: ${node.name}${change ? ` (${change})` : ''}`;
  const href = node.unitId ? `/units/${encodeURIComponent(node.unitId)}` : null;
  const open = () => href && go(href);
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it behaves as one.
    <g
      className={`chart-node${node.mark ? ` mark-${node.mark}` : ''}${node.unitId ? '' : ' withheld'}`}
      transform={`translate(${x},${y})`}
      role="button"
      tabIndex={href ? 0 : -1}
      aria-disabled={href ? undefined : true}
      aria-label={label}
      data-unit-id={node.unitId ?? undefined}
      data-mark={node.mark}
      onClick={open}
      onKeyDown={(e) => {
        if (href && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          open();
        }
      }}
    >
      <title>{label}</title>
      <rect className="chart-box" width={W} height={H} rx={6} data-nation={node.nation} />
      <rect className="chart-nation" x={0} y={0} width={4} height={H} rx={2} data-nation={node.nation} />
      <g
        className="chart-symbol"
        transform="translate(10,12)"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: milsymbol output for a validated SIDC.
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      <text className="chart-nation-text" x={W - 8} y={47} textAnchor="end">
        {node.nation}
      </text>
      <g clipPath={`url(#${ids.clip})`}>
        <text className="chart-short" x={TEXT_X} y={19}>
          {truncate(node.shortName, 22)}
        </text>
        {/* A classified unit shows its portion mark where the full name would be (the name stays in the title). */}
        {mark && node.label ? (
          <text className="chart-portion" x={TEXT_X} y={33} fill={banner(node.label).background}>
            {mark}
          </text>
        ) : (
          <text className="chart-name" x={TEXT_X} y={33}>
            {truncate(node.name, 30)}
          </text>
        )}
        <text className="chart-meta" x={TEXT_X} y={47}>
          {node.meta}
        </text>
      </g>
      {node.mark === 'removed' && <line className="chart-strike" x1={6} y1={H / 2} x2={W - 6} y2={H / 2} />}
      {tag && (
        <g className="chart-tag" transform={`translate(${W - 8},-8)`}>
          <rect x={-(tag.length * 7.2 + 12)} y={0} width={tag.length * 7.2 + 12} height={15} rx={7.5} />
          <text x={-6} y={11} textAnchor="end">
            {tag}
          </text>
        </g>
      )}
    </g>
  );
}

export function Legend({ kinds, arrowId }: { kinds: readonly RelationshipKind[]; arrowId: string }) {
  return (
    <ul className="legend" aria-label="Legend">
      {kinds.map((kind) => {
        const s = EDGE_STYLES[kind];
        return (
          <li key={kind}>
            <svg width="36" height="12" aria-hidden="true">
              {s.double ? (
                <>
                  <line x1="2" y1="6" x2="34" y2="6" stroke={s.stroke} strokeWidth={s.width * 3.2} />
                  <line x1="2" y1="6" x2="34" y2="6" stroke="var(--chart-bg)" strokeWidth={s.width * 1.2} />
                </>
              ) : (
                <line
                  x1="2"
                  y1="6"
                  x2="34"
                  y2="6"
                  stroke={s.stroke}
                  strokeWidth={s.width}
                  strokeDasharray={s.dash}
                  markerStart={s.arrow ? `url(#${arrowId})` : undefined}
                />
              )}
            </svg>
            {s.label}
          </li>
        );
      })}
    </ul>
  );
}

const ZOOMS = [0.4, 0.5, 0.67, 0.8, 1, 1.25, 1.5];
/** Fitting never shrinks text below about 9 px; wider charts scroll instead. */
const MIN_FIT = 0.7;

/**
 * An org chart: symbols in boxes, links styled by relationship kind, boxes marked when the nodes carry change marks.
 * `title` heads the panel; `children` adds controls to its toolbar.
 */
export function OrgChart({
  nodes,
  kinds,
  title = 'Organization chart',
  testId,
  children,
}: {
  nodes: ChartNode[];
  kinds: readonly RelationshipKind[];
  title?: string;
  testId?: string;
  children?: React.ReactNode;
}) {
  const layout = useMemo(() => layoutTree(toInput(nodes)), [nodes]);
  const uid = useId().replace(/:/g, '');
  const ids: DefIds = { clip: `chart-clip-${uid}`, arrow: `chart-arrow-${uid}` };
  const scroller = useRef<HTMLDivElement>(null);
  const [available, setAvailable] = useState(0);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setAvailable(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  // null: fit the chart's width to the panel (never above 100%, never below MIN_FIT).
  const [zoom, setZoom] = useState<number | null>(null);
  // Chart units are CSS pixels at the 13px base font; scale with the root font so 4K screens stay readable.
  const rem = (Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 13) / 13;
  const fit = layout.width > 0 && available > 0 ? Math.min(1, Math.max(MIN_FIT, available / (layout.width * rem))) : 1;
  const factor = zoom === null ? fit : (ZOOMS[zoom] ?? 1);
  const scale = factor * rem;
  const step = (direction: 1 | -1) => {
    const from = zoom ?? ZOOMS.findIndex((z) => z >= fit - 1e-6);
    setZoom(Math.min(ZOOMS.length - 1, Math.max(0, from + direction)));
  };
  return (
    <section className="chart-panel" aria-label={title} data-testid={testId}>
      <div className="panel-toolbar">
        <h2>{title}</h2>
        {children}
        <div className="zoom">
          <button type="button" className="btn" onClick={() => step(-1)} aria-label="Zoom out">
            −
          </button>
          <span className="zoom-value">{Math.round(factor * 100)}%</span>
          <button type="button" className="btn" onClick={() => step(1)} aria-label="Zoom in">
            +
          </button>
          <button type="button" className="btn" onClick={() => setZoom(null)} aria-pressed={zoom === null}>
            Fit
          </button>
        </div>
      </div>
      <Legend kinds={kinds} arrowId={ids.arrow} />
      <div className="chart-scroll" ref={scroller}>
        <svg
          className="org-chart"
          width={layout.width * scale}
          height={layout.height * scale}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
        >
          <title>{title}</title>
          <ChartDefs ids={ids} />
          {layout.edges.map((e) => (
            <Edge key={`${e.from.key}>${e.to.key}`} edge={e} ids={ids} />
          ))}
          {layout.nodes.map((n) => (
            <UnitBox key={n.key} node={n.data} x={n.x} y={n.y} ids={ids} />
          ))}
        </svg>
      </div>
    </section>
  );
}

/** The chart's clip path and arrow marker (the legend, drawn outside the chart's SVG, refers to the same marker). */
function ChartDefs({ ids }: { ids: DefIds }) {
  return (
    <defs>
      <clipPath id={ids.clip}>
        <rect x={TEXT_X - 2} y={0} width={W - TEXT_X - 6} height={H} />
      </clipPath>
      <marker
        id={ids.arrow}
        viewBox="0 0 10 10"
        refX="2"
        refY="5"
        markerWidth="7"
        markerHeight="7"
        orient="auto-start-reverse"
      >
        <path d="M0,0 L10,5 L0,10 z" fill="var(--edge-support)" />
      </marker>
    </defs>
  );
}
