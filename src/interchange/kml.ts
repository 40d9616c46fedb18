import JSZip from 'jszip';
import type { ForceDocument } from '../domain/force/document.js';
import type { UnitSlice } from '../domain/force/unit.js';
import {
  childrenOf,
  type ExportOptions,
  exportSlices,
  type ImportDefaults,
  newDocument,
  resolveDefaults,
  treeEdges,
} from './build.js';
import { documentMarking, parseLabel, portionMark } from './labels.js';
import { type ImportResult, IssueLog } from './preview.js';
import {
  assemble,
  type ParentRef,
  RECORD_FIELDS,
  type RecordField,
  recordToUnit,
  relationshipRecordsBySubordinate,
  unitToRecord,
  type Where,
} from './record.js';
import {
  child,
  childText,
  children,
  DEFAULT_MAX_XML_BYTES,
  escapeComment,
  escapeXml,
  parseXml,
  type XNode,
} from './xml.js';

/**
 * KML 2.2 and KMZ: one Placemark per unit (Point at the home station), every field in ExtendedData; a unit with
 * subordinates becomes a Folder holding its own Placemark then its subordinates, so the folder tree is the ORBAT.
 * The roll-up marking heads the file (a comment), the Document name and description, and its ExtendedData.
 * Google Earth exports read too: Placemarks with name/description/Point in nested Folders; a Folder without a
 * Placemark of its own name becomes a unit without position. Styles are ignored (one warning).
 * Cannot carry: more than one slice per unit; non-point geometry is not a unit and is skipped on import.
 */
export function exportKml(doc: ForceDocument, options: ExportOptions = {}): string {
  const tree = treeEdges(doc, options);
  const edges = relationshipRecordsBySubordinate(doc);
  const units = exportSlices(doc, options.at);
  const kids = childrenOf(units, tree);
  const marking = documentMarking(doc);
  const data = (name: string, value: string) =>
    `<Data name="${escapeXml(name)}"><value>${escapeXml(value)}</value></Data>`;
  const placemark = (unit: UnitSlice): string => {
    const record = unitToRecord(unit, tree.get(unit.id));
    const fields = RECORD_FIELDS.filter((f) => f !== 'name' && f !== 'lat' && f !== 'lon')
      .map((f) => {
        const value = record[f];
        if (value === null || (Array.isArray(value) && value.length === 0)) return '';
        return data(f, Array.isArray(value) ? value.join('; ') : String(value));
      })
      .join('');
    const unitEdges = edges.get(unit.id) ?? [];
    const point = unit.homeStation
      ? `<Point><coordinates>${unit.homeStation.lon},${unit.homeStation.lat}</coordinates></Point>`
      : '';
    return `<Placemark><name>${escapeXml(unit.name)}</name><description>${escapeXml(`${portionMark(unit.label)} ${unit.shortName}`)}</description><ExtendedData>${fields}${unitEdges.length ? data('relationships', JSON.stringify(unitEdges)) : ''}</ExtendedData>${point}</Placemark>`;
  };
  const node = (unit: UnitSlice): string => {
    const subordinates = kids.get(unit.id) ?? [];
    if (subordinates.length === 0) return placemark(unit);
    return `<Folder><name>${escapeXml(unit.name)}</name><ExtendedData>${data('unitId', unit.id)}</ExtendedData>${placemark(unit)}${subordinates.map(node).join('')}</Folder>`;
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- ${escapeComment(marking)} -->`,
    '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>',
    `<name>${escapeXml(`${marking} - ${doc.meta.title}`)}</name>`,
    `<description>${escapeXml(`${marking}. ${doc.meta.description ?? ''}`.trim())}</description>`,
    `<ExtendedData>${data('marking', marking)}${data('title', doc.meta.title)}</ExtendedData>`,
    ...(kids.get(null) ?? []).map(node),
    '</Document></kml>',
    '',
  ].join('\n');
}

export async function exportKmz(doc: ForceDocument, options: ExportOptions = {}): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('doc.kml', exportKml(doc, options));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export interface KmlImportOptions extends ImportDefaults {
  maxBytes?: number;
}

function extendedData(node: XNode): Record<string, string> {
  const out: Record<string, string> = {};
  const ext = child(node, 'ExtendedData');
  for (const d of children(ext, 'Data')) if (d.attrs.name) out[d.attrs.name] = childText(d, 'value') ?? '';
  for (const schema of children(ext, 'SchemaData')) {
    for (const simple of children(schema, 'SimpleData')) if (simple.attrs.name) out[simple.attrs.name] = simple.text;
  }
  return out;
}

export function importKml(input: string, options: KmlImportOptions = {}): ImportResult {
  const log = new IssueLog();
  const doc = newDocument(options.title ?? 'KML import', 'UNCLASSIFIED');
  const defaults = resolveDefaults(options, 'KML', log);
  const root = parseXml(input, log, options.maxBytes ?? DEFAULT_MAX_XML_BYTES);
  if (!root) return { document: doc, issues: log.done() };
  if (root.name !== 'kml') {
    log.error('C2_IMPORT_INVALID_FIELD', `root element is <${root.name}>, not <kml>`, {
      line: root.line,
      path: root.path,
    });
    return { document: doc, issues: log.done() };
  }
  const container = child(root, 'Document') ?? root;
  const meta = extendedData(container);
  if (meta.marking !== undefined) {
    if (parseLabel(meta.marking)) doc.marking = meta.marking;
    else log.error('C2_BAD_MARKING', `marking '${meta.marking}' cannot be read`, { line: container.line });
  }
  doc.meta.title = meta.title ?? childText(container, 'name') ?? doc.meta.title;

  const entries: Array<{ unit: UnitSlice; parent: ParentRef | null; where: Where }> = [];
  let styled = false;
  let generated = 0;
  const fromPlacemark = (node: XNode, parentId: string | null, nameOverride?: string) => {
    const where = { line: node.line, path: node.path };
    const fields = extendedData(node);
    const record: Partial<Record<RecordField | 'relationships', unknown>> = {};
    for (const field of RECORD_FIELDS) if (fields[field] !== undefined) record[field] = fields[field];
    record.name = nameOverride ?? childText(node, 'name') ?? fields.name;
    record.id ??= node.attrs.id ?? `kml-${++generated}`;
    record.parentId ??= parentId;
    if (fields.relationships) {
      try {
        record.relationships = JSON.parse(fields.relationships);
      } catch {
        log.error('C2_IMPORT_SYNTAX', 'relationships data is not JSON; ignored', where);
      }
    }
    // A third-party placemark's description is its notes; ours carries the notes in ExtendedData.
    if (Object.keys(fields).length === 0) {
      const description = childText(node, 'description');
      if (description) record.notes = description;
    }
    const point = child(node, 'Point');
    const coordinates = childText(point, 'coordinates');
    if (coordinates) {
      const [lon, lat] = coordinates.trim().split(/\s+/)[0]?.split(',') ?? [];
      record.lon = lon;
      record.lat = lat;
    }
    const built = recordToUnit(record, where, log, defaults);
    if (built) entries.push({ ...built, where });
    return built?.unit.id ?? null;
  };
  const isUnitPlacemark = (node: XNode) => {
    const geometry = node.children.find((c) =>
      ['LineString', 'Polygon', 'LinearRing', 'MultiGeometry', 'Model', 'Track'].includes(c.name),
    );
    if (!geometry) return true;
    log.warn(
      'C2_IMPORT_LOSSY',
      `Placemark '${childText(node, 'name') ?? ''}' has a ${geometry.name}, not a unit position; skipped`,
      {
        line: node.line,
        path: node.path,
      },
    );
    return false;
  };
  const walk = (container: XNode, parentId: string | null) => {
    for (const node of container.children) {
      if (['Style', 'StyleMap', 'styleUrl'].includes(node.name) || child(node, 'styleUrl') || child(node, 'Style'))
        styled = true;
      if (node.name === 'Placemark' && isUnitPlacemark(node)) fromPlacemark(node, parentId);
      else if (node.name === 'Folder' || node.name === 'Document') {
        const name = childText(node, 'name') ?? '';
        const unitId = extendedData(node).unitId;
        const placemarks = children(node, 'Placemark');
        const own =
          placemarks.find((p) => unitId !== undefined && extendedData(p).id === unitId) ??
          (unitId === undefined ? placemarks.find((p) => childText(p, 'name') === name) : undefined);
        let folderUnit: string | null;
        if (own) folderUnit = fromPlacemark(own, parentId);
        else {
          log.warn(
            'C2_IMPORT_LOSSY',
            `Folder '${name}' has no Placemark of its own; imported as a unit without position`,
            {
              line: node.line,
              path: node.path,
            },
          );
          folderUnit = fromPlacemark(
            { ...node, children: node.children.filter((c) => c.name === 'ExtendedData') },
            parentId,
            name,
          );
        }
        walk({ ...node, children: node.children.filter((c) => c !== own) }, folderUnit);
      }
    }
  };
  walk(container, null);
  if (styled) log.warn('C2_IMPORT_LOSSY', 'styles (Style, StyleMap, styleUrl) ignored', { line: container.line });
  assemble(doc, entries, log, defaults);
  return { document: doc, issues: log.done() };
}

export async function importKmz(input: Buffer, options: KmlImportOptions = {}): Promise<ImportResult> {
  const log = new IssueLog();
  const limit = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  try {
    const zip = await JSZip.loadAsync(input);
    const kml = zip.file('doc.kml') ?? zip.file(/\.kml$/i)[0];
    if (!kml) log.error('C2_IMPORT_INVALID_FIELD', 'KMZ holds no .kml file', { path: '/' });
    else {
      // Checked before inflating: a small KMZ can expand to gigabytes.
      const size = (kml as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
      if (size > limit)
        log.error('C2_PAYLOAD_TOO_LARGE', `${kml.name} inflates to ${size} bytes (limit ${limit})`, { path: kml.name });
      else {
        const result = importKml(await kml.async('string'), options);
        return {
          document: result.document,
          issues: result.issues.map((i) => ({ ...i, path: `${kml.name}:${i.path ?? ''}` })),
        };
      }
    }
  } catch (error) {
    log.error('C2_IMPORT_SYNTAX', `not a readable KMZ (zip): ${(error as Error).message}`);
  }
  return { document: newDocument(options.title ?? 'KMZ import', 'UNCLASSIFIED'), issues: log.done() };
}
