import { createHash } from 'node:crypto';
import type { RelationshipKind } from '../domain/command/relationship.js';
import type { ForceDocument } from '../domain/force/document.js';
import type { Echelon, UnitSlice } from '../domain/force/unit.js';
import {
  childrenOf,
  earliestFrom,
  FALLBACK_VALID_FROM,
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
  type RecordField,
  recordToUnit,
  relationshipRecordsBySubordinate,
  unitToRecord,
  type Where,
} from './record.js';
import { legacyFromSidc } from './sidc.js';
import {
  child,
  childText,
  children,
  DEFAULT_MAX_XML_BYTES,
  escapeComment,
  escapeXml,
  find,
  parseXml,
  type XNode,
} from './xml.js';

/**
 * MSDL (SISO-STD-007-2008 and the later msdllib/NETN variants): ScenarioID (modelID, with securityClassification),
 * ForceSides (→ nations by CountryCode or the caller's mapping), Organizations/Units (ObjectHandle, Name,
 * SymbolIdentifier, UnitSymbolModifiers/Echelon, Disposition/Location GDC, Relations/ForceRelation with
 * CommandRelation/CommandingSuperiorHandle). Files that stray from the schema (misspelt elements, CommandRelation one
 * level off, missing ScenarioID) are read leniently with warnings that name the element and line.
 * The roll-up marking is a comment before the root and ScenarioID/securityClassification; each unit carries a
 * portion-marked comment holding its full record, which MSDL tools ignore.
 * Cannot carry natively (kept only in the comment): nation per unit beyond its side, service, roles, validity, labels,
 * personnel, station name, exact 2525D code (MSDL takes 15-letter codes), ids that are not UUIDs, relationships other
 * than the tree. Read but dropped (reported): equipment items, holdings, deployment (federates), formations.
 */
export interface MsdlImportOptions extends ImportDefaults {
  /** ForceSide name (or handle) → nation, for sides without a CountryCode. */
  sideNations?: Record<string, string>;
  maxBytes?: number;
}

const EXTENSION = 'alliance-c2 ';

const ECHELON_IN: Record<string, Echelon> = {
  TEAM: 'TEAM',
  CREW: 'TEAM',
  SQUAD: 'SQUAD',
  SECTION: 'SECTION',
  PLATOON: 'PLATOON',
  DETACHMENT: 'PLATOON',
  COMPANY: 'COMPANY',
  BATTERY: 'COMPANY',
  TROOP: 'COMPANY',
  BATTALION: 'BATTALION',
  SQUADRON: 'BATTALION',
  REGIMENT: 'REGIMENT',
  GROUP: 'REGIMENT',
  BRIGADE: 'BRIGADE',
  DIVISION: 'DIVISION',
  CORPS: 'CORPS',
  ARMY: 'ARMY',
  ARMYGROUP: 'ARMY_GROUP',
  FRONT: 'ARMY_GROUP',
  REGION: 'REGION',
};
// MSDL has no COMMAND echelon: REGION is the nearest (the exact echelon rides in the comment).
const ECHELON_OUT: Record<Echelon, string> = {
  TEAM: 'TEAM',
  SQUAD: 'SQUAD',
  SECTION: 'SECTION',
  PLATOON: 'PLATOON',
  COMPANY: 'COMPANY',
  BATTALION: 'BATTALION',
  REGIMENT: 'REGIMENT',
  BRIGADE: 'BRIGADE',
  DIVISION: 'DIVISION',
  CORPS: 'CORPS',
  ARMY: 'ARMY',
  ARMY_GROUP: 'ARMYGROUP',
  REGION: 'REGION',
  COMMAND: 'REGION',
};

export function importMsdl(input: string, options: MsdlImportOptions = {}): ImportResult {
  const log = new IssueLog();
  const doc = newDocument(options.title ?? 'MSDL import', 'UNCLASSIFIED');
  const root = parseXml(input, log, options.maxBytes ?? DEFAULT_MAX_XML_BYTES);
  if (!root) return { document: doc, issues: log.done() };
  const at = (node: XNode): Where => ({ line: node.line, path: node.path });
  if (root.name !== 'MilitaryScenario') {
    log.error('C2_IMPORT_INVALID_FIELD', `root element is <${root.name}>, not <MilitaryScenario>`, at(root));
    return { document: doc, issues: log.done() };
  }
  const scenarioId = child(root, 'ScenarioID');
  if (!scenarioId) log.warn('C2_IMPORT_INVALID_FIELD', 'no ScenarioID (required by the schema)', at(root));
  doc.meta.title = childText(scenarioId, 'name') || doc.meta.title;
  const description = childText(scenarioId, 'description');
  if (description) doc.meta.description = description;
  const classification = childText(scenarioId, 'securityClassification');
  if (classification) {
    const label = parseLabel(classification);
    if (label) doc.marking = classification.toUpperCase() === classification ? classification : label.classification;
    else
      log.warn(
        'C2_BAD_MARKING',
        `securityClassification '${classification}' is not a known marking`,
        at(scenarioId as XNode),
      );
  }
  const time = childText(child(root, 'Environment'), 'ScenarioTime');
  const defaults = resolveDefaults(options, 'MSDL', log, time || undefined);

  // Sides and forces: a unit under a force takes the force's country, else its side's.
  const sides = new Map<string, { name: string; nation: string | null }>();
  for (const side of children(child(root, 'ForceSides'), 'ForceSide')) {
    const handle = childText(side, 'ObjectHandle') ?? '';
    const name = childText(side, 'ForceSideName') ?? handle;
    const code = childText(side, 'CountryCode')?.toUpperCase();
    const nation =
      (code && /^[A-Z]{3}$/.test(code) ? code : null) ??
      options.sideNations?.[name] ??
      options.sideNations?.[handle] ??
      null;
    sides.set(handle, { name, nation });
  }
  for (const side of children(child(root, 'ForceSides'), 'ForceSide')) {
    const entry = sides.get(childText(side, 'ObjectHandle') ?? '');
    const allegiance = sides.get(childText(side, 'AllegianceHandle') ?? '');
    if (entry && entry.nation === null && allegiance) entry.nation = allegiance.nation;
  }
  const unmapped = [...sides.values()].filter((s) => s.nation === null).map((s) => s.name);
  if (unmapped.length) {
    log.warn(
      'C2_IMPORT_LOSSY',
      `force sides without CountryCode or mapping (units set to ${defaults.nation}): ${unmapped.join(', ')}`,
      at(child(root, 'ForceSides') ?? root),
    );
  }

  const unitsNode = child(child(root, 'Organizations'), 'Units');
  if (!child(root, 'Organizations')) log.warn('C2_IMPORT_INVALID_FIELD', 'no Organizations element', at(root));
  const entries: Array<{ unit: UnitSlice; parent: ParentRef | null; where: Where }> = [];
  for (const node of children(unitsNode, 'Unit')) {
    const where = at(node);
    const record: Partial<Record<RecordField | 'relationships', unknown>> = {};
    const comment = node.comments.find((c) => c.includes(EXTENSION));
    if (comment) {
      try {
        Object.assign(record, JSON.parse(comment.slice(comment.indexOf(EXTENSION) + EXTENSION.length)));
      } catch {
        log.warn('C2_IMPORT_SYNTAX', 'alliance-c2 comment is not JSON; ignored', where);
      }
    }
    const handle = childText(node, 'ObjectHandle') ?? '';
    record.id ??= handle;
    record.name =
      childText(node, 'Name') || childText(find(node, 'UnitSymbolModifiers'), 'UniqueDesignation') || handle;
    const modifiers = child(node, 'UnitSymbolModifiers');
    if (!comment) {
      record.sidc = childText(node, 'SymbolIdentifier');
      const designation = childText(modifiers, 'UniqueDesignation');
      if (designation) record.shortName = designation;
      const echelon = childText(modifiers, 'Echelon');
      if (echelon && echelon !== 'NONE') {
        const mapped = ECHELON_IN[echelon.toUpperCase()];
        if (mapped) record.echelon = mapped;
        else
          log.warn('C2_IMPORT_INVALID_FIELD', `Echelon '${echelon}' unknown`, at(child(modifiers, 'Echelon') as XNode));
      }
    }
    readLocation(node, record, log);
    const parent = readRelation(node, record, log, sides, defaults.nation);
    if (!comment) record.parentKind = parent.kind;
    const built = recordToUnit(record, where, log, defaults);
    if (built) {
      if (built.parent && parent.transfer) built.parent.basis ??= `MSDL ${parent.transfer}`;
      entries.push({ ...built, where });
    }
  }
  const equipment = children(child(child(root, 'Organizations'), 'Equipment'), 'EquipmentItem');
  if (equipment.length)
    log.warn(
      'C2_IMPORT_LOSSY',
      `${equipment.length} equipment item(s) not imported`,
      at(child(root, 'Organizations') as XNode),
    );
  const known = new Set(children(unitsNode, 'Unit').map((u) => childText(u, 'ObjectHandle')));
  for (const federate of children(child(root, 'Deployment'), 'Federate')) {
    for (const unit of children(child(federate, 'Units'), 'Unit')) {
      const handle = childText(unit, 'ObjectHandle');
      if (!known.has(handle)) {
        log.warn('C2_IMPORT_DANGLING_REF', `Deployment names unit ${handle}, which is not in Organizations`, at(unit));
      }
    }
  }
  assemble(doc, entries, log, defaults);
  return { document: doc, issues: log.done() };
}

function readLocation(node: XNode, record: Partial<Record<RecordField, unknown>>, log: IssueLog): void {
  const location = find(child(node, 'Disposition'), 'Location');
  if (!location) return;
  const choice = childText(location, 'CoordinateChoice') ?? 'GDC';
  const gdc = find(location, 'GDC');
  if (!gdc) {
    log.warn('C2_IMPORT_LOSSY', `location in ${choice} coordinates not read (GDC only); position dropped`, {
      line: location.line,
      path: location.path,
    });
    return;
  }
  if (child(location, 'GDC')) {
    log.warn('C2_IMPORT_INVALID_FIELD', 'GDC outside CoordinateData; read anyway', { line: gdc.line, path: gdc.path });
  }
  const misspelt = child(gdc, 'Longigude');
  if (!child(gdc, 'Longitude') && misspelt) {
    log.warn('C2_IMPORT_INVALID_FIELD', '<Longigude> read as <Longitude>', {
      line: misspelt.line,
      path: misspelt.path,
    });
  }
  record.lat = childText(gdc, 'Latitude');
  record.lon = childText(gdc, 'Longitude') ?? misspelt?.text;
}

function readRelation(
  node: XNode,
  record: Partial<Record<RecordField, unknown>>,
  log: IssueLog,
  sides: Map<string, { name: string; nation: string | null }>,
  fallbackNation: string,
): { kind?: RelationshipKind; transfer?: string } {
  const relation = find(child(node, 'Relations'), 'ForceRelation');
  if (!relation) return {};
  const choice = childText(relation, 'ForceRelationChoice');
  if (choice === 'FORCE_SIDE') {
    const handle = childText(find(relation, 'ForceRelationData'), 'ForceSideHandle') ?? '';
    const side = sides.get(handle);
    if (!side)
      log.error('C2_IMPORT_DANGLING_REF', `ForceSideHandle ${handle} names no ForceSide`, {
        line: relation.line,
        path: relation.path,
      });
    record.nation ??= side?.nation ?? fallbackNation;
    return {};
  }
  const command = find(relation, 'CommandRelation');
  if (!command) return {};
  if (!child(child(relation, 'ForceRelationData'), 'CommandRelation')) {
    log.warn('C2_IMPORT_INVALID_FIELD', 'CommandRelation outside ForceRelationData; read anyway', {
      line: command.line,
      path: command.path,
    });
  }
  record.parentId ??= childText(command, 'CommandingSuperiorHandle');
  const type = childText(command, 'CommandRelationshipType')?.toUpperCase();
  if (type === 'OPCON' || type === 'TACON' || type === 'ADCON') return { kind: type };
  return type === 'ORGANIC' || type === 'ATTACHED' ? { transfer: type } : {};
}

/** A UUID (version 5 layout) derived from a name, so ids that are not UUIDs map to stable MSDL ObjectHandles. */
export function handleFor(name: string): string {
  const hex = createHash('sha1').update(`alliance-c2:${name}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMMAND_TYPES: Partial<Record<RelationshipKind, string>> = {
  COCOM: 'ORGANIC',
  OPCON: 'OPCON',
  TACON: 'TACON',
  ADCON: 'ADCON',
};

export interface MsdlExportOptions extends ExportOptions {
  /** modelID:modificationDate (the caller passes the clock); default the earliest validity. */
  exportedAt?: string;
}

export function exportMsdl(doc: ForceDocument, options: MsdlExportOptions = {}): string {
  const tree = treeEdges(doc, options);
  const edges = relationshipRecordsBySubordinate(doc);
  const units = exportSlices(doc, options.at);
  const roots = childrenOf(units, tree).get(null) ?? [];
  const handle = (id: string) => (UUID.test(id) ? id : handleFor(id));
  const sideHandle = (nation: string) => handleFor(`side:${nation}`);
  const rootNation = new Map<string, string>();
  const byId = new Map(units.map((u) => [u.id, u]));
  const nationOfRoot = (unit: UnitSlice): string => {
    const up = tree.get(unit.id)?.superiorId;
    const superior = up === undefined ? undefined : byId.get(up);
    return superior ? nationOfRoot(superior) : unit.nation;
  };
  for (const unit of units) rootNation.set(unit.id, nationOfRoot(unit));
  const nations = [...new Set(roots.map((u) => u.nation))];
  const scenarioTime = earliestFrom(units) ?? FALLBACK_VALID_FROM;
  const marking = documentMarking(doc);
  const t = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;

  const unitXml = (unit: UnitSlice): string => {
    const edge = tree.get(unit.id);
    const record = {
      ...unitToRecord(unit, edge),
      relationships: edges.get(unit.id) ?? [],
    };
    const relation =
      edge && byId.has(edge.superiorId)
        ? `<ForceRelationChoice>UNIT</ForceRelationChoice><ForceRelationData><CommandRelation>${t('CommandingSuperiorHandle', handle(edge.superiorId))}${t('CommandRelationshipType', COMMAND_TYPES[edge.kind] ?? 'NONE')}</CommandRelation></ForceRelationData>`
        : `<ForceRelationChoice>FORCE_SIDE</ForceRelationChoice><ForceRelationData>${t('ForceSideHandle', sideHandle(rootNation.get(unit.id) ?? unit.nation))}</ForceRelationData>`;
    const station = unit.homeStation
      ? `<Disposition><Location><CoordinateChoice>GDC</CoordinateChoice><CoordinateData><GDC>${t('Latitude', String(unit.homeStation.lat))}${t('Longitude', String(unit.homeStation.lon))}<ElevationAGL>0</ElevationAGL></GDC></CoordinateData></Location></Disposition>`
      : '';
    return [
      '<Unit>',
      `<!-- ${escapeComment(`${portionMark(unit.label)} ${EXTENSION}${JSON.stringify(record)}`)} -->`,
      t('ObjectHandle', handle(unit.id)),
      t('SymbolIdentifier', legacyFromSidc(unit.sidc)),
      t('Name', unit.name),
      `<UnitSymbolModifiers>${t('Echelon', ECHELON_OUT[unit.echelon])}${t('UniqueDesignation', unit.shortName)}</UnitSymbolModifiers>`,
      station,
      `<Relations><ForceRelation>${relation}</ForceRelation></Relations>`,
      '</Unit>',
    ].join('');
  };

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- ${escapeComment(marking)} -->`,
    '<MilitaryScenario xmlns="urn:sisostds:scenario:military:data:draft:msdl:1" xmlns:modelID="http://www.sisostds.org/schemas/modelID">',
    `<ScenarioID>${t('modelID:name', doc.meta.title)}${t('modelID:type', 'alliance-c2/force')}${t('modelID:version', '1')}${t('modelID:modificationDate', (options.exportedAt ?? doc.meta.exportedAt ?? scenarioTime).slice(0, 10))}${t('modelID:securityClassification', marking)}${t('modelID:description', doc.meta.description ?? doc.meta.title)}</ScenarioID>`,
    `<Options>${t('MSDLVersion', 'MSDL Standard Nov 2008')}</Options>`,
    `<Environment>${t('ScenarioTime', scenarioTime)}</Environment>`,
    `<ForceSides>${nations.map((n) => `<ForceSide>${t('ObjectHandle', sideHandle(n))}${t('ForceSideName', n)}${t('AllegianceHandle', sideHandle(n))}${/^[A-Z]{3}$/.test(n) && n !== 'UNK' ? t('CountryCode', n) : ''}</ForceSide>`).join('')}</ForceSides>`,
    `<Organizations><Units>${units.map(unitXml).join('\n')}</Units><Equipment/></Organizations>`,
    '</MilitaryScenario>',
    '',
  ].join('\n');
}
