import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCotPositions } from '../../src/interchange/cot.js';
import { exportCsv, importCsv, importCsvStream } from '../../src/interchange/csv.js';
import { exportGeoJson, importGeoJson } from '../../src/interchange/geojson.js';
import { exportKml, importKml, importKmz } from '../../src/interchange/kml.js';
import { exportMsdl, importMsdl } from '../../src/interchange/msdl.js';
import { exportOrbatMapper, importOrbatMapper } from '../../src/interchange/orbatmapper.js';
import type { ImportIssue } from '../../src/interchange/preview.js';
import { importXlsx } from '../../src/interchange/xlsx.js';
import { sampleDocument } from './sample-doc.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/interchange');
const errors = (issues: ImportIssue[]) => issues.filter((i) => i.severity === 'error');

describe('malformed input gives located errors, never a crash', () => {
  it('JSON syntax errors are located by line (ORBAT Mapper, GeoJSON)', () => {
    const broken = '{\n  "type": "ORBAT-mapper",\n  "sides": [\n    { "name": "A", }\n  ]\n}';
    for (const result of [importOrbatMapper(broken), importGeoJson(broken)]) {
      expect(errors(result.issues)).toEqual([expect.objectContaining({ code: 'C2_IMPORT_SYNTAX', line: 4 })]);
    }
    // V8 gives no position for this one; the scan finds it
    expect(importGeoJson('{\n"a":\ntru}').issues[0]).toMatchObject({ line: 3 });
  });

  it('ORBAT Mapper: a unit without a name is an error at its JSON path; its siblings are still read', () => {
    const scenario = JSON.parse(exportOrbatMapper(sampleDocument()));
    delete scenario.sides[0].groups[0].subUnits[0].subUnits[0].name;
    delete scenario.sides[0].groups[0].subUnits[0].subUnits[0].c2.name;
    const result = importOrbatMapper(JSON.stringify(scenario));
    expect(errors(result.issues)[0]).toMatchObject({
      code: 'C2_IMPORT_INVALID_FIELD',
      path: '$.sides[0].groups[0].subUnits[0].subUnits[0]',
    });
    expect(result.document.units.map((u) => u.id)).toContain('jjoc');
  });

  it('ORBAT Mapper: an encrypted or foreign file is refused with the path of its type', () => {
    expect(importOrbatMapper('{"type":"ORBAT-mapper-encrypted"}').issues[0]).toMatchObject({
      path: '$.type',
      severity: 'error',
    });
  });

  it('a label that cannot be read refuses the record instead of defaulting it', () => {
    const collection = JSON.parse(exportGeoJson(sampleDocument()));
    collection.features[2].properties.label = 'SECRETISH//REL TO MARS';
    const result = importGeoJson(JSON.stringify(collection));
    expect(errors(result.issues)[0]).toMatchObject({ code: 'C2_BAD_MARKING', path: '$.features[2].properties.label' });
    expect(result.document.units.map((u) => u.id)).not.toContain('usarj');
  });

  it('CSV: a parent that does not exist, a bad number and an unclosed quote are errors on their rows', () => {
    const csv = 'Unit,Parent,Lat,Lon\nAlpha,,35,139\nBravo,Charlie,35,139\nDelta,Alpha,95,139\n"Echo,Alpha,1,2\n';
    const result = importCsv(csv);
    expect(errors(result.issues).map((i) => [i.code, i.row])).toEqual([
      ['C2_IMPORT_INVALID_FIELD', 4],
      ['C2_IMPORT_SYNTAX', 5],
      ['C2_IMPORT_DANGLING_REF', 3],
    ]);
  });

  it('CSV: duplicate ids and self-parents are located', () => {
    const result = importCsv('id,name,parent\na,A,\na,A again,\nb,B,b\n');
    expect(errors(result.issues).map((i) => [i.code, i.row])).toEqual([
      ['C2_DUPLICATE_ID', 3],
      ['C2_SELF_RELATIONSHIP', 4],
    ]);
  });

  it('XLSX: a file that is not a workbook is an error; bad cells are errors on their sheet row', async () => {
    expect(errors((await importXlsx(Buffer.from('not a zip'))).issues)[0]?.code).toBe('C2_IMPORT_SYNTAX');
    const result = await importXlsx(readFileSync(path.join(fixtures, 'excel-orbat.xlsx')));
    expect(errors(result.issues).map((i) => [i.code, i.row])).toEqual([
      ['C2_IMPORT_INVALID_FIELD', 7],
      ['C2_IMPORT_INVALID_FIELD', 7],
      ['C2_IMPORT_DANGLING_REF', 7],
    ]);
  });

  it('XML: DOCTYPE/ENTITY refused before parsing; syntax errors carry their line (KML, MSDL)', () => {
    const bomb = '<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY a "aaaa">]>\n<kml>&a;</kml>';
    expect(importKml(bomb).issues).toEqual([expect.objectContaining({ code: 'C2_IMPORT_UNSAFE', line: 2 })]);
    expect(importMsdl(bomb.replace(/kml/g, 'MilitaryScenario')).issues[0]).toMatchObject({ code: 'C2_IMPORT_UNSAFE' });
    const unclosed = '<kml>\n<Document>\n<Placemark><name>x</name>\n</Document></kml>';
    expect(importKml(unclosed).issues[0]).toMatchObject({ code: 'C2_IMPORT_SYNTAX', line: 4 });
    expect(importKml('<kml/>', { maxBytes: 3 }).issues[0]?.code).toBe('C2_PAYLOAD_TOO_LARGE');
  });

  it('MSDL: a unit naming a missing force side is an error at its element', () => {
    const xml = exportMsdl(sampleDocument()).replace(/<ForceSides>.*<\/ForceSides>/, '<ForceSides></ForceSides>');
    const result = importMsdl(xml);
    expect(errors(result.issues)[0]).toMatchObject({
      code: 'C2_IMPORT_DANGLING_REF',
      path: '/MilitaryScenario/Organizations/Units/Unit[1]/Relations/ForceRelation',
    });
  });

  it('KMZ: a file that is not a zip is an error', async () => {
    expect(errors((await importKmz(Buffer.from('PK nope'))).issues)[0]?.code).toBe('C2_IMPORT_SYNTAX');
  });

  it('CoT: a bad event is an error at its line; the good ones are still read', () => {
    const good =
      '<event version="2.0" uid="u1" type="a-f-G" time="2026-01-01T00:00:00Z" start="2026-01-01T00:00:00Z" stale="2026-01-02T00:00:00Z" how="h-e"><point lat="35" lon="139" hae="0" ce="1" le="1"/></event>';
    const result = importCotPositions(
      `${good}\n\n${good.replace('lat="35"', 'lat="north"')}\n${good.replace('u1', 'u2')}`,
    );
    expect(result.updates.map((u) => u.uid)).toEqual(['u1', 'u2']);
    expect(result.issues).toEqual([expect.objectContaining({ severity: 'error', line: 3 })]);
  });

  it('every truncation of every export is read without throwing', async () => {
    const doc = sampleDocument();
    const texts: Array<[string, (text: string) => unknown]> = [
      [exportCsv(doc), importCsv],
      [exportGeoJson(doc), importGeoJson],
      [exportKml(doc), importKml],
      [exportMsdl(doc), importMsdl],
      [exportOrbatMapper(doc), importOrbatMapper],
    ];
    for (const [text, read] of texts) {
      for (let cut = 0; cut < text.length; cut += Math.max(1, Math.floor(text.length / 97))) {
        expect(() => read(text.slice(0, cut))).not.toThrow();
      }
    }
    await expect(
      importCsvStream(
        (async function* () {
          yield 'id,name\n"a';
        })(),
      ),
    ).resolves.toBeDefined();
  });
});
