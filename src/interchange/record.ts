import {
  RELATIONSHIP_KINDS,
  type Relationship,
  type RelationshipKind,
  SUPPORT_CATEGORIES,
  type SupportCategory,
} from '../domain/command/relationship.js';
import type { ForceDocument } from '../domain/force/document.js';
import { type Echelon, UNIT_ROLES, type UnitRole, type UnitSlice } from '../domain/force/unit.js';
import type { SecurityLabel } from '../domain/security/label.js';
import { toInstant } from '../domain/time/instant.js';
import { type Defaults, isEchelon, relationshipId, stationName, validPosition } from './build.js';
import { parseLabel, renderLabel } from './labels.js';
import type { ImportIssue, IssueLog } from './preview.js';
import { convertLegacySidc, echelonFromSidc, genericSidc, isSidc } from './sidc.js';

/**
 * One unit as a flat record: the shape the GeoJSON properties, the ORBAT Mapper extension and the CSV/XLSX columns
 * share, so every format reads and checks a unit the same way. `parent*` fields carry the one tree edge a flat table
 * can hold; `relationships` (JSON formats only) carries every edge where the unit is the subordinate.
 */
export const RECORD_FIELDS = [
  'id',
  'name',
  'shortName',
  'parentId',
  'nation',
  'service',
  'echelon',
  'sidc',
  'station',
  'lat',
  'lon',
  'personnelAuthorized',
  'personnelAssigned',
  'personnelSource',
  'roles',
  'validFrom',
  'validTo',
  'label',
  'parentKind',
  'parentBasis',
  'parentFrom',
  'parentTo',
  'parentLabel',
  'sources',
  'notes',
] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];
export type UnitRecord = Record<RecordField, string | number | string[] | null> & {
  relationships?: RelationshipRecord[];
};

export interface RelationshipRecord {
  id: string;
  kind: string;
  superiorId: string;
  validFrom: string;
  validTo: string | null;
  basis: string;
  transfer?: string;
  supportCategory?: string;
  establishedBy?: string;
  label: string;
  notes?: string;
}

export function unitToRecord(unit: UnitSlice, parent: Relationship | undefined): UnitRecord {
  return {
    id: unit.id,
    name: unit.name,
    shortName: unit.shortName,
    parentId: parent?.superiorId ?? null,
    nation: unit.nation,
    service: unit.service,
    echelon: unit.echelon,
    sidc: unit.sidc,
    station: unit.homeStation?.name ?? null,
    lat: unit.homeStation?.lat ?? null,
    lon: unit.homeStation?.lon ?? null,
    personnelAuthorized: unit.personnel.authorized,
    personnelAssigned: unit.personnel.assigned,
    personnelSource: unit.personnel.source ?? null,
    roles: unit.roles,
    validFrom: unit.valid.from,
    validTo: unit.valid.to,
    label: renderLabel(unit.label),
    parentKind: parent?.kind ?? null,
    parentBasis: parent?.basis ?? null,
    parentFrom: parent?.valid.from ?? null,
    parentTo: parent?.valid.to ?? null,
    parentLabel: parent ? renderLabel(parent.label) : null,
    sources: unit.sources ?? [],
    notes: unit.notes ?? null,
  };
}

export function relationshipToRecord(r: Relationship): RelationshipRecord {
  return {
    id: r.id,
    kind: r.kind,
    superiorId: r.superiorId,
    validFrom: r.valid.from,
    validTo: r.valid.to,
    basis: r.basis,
    ...(r.transfer ? { transfer: r.transfer } : {}),
    ...(r.supportCategory ? { supportCategory: r.supportCategory } : {}),
    ...(r.establishedBy ? { establishedBy: r.establishedBy } : {}),
    label: renderLabel(r.label),
    ...(r.notes ? { notes: r.notes } : {}),
  };
}

/** Every relationship of the document as records, keyed by subordinate: one pass, not one scan per unit. */
export function relationshipRecordsBySubordinate(doc: ForceDocument): Map<string, RelationshipRecord[]> {
  const out = new Map<string, RelationshipRecord[]>();
  for (const r of doc.relationships) {
    const list = out.get(r.subordinateId) ?? [];
    list.push(relationshipToRecord(r));
    out.set(r.subordinateId, list);
  }
  return out;
}

/** Where a record sits in its file, for locating issues. */
export type Where = Pick<ImportIssue, 'line' | 'row' | 'path'>;

/** A reference to a superior still to be resolved (by id, then by unique name) once every unit is read. */
export interface ParentRef {
  ref: string;
  where: Where;
  kind?: RelationshipKind;
  basis?: string;
  validFrom?: string;
  validTo?: string | null;
  label?: SecurityLabel;
  /** Edges the file carried in full (JSON extensions); the parent ref is then only a check. */
  full?: Relationship[];
}

const at = (where: Where, field: string): Where =>
  where.path !== undefined ? { ...where, path: `${where.path}.${field}` } : where;

function str(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  const text = str(value);
  return text ? text.split(/\s*;\s*/).filter(Boolean) : [];
}

const ECHELON_ALIASES: Record<string, Echelon> = {
  TM: 'TEAM',
  CREW: 'TEAM',
  SQD: 'SQUAD',
  SEC: 'SECTION',
  PLT: 'PLATOON',
  DET: 'PLATOON',
  DETACHMENT: 'PLATOON',
  CO: 'COMPANY',
  COY: 'COMPANY',
  BATTERY: 'COMPANY',
  TROOP: 'COMPANY',
  BN: 'BATTALION',
  SQUADRON: 'BATTALION',
  REGT: 'REGIMENT',
  RGT: 'REGIMENT',
  GROUP: 'REGIMENT',
  BDE: 'BRIGADE',
  DIV: 'DIVISION',
  MEF: 'CORPS',
  ARMYGROUP: 'ARMY_GROUP',
  FRONT: 'ARMY_GROUP',
  CMD: 'COMMAND',
};

export function readEchelon(text: string): Echelon | null {
  const key = text
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  if (isEchelon(key)) return key;
  return ECHELON_ALIASES[key.replace(/_/g, '')] ?? null;
}

/** Reads a SIDC, converting a legacy 15-letter code with a warning; null (with an issue) when it cannot. */
export function readSidc(text: string | null, where: Where, log: IssueLog): { sidc: string; note?: string } | null {
  if (text === null) return null;
  const code = text.replace(/\s+/g, '');
  if (isSidc(code)) return { sidc: code };
  const legacy = convertLegacySidc(code);
  if (legacy) {
    const lossy = legacy.approximations.length ? `: ${legacy.approximations.join('; ')}` : '';
    log.warn('C2_IMPORT_LOSSY', `legacy SIDC '${code}' converted to 2525D ${legacy.sidc}${lossy}`, where);
    return { sidc: legacy.sidc, note: `legacy SIDC ${code}` };
  }
  log.warn('C2_BAD_SIDC', `SIDC '${code}' is neither 2525D (20 digits) nor a 15-letter 2525B/C code; replaced`, where);
  return null;
}

function readNumber(value: unknown, field: string, where: Where, log: IssueLog, check: (n: number) => boolean) {
  const text = str(value);
  if (text === null) return null;
  // '35,6931' is a decimal comma (European spreadsheets); '1,900' and '12,000,000' are thousands separators.
  const decimalComma = /^-?\d+,(\d{1,2}|\d{4,})$/.test(text);
  const n = typeof value === 'number' ? value : Number(decimalComma ? text.replace(',', '.') : text.replace(/,/g, ''));
  if (!Number.isFinite(n) || !check(n)) {
    log.error('C2_IMPORT_INVALID_FIELD', `${field} '${text}' is not valid`, at(where, field));
    return undefined;
  }
  return n;
}

function readTime(value: unknown, field: string, where: Where, log: IssueLog): string | null | undefined {
  const text = str(value);
  if (text === null) return null;
  try {
    return toInstant(text, field);
  } catch (error) {
    log.error('C2_BAD_TIME', (error as Error).message, at(where, field));
    return undefined;
  }
}

/** A label the file states must be readable: a record whose label cannot be read is refused, never defaulted. */
export function readLabel(
  value: unknown,
  field: string,
  where: Where,
  log: IssueLog,
): SecurityLabel | null | undefined {
  const text = str(value);
  if (text === null) return null;
  const label = parseLabel(text);
  if (!label)
    log.error('C2_BAD_MARKING', `${field} '${text}' is not a marking this importer can read`, at(where, field));
  return label ?? undefined;
}

/**
 * Builds a unit from a record, logging located issues; null when the unit cannot be built (no id/name, an unreadable
 * label). Fields the record leaves empty take the defaults.
 */
export function recordToUnit(
  raw: Partial<Record<RecordField | 'relationships', unknown>>,
  where: Where,
  log: IssueLog,
  defaults: Defaults,
): { unit: UnitSlice; parent: ParentRef | null } | null {
  const id = str(raw.id);
  const name = str(raw.name);
  if (id === null || name === null) {
    log.error('C2_IMPORT_INVALID_FIELD', `unit has no ${id === null ? 'id' : 'name'}; skipped`, where);
    return null;
  }
  const label = readLabel(raw.label, 'label', where, log);
  if (label === undefined) return null;

  const notes: string[] = [];
  const sidcRead = readSidc(str(raw.sidc), at(where, 'sidc'), log);
  if (sidcRead?.note) notes.push(sidcRead.note);
  let echelon: Echelon | null = null;
  const echelonText = str(raw.echelon);
  if (echelonText !== null) {
    echelon = readEchelon(echelonText);
    if (!echelon) log.warn('C2_IMPORT_INVALID_FIELD', `echelon '${echelonText}' unknown`, at(where, 'echelon'));
  }
  echelon ??= sidcRead ? echelonFromSidc(sidcRead.sidc) : null;
  if (!echelon) {
    log.warn('C2_IMPORT_LOSSY', `no echelon given; set to ${defaults.echelon}`, at(where, 'echelon'));
    echelon = defaults.echelon;
  }
  const sidc = sidcRead?.sidc ?? genericSidc('1', echelon);
  if (!sidcRead && str(raw.sidc) === null) log.warn('C2_BAD_SIDC', `no SIDC given; set to ${sidc}`, at(where, 'sidc'));

  let nation = str(raw.nation)?.toUpperCase() ?? defaults.nation;
  if (!/^[A-Z]{3}$/.test(nation)) {
    log.warn(
      'C2_IMPORT_INVALID_FIELD',
      `nation '${nation}' is not an ISO 3166 alpha-3 code; set to ${defaults.nation}`,
      at(where, 'nation'),
    );
    nation = defaults.nation;
  }

  const lat = readNumber(raw.lat, 'lat', where, log, (n) => Math.abs(n) <= 90);
  const lon = readNumber(raw.lon, 'lon', where, log, (n) => Math.abs(n) <= 180);
  let homeStation: UnitSlice['homeStation'] = null;
  if (typeof lat === 'number' && typeof lon === 'number' && validPosition(lat, lon)) {
    homeStation = { name: str(raw.station) ?? stationName(lat, lon), lat, lon };
  } else if ((lat === null) !== (lon === null)) {
    log.error(
      'C2_BAD_POSITION',
      'only one of lat/lon given; position dropped',
      at(where, lat === null ? 'lat' : 'lon'),
    );
  }

  const count = (n: number) => Number.isInteger(n) && n >= 0;
  const authorized = readNumber(raw.personnelAuthorized, 'personnelAuthorized', where, log, count) ?? null;
  const assigned = readNumber(raw.personnelAssigned, 'personnelAssigned', where, log, count) ?? null;
  const personnelSource = str(raw.personnelSource);

  const roles: UnitRole[] = [];
  for (const role of list(raw.roles)) {
    const upper = role.toUpperCase();
    if ((UNIT_ROLES as readonly string[]).includes(upper)) roles.push(upper as UnitRole);
    else log.warn('C2_IMPORT_INVALID_FIELD', `role '${role}' unknown; dropped`, at(where, 'roles'));
  }

  const validFrom = readTime(raw.validFrom, 'validFrom', where, log) ?? defaults.validFrom;
  let validTo = readTime(raw.validTo, 'validTo', where, log) ?? null;
  if (validTo !== null && validTo <= validFrom) {
    log.error(
      'C2_BAD_INTERVAL',
      `validTo ${validTo} is not after validFrom ${validFrom}; made open-ended`,
      at(where, 'validTo'),
    );
    validTo = null;
  }
  const note = str(raw.notes);
  if (note) notes.unshift(note);
  const sources = list(raw.sources);

  const unit: UnitSlice = {
    id,
    name,
    shortName: str(raw.shortName) ?? name,
    nation,
    service: str(raw.service) ?? `${nation}:UNK`,
    echelon,
    sidc,
    homeStation,
    personnel: { authorized, assigned, ...(personnelSource ? { source: personnelSource } : {}) },
    roles,
    valid: { from: validFrom, to: validTo },
    label: label ?? defaults.label,
    ...(sources.length ? { sources } : {}),
    ...(notes.length ? { notes: notes.join('\n') } : {}),
  };
  return { unit, parent: readParent(raw, id, where, log) };
}

function readParent(
  raw: Partial<Record<RecordField | 'relationships', unknown>>,
  subordinateId: string,
  where: Where,
  log: IssueLog,
): ParentRef | null {
  const full = Array.isArray(raw.relationships)
    ? raw.relationships
        .map((r, i) => readRelationship(r, subordinateId, at(where, `relationships[${i}]`), log))
        .filter((r): r is Relationship => r !== null)
    : undefined;
  const ref = str(raw.parentId);
  if (ref === null) return full?.length ? { ref: '', where, full } : null;
  const kindText = str(raw.parentKind)?.toUpperCase();
  let kind: RelationshipKind | undefined;
  if (kindText) {
    if ((RELATIONSHIP_KINDS as readonly string[]).includes(kindText)) kind = kindText as RelationshipKind;
    else
      log.warn(
        'C2_IMPORT_INVALID_FIELD',
        `relationship kind '${kindText}' unknown; default used`,
        at(where, 'parentKind'),
      );
  }
  const parentLabel = readLabel(raw.parentLabel, 'parentLabel', where, log);
  const validFrom = readTime(raw.parentFrom, 'parentFrom', where, log) ?? undefined;
  const validTo = readTime(raw.parentTo, 'parentTo', where, log);
  return {
    ref,
    where: at(where, 'parentId'),
    ...(kind ? { kind } : {}),
    ...(str(raw.parentBasis) ? { basis: str(raw.parentBasis) as string } : {}),
    ...(validFrom ? { validFrom } : {}),
    ...(validTo !== undefined ? { validTo } : {}),
    ...(parentLabel ? { label: parentLabel } : {}),
    ...(full ? { full } : {}),
  };
}

function readRelationship(raw: unknown, subordinateId: string, where: Where, log: IssueLog): Relationship | null {
  if (typeof raw !== 'object' || raw === null) {
    log.error('C2_IMPORT_INVALID_FIELD', 'relationship is not an object; skipped', where);
    return null;
  }
  const r = raw as Record<string, unknown>;
  const kind = str(r.kind)?.toUpperCase() ?? '';
  const superiorId = str(r.superiorId);
  const validFrom = readTime(r.validFrom, 'validFrom', where, log);
  const label = readLabel(r.label, 'label', where, log);
  if (!(RELATIONSHIP_KINDS as readonly string[]).includes(kind) || !superiorId || !validFrom || !label) {
    log.error(
      'C2_IMPORT_INVALID_FIELD',
      'relationship lacks a known kind, superiorId, validFrom or label; skipped',
      where,
    );
    return null;
  }
  const category = str(r.supportCategory)?.toUpperCase();
  const transfer = str(r.transfer)?.toUpperCase();
  return {
    id: str(r.id) ?? relationshipId(kind, superiorId, subordinateId),
    kind: kind as RelationshipKind,
    superiorId,
    subordinateId,
    valid: { from: validFrom, to: readTime(r.validTo, 'validTo', where, log) ?? null },
    basis: str(r.basis) ?? '',
    ...(transfer === 'ASSIGNED' || transfer === 'ATTACHED' ? { transfer } : {}),
    ...(category && (SUPPORT_CATEGORIES as readonly string[]).includes(category)
      ? { supportCategory: category as SupportCategory }
      : {}),
    ...(str(r.establishedBy) ? { establishedBy: str(r.establishedBy) as string } : {}),
    label,
    ...(str(r.notes) ? { notes: str(r.notes) as string } : {}),
  };
}

/**
 * Adds units (refusing duplicate ids) and resolves parent references into relationships: by id, then by a unique
 * unit name (spreadsheets often name the parent). A reference that resolves to nothing is a located error.
 */
export function assemble(
  doc: ForceDocument,
  entries: Array<{ unit: UnitSlice; parent: ParentRef | null; where: Where }>,
  log: IssueLog,
  defaults: Defaults,
): void {
  const ids = new Set<string>();
  const byName = new Map<string, string | null>();
  const kept: typeof entries = [];
  for (const entry of entries) {
    if (ids.has(entry.unit.id)) {
      log.error('C2_DUPLICATE_ID', `unit id '${entry.unit.id}' appears twice; the later one is skipped`, entry.where);
      continue;
    }
    ids.add(entry.unit.id);
    byName.set(entry.unit.name, byName.has(entry.unit.name) ? null : entry.unit.id);
    doc.units.push(entry.unit);
    kept.push(entry);
  }
  const relIds = new Set<string>();
  const push = (r: Relationship) => {
    if (relIds.has(r.id)) return;
    relIds.add(r.id);
    doc.relationships.push(r);
  };
  for (const { unit, parent } of kept) {
    if (!parent) continue;
    for (const edge of parent.full ?? []) {
      if (ids.has(edge.superiorId)) push(edge);
      else
        log.error(
          'C2_IMPORT_DANGLING_REF',
          `superior '${edge.superiorId}' of ${edge.kind} does not exist`,
          parent.where,
        );
    }
    if (parent.ref === '') continue;
    const superiorId = ids.has(parent.ref) ? parent.ref : byName.get(parent.ref);
    if (!superiorId) {
      const why = byName.get(parent.ref) === null ? 'names more than one unit' : 'is neither a unit id nor a unit name';
      log.error('C2_IMPORT_DANGLING_REF', `parent '${parent.ref}' of '${unit.name}' ${why}`, parent.where);
      continue;
    }
    if (superiorId === unit.id) {
      log.error('C2_SELF_RELATIONSHIP', `unit '${unit.name}' is its own parent`, parent.where);
      continue;
    }
    if (parent.full?.some((edge) => edge.superiorId === superiorId)) continue;
    if (parent.full?.length) {
      log.warn(
        'C2_IMPORT_LOSSY',
        `parent of '${unit.name}' changed outside Alliance C2; a ${defaults.relationshipKind} edge was added`,
        parent.where,
      );
    }
    const kind = parent.kind ?? defaults.relationshipKind;
    push({
      id: relationshipId(kind, superiorId, unit.id),
      kind,
      superiorId,
      subordinateId: unit.id,
      valid: { from: parent.validFrom ?? unit.valid.from, to: parent.validTo ?? null },
      basis: parent.basis ?? defaults.basis,
      label: parent.label ?? defaults.label,
    });
  }
}
