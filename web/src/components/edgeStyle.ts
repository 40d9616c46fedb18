import type { RelationshipKind } from '../api.js';

/** How each relationship kind is drawn, in the chart and its legend alike. */
export interface EdgeStyle {
  stroke: string;
  width: number;
  dash?: string;
  /** Drawn as two parallel lines. */
  double?: boolean;
  arrow?: boolean;
  label: string;
}

export const EDGE_STYLES: Record<RelationshipKind, EdgeStyle> = {
  COCOM: { stroke: 'var(--edge-command)', width: 2.5, label: 'COCOM (combatant command)' },
  OPCON: { stroke: 'var(--edge-command)', width: 1.6, label: 'OPCON (operational control)' },
  TACON: { stroke: 'var(--edge-command)', width: 1.6, dash: '6 4', label: 'TACON (tactical control)' },
  ADCON: { stroke: 'var(--edge-admin)', width: 1.4, dash: '1.5 3.5', label: 'ADCON (administrative control)' },
  SUPPORT: { stroke: 'var(--edge-support)', width: 1.6, arrow: true, label: 'SUPPORT (supported ← supporting)' },
  COORDINATION: { stroke: 'var(--edge-coord)', width: 1.2, double: true, label: 'COORDINATION' },
  DIRLAUTH: { stroke: 'var(--edge-coord)', width: 1.2, dash: '8 3 2 3', label: 'DIRLAUTH (direct liaison)' },
};
