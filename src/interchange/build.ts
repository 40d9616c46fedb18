import type { Relationship, RelationshipKind } from '../domain/command/relationship.js';
import type { ForceDocument } from '../domain/force/document.js';
import { ECHELONS, type Echelon, type UnitSlice } from '../domain/force/unit.js';
import { PUBLIC_UNCLASSIFIED, type SecurityLabel } from '../domain/security/label.js';
import { toInstant } from '../domain/time/instant.js';
import type { IssueLog } from './preview.js';

/** Options every importer takes: what to fill in where the file says nothing. */
export interface ImportDefaults {
  /** Valid-from for units and relationships the file gives no date for. Default: the file's own time, else 1900-01-01. */
  validFrom?: string;
  /** Label for records the file carries none for. Default: public unclassified. */
  label?: SecurityLabel;
  /** Nation for units the file gives none for. Default 'UNK'. */
  nation?: string;
  /** Echelon for units whose echelon the file does not give. Default 'TEAM' (with a warning). */
  echelon?: Echelon;
  /** Kind of the relationships read from a hierarchy. Default OPCON. */
  relationshipKind?: RelationshipKind;
  /** Basis of those relationships. Default '<format> hierarchy'. */
  basis?: string;
  /** Document title when the file has none. */
  title?: string;
}

/** Options every exporter takes. */
export interface ExportOptions {
  /** Export the slice valid at this instant; default: each unit's latest slice. */
  at?: string;
  /** The relationship kind that forms the exported tree when a unit has several superiors. Default OPCON. */
  hierarchyKind?: RelationshipKind;
}

export const FALLBACK_VALID_FROM = '1900-01-01T00:00:00.000Z';

/** The resolved defaults an importer works with. */
export interface Defaults {
  validFrom: string;
  label: SecurityLabel;
  nation: string;
  echelon: Echelon;
  relationshipKind: RelationshipKind;
  basis: string;
}

export function resolveDefaults(
  options: ImportDefaults,
  format: string,
  log: IssueLog,
  fileTime?: string | number,
): Defaults {
  let validFrom = FALLBACK_VALID_FROM;
  const given = options.validFrom ?? fileTime;
  if (given !== undefined) {
    try {
      validFrom = toInstant(given, 'validFrom');
    } catch (error) {
      log.warn('C2_IMPORT_INVALID_FIELD', `${(error as Error).message}; using ${FALLBACK_VALID_FROM}`);
    }
  }
  return {
    validFrom,
    label: options.label ?? PUBLIC_UNCLASSIFIED,
    nation: options.nation ?? 'UNK',
    echelon: options.echelon ?? 'TEAM',
    relationshipKind: options.relationshipKind ?? 'OPCON',
    basis: options.basis ?? `${format} hierarchy`,
  };
}

export function newDocument(title: string, marking: string): ForceDocument {
  return { format: 'alliance-c2/force', version: 1, marking, meta: { title }, units: [], relationships: [] };
}

export function newUnit(
  fields: Partial<UnitSlice> & Pick<UnitSlice, 'id' | 'name'>,
  defaults: Defaults,
  echelon: Echelon,
): UnitSlice {
  const nation = fields.nation ?? defaults.nation;
  return {
    shortName: fields.name,
    nation,
    service: `${nation}:UNK`,
    sidc: '',
    homeStation: null,
    personnel: { authorized: null, assigned: null },
    roles: [],
    valid: { from: defaults.validFrom, to: null },
    label: defaults.label,
    ...fields,
    echelon: fields.echelon ?? echelon,
  };
}

export function newRelationship(superiorId: string, subordinateId: string, defaults: Defaults): Relationship {
  return {
    id: relationshipId(defaults.relationshipKind, superiorId, subordinateId),
    kind: defaults.relationshipKind,
    superiorId,
    subordinateId,
    valid: { from: defaults.validFrom, to: null },
    basis: defaults.basis,
    label: defaults.label,
  };
}

export const relationshipId = (kind: string, superiorId: string, subordinateId: string): string =>
  `${kind}:${superiorId}~${subordinateId}`;

export const isEchelon = (value: string): value is Echelon => (ECHELONS as readonly string[]).includes(value);

/** One slice per unit: the one valid at `at` (if given), else the latest; in the document's order of first appearance. */
export function exportSlices(doc: ForceDocument, at?: string): UnitSlice[] {
  const holds = (slice: UnitSlice) =>
    at !== undefined && slice.valid.from <= at && (slice.valid.to === null || at < slice.valid.to);
  const chosen = new Map<string, UnitSlice>();
  for (const slice of doc.units) {
    const current = chosen.get(slice.id);
    const preferred =
      !current ||
      (holds(slice) && !holds(current)) ||
      (holds(slice) === holds(current) && slice.valid.from > current.valid.from);
    if (preferred) chosen.set(slice.id, slice);
  }
  return [...chosen.values()];
}

const KIND_PREFERENCE: RelationshipKind[] = ['OPCON', 'COCOM', 'TACON', 'ADCON', 'SUPPORT', 'COORDINATION', 'DIRLAUTH'];

/**
 * The tree a hierarchical format can hold: one superior per unit, taken from the preferred kind, then the widest
 * command kind; among several edges of that kind, the open-ended one, then the latest. Edges that would close a cycle
 * are left out.
 */
export function treeEdges(doc: ForceDocument, options: ExportOptions = {}): Map<string, Relationship> {
  const order = [options.hierarchyKind ?? 'OPCON', ...KIND_PREFERENCE];
  const rank = (r: Relationship) => order.indexOf(r.kind);
  const best = new Map<string, Relationship>();
  for (const edge of doc.relationships) {
    if (
      options.at !== undefined &&
      !(edge.valid.from <= options.at && (edge.valid.to === null || options.at < edge.valid.to))
    )
      continue;
    const current = best.get(edge.subordinateId);
    if (!current || better(edge, current, rank)) best.set(edge.subordinateId, edge);
  }
  for (const [subordinate] of best) {
    const seen = new Set([subordinate]);
    let up = best.get(subordinate)?.superiorId;
    while (up !== undefined) {
      if (seen.has(up)) {
        best.delete(subordinate);
        break;
      }
      seen.add(up);
      up = best.get(up)?.superiorId;
    }
  }
  return best;
}

function better(a: Relationship, b: Relationship, rank: (r: Relationship) => number): boolean {
  if (rank(a) !== rank(b)) return rank(a) < rank(b);
  if ((a.valid.to === null) !== (b.valid.to === null)) return a.valid.to === null;
  return a.valid.from > b.valid.from;
}

/** Units' children in document order, from the tree edges. */
export function childrenOf(units: UnitSlice[], tree: Map<string, Relationship>): Map<string | null, UnitSlice[]> {
  const known = new Set(units.map((u) => u.id));
  const result = new Map<string | null, UnitSlice[]>();
  for (const unit of units) {
    const superior = tree.get(unit.id)?.superiorId;
    const key = superior !== undefined && known.has(superior) ? superior : null;
    const list = result.get(key) ?? [];
    list.push(unit);
    result.set(key, list);
  }
  return result;
}

export function validPosition(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

/** The earliest valid-from among the units (ISO instants compare as strings). */
export function earliestFrom(units: UnitSlice[]): string | undefined {
  return units.map((u) => u.valid.from).sort()[0];
}

/** A station the file names no place for is named by its position, so every station has a readable name. */
export const stationName = (lat: number, lon: number): string => `${lat.toFixed(4)}, ${lon.toFixed(4)}`;
