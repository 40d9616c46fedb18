import { useEffect, useRef, useState } from 'react';
import { type KeyedNode, echelonLabel, formatPersonnel, visibleRows } from '../orbat.js';
import { go, hrefFor } from '../router.js';
import { onAppLink } from './AppLink.js';
import { PortionMark } from './PortionMark.js';
import { UnitSymbol } from './UnitSymbol.js';

interface Props {
  nodes: KeyedNode[];
  expanded: ReadonlySet<string>;
  onToggle: (key: string, open: boolean) => void;
  label: string;
}

/** The ORBAT as an ARIA tree: arrow keys move and expand/collapse, Enter opens the unit page. */
export function OrbatTree({ nodes, expanded, onToggle, label }: Props) {
  const rows = visibleRows(nodes, expanded);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const refs = useRef(new Map<string, HTMLDivElement>());
  const keyboardMove = useRef(false);
  const focusIndex = Math.max(
    0,
    rows.findIndex((r) => r.key === focusKey),
  );

  useEffect(() => {
    if (!keyboardMove.current) return;
    keyboardMove.current = false;
    const key = rows[focusIndex]?.key;
    if (key) refs.current.get(key)?.focus();
  });

  const moveTo = (index: number) => {
    const row = rows[Math.min(Math.max(index, 0), rows.length - 1)];
    if (!row) return;
    keyboardMove.current = true;
    setFocusKey(row.key);
  };

  const open = (row: KeyedNode) => go(`/units/${encodeURIComponent(row.node.unit.id)}`);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const row = rows[focusIndex];
    if (!row) return;
    const hasChildren = row.children.length > 0;
    const isOpen = expanded.has(row.key);
    switch (e.key) {
      case 'ArrowDown':
        moveTo(focusIndex + 1);
        break;
      case 'ArrowUp':
        moveTo(focusIndex - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'ArrowRight':
        if (hasChildren && !isOpen) onToggle(row.key, true);
        else if (hasChildren) moveTo(focusIndex + 1);
        break;
      case 'ArrowLeft':
        if (hasChildren && isOpen) onToggle(row.key, false);
        else if (row.parentKey) moveTo(rows.findIndex((r) => r.key === row.parentKey));
        break;
      case 'Enter':
        open(row);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  if (rows.length === 0) return <p className="empty">No units.</p>;
  return (
    <div className="orbat-tree" role="tree" aria-label={label} tabIndex={-1} onKeyDown={onKeyDown}>
      {rows.map((row, i) => {
        const { unit, via } = row.node;
        const hasChildren = row.children.length > 0;
        const isOpen = expanded.has(row.key);
        return (
          <div
            key={row.key}
            ref={(el) => {
              if (el) refs.current.set(row.key, el);
              else refs.current.delete(row.key);
            }}
            role="treeitem"
            aria-level={row.depth + 1}
            aria-expanded={hasChildren ? isOpen : undefined}
            aria-selected={i === focusIndex}
            tabIndex={i === focusIndex ? 0 : -1}
            className="tree-row"
            style={{ paddingLeft: `${row.depth * 1.1 + 0.25}rem` }}
            data-unit-id={unit.id}
            data-nation={unit.nation}
            onFocus={() => setFocusKey(row.key)}
          >
            <button
              type="button"
              className="twisty"
              tabIndex={-1}
              aria-label={isOpen ? `Collapse ${unit.shortName}` : `Expand ${unit.shortName}`}
              disabled={!hasChildren}
              onClick={() => onToggle(row.key, !isOpen)}
            >
              {hasChildren ? (isOpen ? '▾' : '▸') : ''}
            </button>
            <UnitSymbol sidc={unit.sidc} size={18} title={`${unit.shortName} symbol`} />
            <a
              className="tree-name"
              href={hrefFor(`/units/${encodeURIComponent(unit.id)}`)}
              tabIndex={-1}
              title={unit.name}
              onClick={onAppLink}
            >
              <span className="short">{unit.shortName}</span>
              <span className="long">{unit.name}</span>
            </a>
            {/* Command links (COCOM/OPCON) are the norm and go untagged; anything else says what it is. */}
            <span className="tags">
              <PortionMark label={unit.label} compact />
              {via && via.kind !== 'COCOM' && via.kind !== 'OPCON' && (
                <span className={`kind-tag kind-${via.kind}`} title={`${via.kind} (${via.basis})`}>
                  {via.kind}
                </span>
              )}
            </span>
            <span className="nation-tag" data-nation={unit.nation}>
              {unit.nation}
            </span>
            <span className="echelon">{echelonLabel(unit.echelon)}</span>
            <span className="personnel" title={personnelTitle(unit.personnel)}>
              {formatPersonnel(unit)}
            </span>
          </div>
        );
      })}
    </div>
  );
}

function personnelTitle(p: { authorized: number | null; assigned: number | null; source?: string }): string {
  const parts = [`assigned ${p.assigned ?? '—'}`, `authorized ${p.authorized ?? '—'}`];
  if (p.source) parts.push(`source: ${p.source}`);
  return parts.join('; ');
}
