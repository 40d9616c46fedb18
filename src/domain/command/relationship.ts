import type { SecurityLabel } from '../security/label.js';
import type { Interval } from '../time/interval.js';

export const RELATIONSHIP_KINDS = ['COCOM', 'OPCON', 'TACON', 'ADCON', 'SUPPORT', 'COORDINATION', 'DIRLAUTH'] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];

/** Command authorities, widest first: each is inherent in the one before it. */
export const COMMAND_KINDS = ['COCOM', 'OPCON', 'TACON'] as const satisfies readonly RelationshipKind[];

export const SUPPORT_CATEGORIES = ['GENERAL', 'MUTUAL', 'DIRECT', 'CLOSE'] as const;
export type SupportCategory = (typeof SUPPORT_CATEGORIES)[number];

/** How forces came under the superior: assigned (enduring) or attached (temporary, by order). */
export type Transfer = 'ASSIGNED' | 'ATTACHED';

/**
 * A directed authority edge: `superiorId` holds `kind` over `subordinateId` while `valid` holds.
 * For SUPPORT, the superior is the supported commander and the subordinate the supporting one.
 */
export interface Relationship {
  id: string;
  kind: RelationshipKind;
  superiorId: string;
  subordinateId: string;
  valid: Interval;
  /** The order, directive or agreement that established it. */
  basis: string;
  transfer?: Transfer;
  supportCategory?: SupportCategory;
  /** For SUPPORT: the common superior who set it in an establishing directive. */
  establishedBy?: string;
  label: SecurityLabel;
  notes?: string;
}
