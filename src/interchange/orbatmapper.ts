import type { ForceDocument } from '../domain/force/document.js';
import type { UnitSlice } from '../domain/force/unit.js';
import {
  childrenOf,
  earliestFrom,
  type ExportOptions,
  exportSlices,
  type ImportDefaults,
  newDocument,
  resolveDefaults,
  treeEdges,
} from './build.js';
import { jsonPath, parseJson } from './json.js';
import { documentMarking, parseLabel } from './labels.js';
import { type ImportResult, IssueLog } from './preview.js';
import {
  assemble,
  type ParentRef,
  type RecordField,
  recordToUnit,
  relationshipRecordsBySubordinate,
  unitToRecord,
  type Where,
} from './record.js';
import { identityOf } from './sidc.js';

/**
 * ORBAT Mapper scenario JSON (orbat-mapper/orbat-mapper src/types/scenarioModels.ts), every version from the 2021
 * "ScenarioViewer" files to 3.x: sides → groups → units → subUnits. Sides become nations (by the caller's mapping, a
 * side named by an alpha-3 code, else 'UNK'); the unit tree becomes relationships; a unit's first position becomes its
 * home station. Our fields ORBAT Mapper has no place for ride along in each unit's `c2` member, which ORBAT Mapper
 * ignores.
 * Cannot carry natively (kept only in `c2`): nation, service, echelon, roles, validity, labels, station name,
 * personnel source, relationships other than the tree. Read but dropped (reported): later positions and state
 * changes, equipment (listed in notes), supplies, range rings, events, layers.
 */
export const ORBAT_MAPPER_VERSION = '3.6.0';

export interface OrbatMapperImportOptions extends ImportDefaults {
  /** Side name (or side id) → nation code. */
  sideNations?: Record<string, string>;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const arrayAt = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const timeMs = (t: unknown): number => (typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : Number.NaN);

export function importOrbatMapper(input: string, options: OrbatMapperImportOptions = {}): ImportResult {
  const log = new IssueLog();
  const data = parseJson(input, log);
  const doc = newDocument(options.title ?? 'ORBAT Mapper import', 'UNCLASSIFIED');
  if (data === undefined) return { document: doc, issues: log.done() };
  if (!isObject(data) || !['ORBAT-mapper', 'ScenarioViewer'].includes(String(data.type))) {
    const why =
      isObject(data) && data.type === 'ORBAT-mapper-encrypted' ? 'is encrypted' : 'is not an ORBAT Mapper scenario';
    log.error('C2_IMPORT_INVALID_FIELD', `file ${why}`, { path: '$.type' });
    return { document: doc, issues: log.done() };
  }
  const major = Number(String(data.version ?? '0').split('.')[0]);
  if (major > Number(ORBAT_MAPPER_VERSION.split('.')[0])) {
    log.warn('C2_IMPORT_LOSSY', `scenario version ${data.version} is newer than ${ORBAT_MAPPER_VERSION}`, {
      path: '$.version',
    });
  }
  const start = timeMs(data.startTime);
  const defaults = resolveDefaults(options, 'ORBAT Mapper', log, Number.isFinite(start) ? start : undefined);
  if (typeof data.name === 'string') doc.meta.title = data.name;
  if (typeof data.description === 'string') {
    const [first, ...rest] = data.description.split('\n');
    const marking = first && parseLabel(first) ? first.trim() : null;
    if (marking) doc.marking = marking;
    const description = (marking ? rest.join('\n') : data.description).trim();
    if (description) doc.meta.description = description;
  }
  const entries: Array<{ unit: UnitSlice; parent: ParentRef | null; where: Where }> = [];
  const dropped = { events: arrayAt(data.events).length, layers: arrayAt(data.layerStack ?? data.layers).length };

  arrayAt(data.sides).forEach((rawSide, s) => {
    const sidePath = jsonPath('$', 'sides', s);
    if (!isObject(rawSide)) {
      log.error('C2_IMPORT_INVALID_FIELD', 'side is not an object', { path: sidePath });
      return;
    }
    const name = String(rawSide.name ?? '');
    let nation = options.sideNations?.[name] ?? options.sideNations?.[String(rawSide.id)];
    if (!nation && /^[A-Z]{3}$/.test(name)) nation = name;
    if (!nation) {
      nation = defaults.nation;
      log.warn('C2_IMPORT_LOSSY', `side '${name}' has no nation mapping; units set to ${nation} (pass sideNations)`, {
        path: sidePath,
      });
    }
    const walk = (raw: unknown, path: string, parentId: string | null) => {
      if (!isObject(raw)) {
        log.error('C2_IMPORT_INVALID_FIELD', 'unit is not an object; skipped', { path });
        return;
      }
      const built = readUnit(raw, path, parentId, nation as string);
      if (built) entries.push(built);
      const id = built?.unit.id ?? null;
      for (const [i, sub] of arrayAt(raw.subUnits).entries()) walk(sub, jsonPath(path, 'subUnits', i), id);
    };
    for (const [i, u] of arrayAt(rawSide.subUnits).entries()) walk(u, jsonPath(sidePath, 'subUnits', i), null);
    arrayAt(rawSide.groups).forEach((group, g) => {
      if (!isObject(group)) return;
      const key = Array.isArray(group.subUnits) ? 'subUnits' : 'units';
      for (const [i, u] of arrayAt(group[key]).entries()) walk(u, jsonPath(sidePath, 'groups', g, key, i), null);
    });
  });

  function readUnit(raw: Json, path: string, parentId: string | null, nation: string) {
    const ext = isObject(raw.c2) ? raw.c2 : null;
    const record: Partial<Record<RecordField | 'relationships', unknown>> = { nation, ...(ext ?? {}) };
    record.id = raw.id;
    record.name = raw.name;
    if (typeof raw.shortName === 'string') record.shortName = raw.shortName;
    record.sidc = raw.sidc;
    record.parentId = parentId;
    const notes: string[] = [];
    if (!ext) {
      if (typeof raw.description === 'string' && raw.description.trim()) notes.push(raw.description.trim());
      if (typeof raw.externalUrl === 'string') record.sources = [raw.externalUrl];
      const personnel = arrayAt(raw.personnel).filter(isObject);
      if (personnel.length) {
        record.personnelAuthorized = personnel.reduce((sum, p) => sum + (Number(p.count) || 0), 0);
        const onHand = personnel.filter((p) => typeof p.onHand === 'number');
        if (onHand.length) record.personnelAssigned = onHand.reduce((sum, p) => sum + Number(p.onHand), 0);
      }
    }
    const equipment = arrayAt(raw.equipment).filter(isObject);
    if (equipment.length) {
      notes.push(`ORBAT Mapper equipment: ${equipment.map((e) => `${e.name} ×${e.count}`).join(', ')}`);
      log.warn('C2_IMPORT_LOSSY', `equipment of '${raw.name}' has no place in the model; listed in notes`, {
        path: jsonPath(path, 'equipment'),
      });
    }
    // Position: the unit's own initial location, else its first located state; later states are reported dropped.
    const states = arrayAt(raw.state)
      .filter(isObject)
      .map((state) => ({ state, t: timeMs(state.t) }))
      .sort((a, b) => a.t - b.t);
    const located = (state: Json) => {
      const position = state.location ?? state.coordinates;
      return Array.isArray(position) && position.length >= 2 ? position : null;
    };
    let position = Array.isArray(raw.location) ? raw.location : null;
    let used: Json | null = null;
    if (!position) {
      used = states.find(({ state }) => located(state))?.state ?? null;
      position = used ? located(used) : null;
    }
    if (position) [record.lon, record.lat] = position as unknown[];
    const later = states.filter(({ state }) => state !== used);
    if (later.length) {
      const times = later.map(({ t }) => (Number.isFinite(t) ? new Date(t).toISOString() : '?'));
      const summary = `${later.length} later state change(s) (positions, symbols) from ${times[0]} to ${times.at(-1)}`;
      notes.push(`ORBAT Mapper history dropped: ${summary}`);
      log.warn('C2_IMPORT_LOSSY', `'${raw.name}': ${summary} dropped; home station is the first position`, {
        path: jsonPath(path, 'state'),
      });
    }
    if (notes.length) record.notes = [ext?.notes, ...notes].filter(Boolean).join('\n');
    const where = { path };
    const built = recordToUnit(record, where, log, defaults);
    return built ? { ...built, where } : null;
  }

  assemble(doc, entries, log, defaults);
  if (dropped.events || dropped.layers) {
    log.warn('C2_IMPORT_LOSSY', `${dropped.events} event(s) and ${dropped.layers} layer(s) not imported`, {
      path: '$',
    });
  }
  return { document: doc, issues: log.done() };
}

export interface OrbatMapperExportOptions extends ExportOptions {
  /** Scenario id; default 'alliance-c2-export'. */
  id?: string;
  /** Written as meta.createdDate/lastModifiedDate (the caller passes the clock). */
  exportedAt?: string;
}

export function exportOrbatMapper(doc: ForceDocument, options: OrbatMapperExportOptions = {}): string {
  const tree = treeEdges(doc, options);
  const edges = relationshipRecordsBySubordinate(doc);
  const units = exportSlices(doc, options.at);
  const children = childrenOf(units, tree);
  const toUnit = (unit: UnitSlice): Json => {
    const record = unitToRecord(unit, tree.get(unit.id));
    const personnel = unit.personnel.authorized ?? unit.personnel.assigned;
    return {
      id: unit.id,
      name: unit.name,
      shortName: unit.shortName,
      sidc: unit.sidc,
      ...(unit.notes ? { description: unit.notes } : {}),
      ...(unit.sources?.[0] ? { externalUrl: unit.sources[0] } : {}),
      ...(unit.homeStation ? { location: [unit.homeStation.lon, unit.homeStation.lat] } : {}),
      state: [],
      personnel:
        personnel === null
          ? []
          : [
              {
                name: 'Personnel',
                count: personnel,
                ...(unit.personnel.assigned !== null ? { onHand: unit.personnel.assigned } : {}),
              },
            ],
      equipment: [],
      subUnits: (children.get(unit.id) ?? []).map(toUnit),
      c2: {
        ...record,
        relationships: edges.get(unit.id) ?? [],
      },
    };
  };
  const roots = children.get(null) ?? [];
  const nations = [...new Set(roots.map((u) => u.nation))];
  const startTime = earliestFrom(units) ?? '';
  const stamp = options.exportedAt ?? doc.meta.exportedAt ?? startTime;
  const marking = documentMarking(doc);
  return JSON.stringify({
    id: options.id ?? 'alliance-c2-export',
    type: 'ORBAT-mapper',
    version: ORBAT_MAPPER_VERSION,
    meta: { createdDate: stamp, lastModifiedDate: stamp },
    name: doc.meta.title,
    description: `${marking}\n\n${doc.meta.description ?? ''}`.trim(),
    startTime,
    timeZone: 'UTC',
    symbologyStandard: '2525',
    sides: nations.map((nation) => {
      const sideRoots = roots.filter((u) => u.nation === nation);
      return {
        id: `side-${nation}`,
        name: nation,
        standardIdentity: identityOf(sideRoots[0]?.sidc ?? ''),
        symbolOptions: {},
        groups: [{ id: `group-${nation}`, name: `${nation} forces`, subUnits: sideRoots.map(toUnit) }],
        subUnits: [],
      };
    }),
    layerStack: [],
    events: [],
    equipment: [],
    personnel: [{ name: 'Personnel' }],
    supplyCategories: [],
    settings: {
      rangeRingGroups: [],
      statuses: [],
      supplyClasses: [],
      supplyUoMs: [],
      symbolFillColors: [],
      customSymbols: [],
    },
  });
}
