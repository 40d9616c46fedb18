import type { AllianceStructure, ForceDocument } from '../force/document.js';

/**
 * What the doctrine rules need to know that the force itself does not say: the alliance's command structure
 * (JP 3-16: integrated, lead nation or parallel) and the case approvals and thresholds a staff sets.
 */
export interface DoctrineSettings {
  structure: AllianceStructure;
  /** The alliance's member nations (ISO 3166-1 alpha-3), as the force document states them. */
  nations: string[];
  /** Under LEAD_NATION: the nation whose commands may hold OPCON/TACON of other nations' forces. */
  leadNation?: string;
  /** `basis` ids (orders) by which U.S. forces were placed under foreign OPCON, approved case by case. */
  foreignOpconApprovals?: string[];
  /** Joint HQ unit ids a Service has explicitly given ADCON responsibilities (e.g. as executive agent). */
  jointAdconAllowed?: string[];
  /** Nation codes that stand for multinational HQs besides any non-trigraph code such as 'NATO'. */
  multinationalNations?: string[];
  /** Direct COCOM/OPCON/TACON subordinates at one instant above which a span-of-control warning is raised. */
  maxSpanOfControl?: number;
}

/** Span of control has no doctrinal number; 15 flags only outliers in realistic task organizations. */
export const DEFAULT_MAX_SPAN_OF_CONTROL = 15;

/** The U.S.–Japan default: parallel national chains (2015 Guidelines), no foreign OPCON approvals. */
export const DEFAULT_DOCTRINE: DoctrineSettings = { structure: 'PARALLEL', nations: ['USA', 'JPN'] };

/** The settings a force document implies; case approvals and thresholds stay with the staff's own settings. */
export function settingsFromDocument(doc: Pick<ForceDocument, 'alliance'>): DoctrineSettings {
  if (!doc.alliance) return DEFAULT_DOCTRINE;
  const { structure, nations, leadNation } = doc.alliance;
  return leadNation ? { structure, nations: [...nations], leadNation } : { structure, nations: [...nations] };
}
