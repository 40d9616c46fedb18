import type { Relationship } from '../command/relationship.js';
import type { SecurityLabel } from '../security/label.js';
import type { UnitSlice } from './unit.js';

/**
 * The project's own interchange format ("alliance-c2/force" JSON): what `c2 export` writes, `c2 import` reads and the
 * demo scenario is written in. Every record carries its label; `marking` is the roll-up of the file's contents.
 */
export interface ForceDocument {
  format: 'alliance-c2/force';
  version: 1;
  /** The roll-up marking of the contents, e.g. 'UNCLASSIFIED'. */
  marking: string;
  meta: {
    title: string;
    description?: string;
    /** e.g. 'Unclassified. Drawn from public sources; notional where marked.' */
    provenance?: string;
    sources?: Array<{ id: string; title: string; url?: string; date?: string }>;
    exportedAt?: string;
  };
  /** Alliance structure setting for doctrine checks. */
  alliance?: { structure: AllianceStructure; nations: string[]; leadNation?: string };
  units: UnitSlice[];
  relationships: Relationship[];
  /** Other collections (missions, plans, counterparts…) added by later modules, keyed by collection name. */
  collections?: Record<string, Array<{ id: string; label: SecurityLabel; [key: string]: unknown }>>;
}

/** JP 3-16's multinational command structures. */
export type AllianceStructure = 'PARALLEL' | 'LEAD_NATION' | 'INTEGRATED';
