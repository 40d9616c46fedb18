import type { UnitSlice } from '../domain/force/unit.js';
import { type Defaults, type ImportDefaults, newDocument, resolveDefaults } from './build.js';
import { parseLabel } from './labels.js';
import { type ImportResult, IssueLog } from './preview.js';
import {
  assemble,
  type ParentRef,
  RECORD_FIELDS,
  type RecordField,
  recordToUnit,
  type UnitRecord,
  type Where,
} from './record.js';

/**
 * Tables of units (CSV, XLSX): one row per unit, one column per field, a parent column naming the superior by id or
 * by name. A banner line `# <marking>` above the header states the roll-up marking.
 * Cannot carry: relationships other than each unit's one parent edge; more than one slice per unit.
 */
export interface TableImportOptions extends ImportDefaults {
  /** Our field ← their header, for headers auto-detection does not recognise. */
  columnMapping?: Partial<Record<RecordField, string>>;
}

const normalize = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

const ALIASES: Record<RecordField, string[]> = {
  id: ['id', 'unitid', 'uic', 'identifier', 'key'],
  name: ['name', 'unit', 'unitname', 'designation', 'fullname'],
  shortName: ['shortname', 'short', 'abbreviation', 'abbr', 'callsign'],
  parentId: ['parentid', 'parent', 'parentunit', 'higher', 'higherhq', 'hhq', 'superior', 'reportsto'],
  nation: ['nation', 'country', 'nationality', 'countrycode'],
  service: ['service', 'branch'],
  echelon: ['echelon', 'size', 'level'],
  sidc: ['sidc', 'symbol', 'symbolcode', 'sic'],
  station: ['station', 'homestation', 'garrison', 'base', 'location'],
  lat: ['lat', 'latitude'],
  lon: ['lon', 'lng', 'long', 'longitude'],
  personnelAuthorized: ['personnelauthorized', 'authorized', 'authorised', 'auth'],
  personnelAssigned: ['personnelassigned', 'personnel', 'assigned', 'strength', 'pax'],
  personnelSource: ['personnelsource'],
  roles: ['roles', 'role'],
  validFrom: ['validfrom', 'from', 'start', 'effective'],
  validTo: ['validto', 'to', 'end', 'until'],
  label: ['label', 'marking', 'classification'],
  parentKind: ['parentkind', 'relationship', 'commandrelationship', 'relation'],
  parentBasis: ['parentbasis', 'basis', 'order'],
  parentFrom: ['parentfrom'],
  parentTo: ['parentto'],
  parentLabel: ['parentlabel'],
  sources: ['sources'],
  notes: ['notes', 'remarks', 'comments', 'description'],
};

/** Spreadsheets run a cell starting with = + - @ as a formula; exports prefix such text with ' and imports drop it. */
export const defuseCell = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
const restoreCell = (text: string): string => (/^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text);

export function recordCells(record: UnitRecord): string[] {
  return RECORD_FIELDS.map((field) => {
    const value = record[field];
    if (value === null) return '';
    if (Array.isArray(value)) return defuseCell(value.join('; '));
    return typeof value === 'number' ? String(value) : defuseCell(value);
  });
}

export class TableImporter {
  private readonly log = new IssueLog();
  private readonly defaults: Defaults;
  private readonly doc;
  private columns: Array<RecordField | null> | null = null;
  private readonly entries: Array<{ unit: UnitSlice; parent: ParentRef | null; where: Where }> = [];
  rows = 0;

  constructor(
    private readonly options: TableImportOptions,
    format: string,
  ) {
    this.defaults = resolveDefaults(options, format, this.log);
    this.doc = newDocument(options.title ?? `${format} import`, 'UNCLASSIFIED');
  }

  /** A banner line above the header: the first that reads as a marking is the document's marking. */
  banner(text: string, row: number): void {
    const marking = text.replace(/^#\s*/, '').trim();
    if (this.doc.marking !== 'UNCLASSIFIED' || marking === '') return;
    if (parseLabel(marking)) this.doc.marking = marking;
    else this.log.warn('C2_BAD_MARKING', `banner '${marking}' is not a marking this importer can read`, { row });
  }

  get hasHeader(): boolean {
    return this.columns !== null;
  }

  header(cells: string[], row: number): void {
    const mapping = this.options.columnMapping ?? {};
    const explicit = new Map<string, RecordField>();
    for (const [field, header] of Object.entries(mapping))
      if (header) explicit.set(normalize(header), field as RecordField);
    const taken = new Set<RecordField>();
    const columns = cells.map((cell) => {
      const key = normalize(cell);
      const field =
        explicit.get(key) ??
        RECORD_FIELDS.find((f) => !taken.has(f) && !Object.hasOwn(mapping, f) && ALIASES[f].includes(key));
      if (!field || taken.has(field)) return null;
      taken.add(field);
      return field;
    });
    // Spreadsheets often carry title rows above the header: a row without a name column is not the header yet.
    if (!taken.has('name')) {
      this.log.warn('C2_IMPORT_LOSSY', 'row has no unit name column; skipped as a title row', { row });
      return;
    }
    this.columns = columns;
    cells.forEach((cell, i) => {
      if (columns[i] === null && cell.trim()) {
        this.log.warn('C2_IMPORT_LOSSY', `column '${cell}' not recognised; ignored`, { row });
      }
    });
    for (const [field, header] of Object.entries(mapping)) {
      if (header && !taken.has(field as RecordField)) {
        this.log.error('C2_IMPORT_INVALID_FIELD', `mapped column '${header}' (for ${field}) is not in the header`, {
          row,
        });
      }
    }
  }

  row(cells: string[], row: number): void {
    const columns = this.columns;
    if (!columns) return;
    if (cells.every((cell) => cell.trim() === '')) return;
    this.rows++;
    const record: Partial<Record<RecordField, unknown>> = {};
    columns.forEach((field, i) => {
      if (field) record[field] = restoreCell(cells[i] ?? '');
    });
    if (!columns.includes('id')) record.id = `row-${row}`;
    const where = { row };
    const built = recordToUnit(record, where, this.log, this.defaults);
    if (built) this.entries.push({ ...built, where });
  }

  error(message: string, row: number): void {
    this.log.error('C2_IMPORT_SYNTAX', message, { row });
  }

  finish(): ImportResult {
    if (!this.columns) this.log.error('C2_IMPORT_SYNTAX', 'no header row with a unit name column found', { row: 1 });
    assemble(this.doc, this.entries, this.log, this.defaults);
    return { document: this.doc, issues: this.log.done() };
  }
}
