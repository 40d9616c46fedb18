import { describe, expect, it } from 'vitest';
import type { ForceDocument } from '../../src/domain/force/document.js';
import type { UnitSlice } from '../../src/domain/force/unit.js';
import { applyPositionUpdates, exportCot, importCotPositions } from '../../src/interchange/cot.js';
import { exportCsv, importCsv } from '../../src/interchange/csv.js';
import { exportGeoJson, importGeoJson } from '../../src/interchange/geojson.js';
import { exportKml, exportKmz, importKml, importKmz } from '../../src/interchange/kml.js';
import { exportMsdl, importMsdl } from '../../src/interchange/msdl.js';
import { exportOrbatMapper, importOrbatMapper } from '../../src/interchange/orbatmapper.js';
import type { ImportResult } from '../../src/interchange/preview.js';
import { exportXlsx, importXlsx } from '../../src/interchange/xlsx.js';
import { sampleDocument } from './sample-doc.js';

const UNIT_FIELDS: Array<keyof UnitSlice> = [
  'id',
  'name',
  'shortName',
  'nation',
  'service',
  'echelon',
  'sidc',
  'homeStation',
  'personnel',
  'roles',
  'valid',
  'label',
  'sources',
  'notes',
];

function expectUnitsKept(original: ForceDocument, result: ImportResult): void {
  expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  expect(result.document.units.map((u) => u.id)).toEqual(original.units.map((u) => u.id));
  for (const unit of original.units) {
    const back = result.document.units.find((u) => u.id === unit.id) as UnitSlice;
    for (const field of UNIT_FIELDS) expect([unit.id, field, back[field]]).toEqual([unit.id, field, unit[field]]);
  }
}

/** Formats with a JSON extension (or comment) carry every relationship whole. */
function expectRelationshipsKept(original: ForceDocument, result: ImportResult): void {
  const byId = (doc: ForceDocument) => [...doc.relationships].sort((a, b) => a.id.localeCompare(b.id));
  expect(byId(result.document)).toEqual(byId(original));
}

/** Tables carry each unit's one tree edge: kind, superior, basis, validity, label; not its id or transfer. */
function expectTreeEdgesKept(original: ForceDocument, result: ImportResult): void {
  const tree = [
    ['COCOM', 'usindopacom', 'usfj'],
    ['OPCON', 'usfj', 'usarj'],
    ['OPCON', 'jjoc', 'gcc'],
  ];
  expect(result.document.relationships.map((r) => [r.kind, r.superiorId, r.subordinateId])).toEqual(tree);
  for (const edge of result.document.relationships) {
    const source = original.relationships.find((r) => r.kind === edge.kind && r.subordinateId === edge.subordinateId);
    expect(source).toBeDefined();
    expect([edge.basis, edge.valid, edge.label]).toEqual([source?.basis, source?.valid, source?.label]);
  }
}

const MARKING = 'SECRET//REL TO USA, JPN';

describe('round trips keep every field the format can carry', () => {
  const doc = sampleDocument();

  it('CSV: units whole, the tree edge of each unit, marking on the first line', () => {
    // Cannot carry: relationship ids, transfer/support fields, and relationships beyond one parent per unit.
    const csv = exportCsv(doc);
    expect(csv.split('\r\n')[0]).toBe(`# ${MARKING}`);
    const result = importCsv(csv);
    expectUnitsKept(doc, result);
    expectTreeEdgesKept(doc, result);
    expect(result.document.marking).toBe(MARKING);
  });

  it('XLSX: same table as CSV, marking in A1', async () => {
    const result = await importXlsx(await exportXlsx(doc));
    expectUnitsKept(doc, result);
    expectTreeEdgesKept(doc, result);
    expect(result.document.marking).toBe(MARKING);
  });

  it('GeoJSON: units and every relationship, top-level marking', () => {
    const text = exportGeoJson(doc);
    expect(JSON.parse(text).marking).toBe(MARKING);
    const result = importGeoJson(text);
    expectUnitsKept(doc, result);
    expectRelationshipsKept(doc, result);
  });

  it('KML and KMZ: folders follow the tree, fields in ExtendedData, marking in the Document name', async () => {
    const kml = exportKml(doc);
    expect(kml).toContain(`<name>${MARKING} - Interchange test force</name>`);
    // usfj has a subordinate, so it is a Folder nested in USINDOPACOM's folder
    expect(kml.indexOf('<Folder><name>U.S. Forces, Japan</name>')).toBeGreaterThan(
      kml.indexOf('<Folder><name>U.S. Indo-Pacific Command</name>'),
    );
    for (const result of [importKml(kml), await importKmz(await exportKmz(doc))]) {
      expectUnitsKept(doc, result);
      expectRelationshipsKept(doc, result);
      expect(result.document.marking).toBe(MARKING);
    }
  });

  it('ORBAT Mapper: the tree natively, everything else in the c2 member, marking leads the description', () => {
    const text = exportOrbatMapper(doc, { exportedAt: '2026-01-01T00:00:00.000Z' });
    const scenario = JSON.parse(text);
    expect([scenario.type, scenario.version]).toEqual(['ORBAT-mapper', '3.6.0']);
    expect(scenario.description.split('\n')[0]).toBe(MARKING);
    expect(scenario.sides.map((s: { name: string }) => s.name)).toEqual(['USA', 'JPN']);
    const usfj = scenario.sides[0].groups[0].subUnits[0].subUnits[0];
    expect([usfj.name, usfj.location, usfj.subUnits[0].name]).toEqual([
      'U.S. Forces, Japan',
      [139.3485, 35.7485],
      'U.S. Army Japan',
    ]);
    const result = importOrbatMapper(text);
    expectUnitsKept(doc, result);
    expectRelationshipsKept(doc, result);
    expect(result.document.marking).toBe(MARKING);
  });

  it('ORBAT Mapper without our extension still yields the native fields', () => {
    const scenario = JSON.parse(exportOrbatMapper(doc));
    const strip = (u: { c2?: unknown; subUnits: unknown[] }) => {
      delete u.c2;
      for (const s of u.subUnits) strip(s as typeof u);
    };
    for (const side of scenario.sides) for (const unit of side.groups[0].subUnits) strip(unit);
    const result = importOrbatMapper(JSON.stringify(scenario), { sideNations: { USA: 'USA', JPN: 'JPN' } });
    const usarj = result.document.units.find((u) => u.id === 'usarj') as UnitSlice;
    expect([usarj.name, usarj.shortName, usarj.sidc, usarj.nation, usarj.echelon]).toEqual([
      'U.S. Army Japan',
      'USARJ',
      '10031000221100000000',
      'USA',
      'CORPS',
    ]);
    expect(usarj.homeStation).toEqual({ name: '35.4881, 139.3927', lat: 35.4881, lon: 139.3927 });
    expect(result.document.relationships.map((r) => [r.kind, r.superiorId, r.subordinateId, r.basis])).toContainEqual([
      'OPCON',
      'usfj',
      'usarj',
      'ORBAT Mapper hierarchy',
    ]);
  });

  it('MSDL: tree in Relations, full record in a portion-marked comment, marking in ScenarioID', () => {
    const xml = exportMsdl(doc);
    expect(xml.split('\n')[1]).toBe(`<!-- ${MARKING} -->`);
    expect(xml).toContain(`<modelID:securityClassification>${MARKING}</modelID:securityClassification>`);
    expect(xml).toContain('<!-- (S//REL TO USA, JPN) alliance-c2 {');
    expect(xml).toContain('<SymbolIdentifier>SFGPU------J---</SymbolIdentifier>');
    const result = importMsdl(xml);
    expectUnitsKept(doc, result);
    expectRelationshipsKept(doc, result);
    expect(result.document.marking).toBe(MARKING);
  });

  it('CoT: stationed units become events; read back they move units', () => {
    const cot = exportCot(doc, { time: '2026-01-01T00:00:00Z' });
    const events = cot.split('\n').filter((line) => line.startsWith('<event'));
    expect(events).toHaveLength(doc.units.filter((u) => u.homeStation).length);
    expect(events[0]).toContain('uid="usindopacom"');
    expect(events[0]).toContain('callsign="USINDOPACOM"');
    const { updates, issues } = importCotPositions(cot.replace('lat="35.4881"', 'lat="35.5"'));
    expect(issues).toEqual([]);
    expect(updates.map((u) => u.uid)).toEqual(['usindopacom', 'usfj', 'usarj', 'jjoc']);
    const moved = applyPositionUpdates(doc, updates).document.units.find((u) => u.id === 'usarj');
    expect(moved?.homeStation).toEqual({ name: 'Camp Zama', lat: 35.5, lon: 139.3927 });
  });
});
