import type { ForceDocument } from '../domain/force/document.js';
import {
  type ExportOptions,
  exportSlices,
  type ImportDefaults,
  newDocument,
  resolveDefaults,
  treeEdges,
} from './build.js';
import { parseJson } from './json.js';
import { documentMarking, parseLabel } from './labels.js';
import { type ImportResult, IssueLog } from './preview.js';
import {
  assemble,
  type ParentRef,
  recordToUnit,
  relationshipRecordsBySubordinate,
  unitToRecord,
  type Where,
} from './record.js';

/**
 * GeoJSON FeatureCollection of units: a Point at the home station (null geometry when there is none), properties =
 * the unit record (every UnitSlice field, parent id, label) plus every relationship where the unit is the subordinate.
 * The roll-up marking is the top-level `marking` member.
 * Cannot carry: more than one valid-time slice per unit (the slice at `at`, else the latest, is written).
 */
export function exportGeoJson(doc: ForceDocument, options: ExportOptions = {}): string {
  const tree = treeEdges(doc, options);
  const edges = relationshipRecordsBySubordinate(doc);
  const features = exportSlices(doc, options.at).map((unit) => {
    const { lat, lon, ...properties } = unitToRecord(unit, tree.get(unit.id));
    return {
      type: 'Feature',
      id: unit.id,
      geometry: lat !== null && lon !== null ? { type: 'Point', coordinates: [lon, lat] } : null,
      properties: {
        ...properties,
        relationships: edges.get(unit.id) ?? [],
      },
    };
  });
  return JSON.stringify(
    { type: 'FeatureCollection', marking: documentMarking(doc), title: doc.meta.title, features },
    null,
    1,
  );
}

export function importGeoJson(input: string, options: ImportDefaults = {}): ImportResult {
  const log = new IssueLog();
  const data = parseJson(input, log) as Record<string, unknown> | undefined;
  const defaults = resolveDefaults(options, 'GeoJSON', log);
  const doc = newDocument(options.title ?? 'GeoJSON import', 'UNCLASSIFIED');
  if (data === undefined) return { document: doc, issues: log.done() };
  if (typeof data !== 'object' || data === null || (data.type !== 'FeatureCollection' && data.type !== 'Feature')) {
    log.error('C2_IMPORT_INVALID_FIELD', 'not a GeoJSON FeatureCollection or Feature', { path: '$.type' });
    return { document: doc, issues: log.done() };
  }
  if (typeof data.title === 'string') doc.meta.title = data.title;
  if (typeof data.marking === 'string') {
    if (parseLabel(data.marking)) doc.marking = data.marking;
    else log.error('C2_BAD_MARKING', `marking '${data.marking}' cannot be read`, { path: '$.marking' });
  }
  const features = data.type === 'Feature' ? [data] : Array.isArray(data.features) ? data.features : [];
  if (data.type === 'FeatureCollection' && !Array.isArray(data.features)) {
    log.error('C2_IMPORT_INVALID_FIELD', 'features is not an array', { path: '$.features' });
  }
  const entries: Array<{ unit: ForceDocument['units'][number]; parent: ParentRef | null; where: Where }> = [];
  features.forEach((raw: unknown, index: number) => {
    const path = data.type === 'Feature' ? '$' : `$.features[${index}]`;
    const feature = raw as { id?: unknown; geometry?: unknown; properties?: Record<string, unknown> | null };
    if (typeof feature !== 'object' || feature === null) {
      log.error('C2_IMPORT_INVALID_FIELD', 'feature is not an object; skipped', { path });
      return;
    }
    const properties = { ...(feature.properties ?? {}) };
    properties.id ??= feature.id ?? `feature-${index + 1}`;
    const geometry = feature.geometry as { type?: string; coordinates?: unknown } | null | undefined;
    if (geometry?.type === 'Point' && Array.isArray(geometry.coordinates)) {
      [properties.lon, properties.lat] = geometry.coordinates as unknown[];
    } else if (geometry) {
      log.warn('C2_IMPORT_LOSSY', `${geometry.type ?? 'unknown'} geometry is not a unit position; dropped`, {
        path: `${path}.geometry`,
      });
    }
    const where = { path: `${path}.properties` };
    const built = recordToUnit(properties, where, log, defaults);
    if (built) entries.push({ ...built, where });
  });
  assemble(doc, entries, log, defaults);
  return { document: doc, issues: log.done() };
}
