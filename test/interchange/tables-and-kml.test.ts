import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportCsv, importCsv, importCsvStream } from '../../src/interchange/csv.js';
import { importKml } from '../../src/interchange/kml.js';
import { convertLegacySidc, echelonFromSidc, legacyFromSidc } from '../../src/interchange/sidc.js';
import { importXlsx } from '../../src/interchange/xlsx.js';
import { sampleDocument } from './sample-doc.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/interchange');

describe('CSV/XLSX like an Excel ORBAT', () => {
  it('reads BOM, CRLF, semicolons, a title row, decimal commas, quoted fields and auto-detected headers', () => {
    const result = importCsv(readFileSync(path.join(fixtures, 'excel-orbat.csv'), 'utf8'));
    const [gcc, airborne, ardb] = result.document.units;
    expect(result.document.units.map((u) => u.name)).toEqual([
      'Ground Component Command',
      '1st Airborne Brigade',
      'Amphibious Rapid Deployment Brigade',
      '1st Helicopter Brigade',
    ]);
    expect(gcc?.homeStation).toEqual({ name: '35.6931, 139.7286', lat: 35.6931, lon: 139.7286 });
    expect([gcc?.echelon, gcc?.nation, gcc?.notes]).toEqual(['ARMY', 'JPN', 'Ichigaya; activated 2018']);
    expect([airborne?.echelon, airborne?.nation, airborne?.personnel.assigned]).toEqual(['BRIGADE', 'JPN', 1900]);
    expect(airborne?.notes).toBe('Camp Narashino\n(paratroopers)');
    expect(ardb?.notes).toBe('Camp Ainoura, "ARDB"');
    expect(ardb?.sidc).toBe('10011000180000000000');
    expect(result.document.relationships.map((r) => [r.superiorId, r.subordinateId])).toEqual([
      [gcc?.id, airborne?.id],
      [gcc?.id, ardb?.id],
    ]);
    expect(result.issues.find((i) => i.code === 'C2_IMPORT_DANGLING_REF')).toMatchObject({ row: 7, severity: 'error' });
  });

  it('columnMapping names columns auto-detection does not know', () => {
    const csv = 'Formation,Reports to,Callsign\nA,,AA\nB,A,BB\n';
    const result = importCsv(csv, {
      columnMapping: { name: 'Formation', parentId: 'Reports to', shortName: 'Callsign' },
    });
    expect(result.document.units.map((u) => [u.name, u.shortName])).toEqual([
      ['A', 'AA'],
      ['B', 'BB'],
    ]);
    expect(result.document.relationships).toHaveLength(1);
    expect(importCsv(csv, { columnMapping: { name: 'Missing' } }).issues.some((i) => i.severity === 'error')).toBe(
      true,
    );
  });

  it('XLSX: title rows, rich text, formulas and legacy SIDCs read from an Excel-made sheet', async () => {
    const result = await importXlsx(readFileSync(path.join(fixtures, 'excel-orbat.xlsx')));
    const usfj = result.document.units.find((u) => u.id === 'usfj');
    expect([usfj?.notes, usfj?.echelon, usfj?.personnel.assigned]).toEqual(['HQ Yokota', 'COMMAND', 54000]);
    expect(result.document.units.find((u) => u.id === '5af')?.personnel.assigned).toBe(12000);
    const usarj = result.document.units.find((u) => u.id === 'usarj');
    expect([usarj?.sidc, usarj?.echelon]).toEqual(['10031000221211000000', 'CORPS']);
  });

  it('exports defuse spreadsheet formulas and imports restore the text', () => {
    const doc = sampleDocument();
    (doc.units[0] as { notes?: string }).notes = '=cmd|calc';
    const csv = exportCsv(doc);
    expect(csv).toContain(",'=cmd|calc");
    expect(importCsv(csv).document.units[0]?.notes).toBe('=cmd|calc');
  });

  it('streams in small chunks (split inside quotes and CRLF) with progress, same result as whole', async () => {
    const text = exportCsv(sampleDocument());
    const bytes = Buffer.from(text);
    const progress: Array<[number, number | null]> = [];
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    }
    const streamed = await importCsvStream(chunks(), {
      totalBytes: bytes.length,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(streamed.document).toEqual(importCsv(text).document);
    expect(progress.at(-1)).toEqual([bytes.length, bytes.length]);
    expect(progress.every(([done], i) => i === 0 || done > (progress[i - 1]?.[0] ?? 0))).toBe(true);
  });
});

describe('KML from Google Earth', () => {
  const result = importKml(readFileSync(path.join(fixtures, 'google-earth-orbat.kml'), 'utf8'));
  const byName = (name: string) => result.document.units.find((u) => u.name === name);

  it('nested folders become the hierarchy; a folder with its own placemark is that unit', () => {
    expect(result.document.units.map((u) => u.name)).toEqual([
      'III Marine Expeditionary Force',
      '3d Marine Division',
      '12th Marine Littoral Regiment',
      '4th Marines',
      '1st Battalion, 4th Marines',
    ]);
    const edges = result.document.relationships.map((r) => [r.superiorId, r.subordinateId, r.kind, r.basis]);
    expect(edges).toContainEqual([
      byName('3d Marine Division')?.id,
      byName('4th Marines')?.id,
      'OPCON',
      'KML hierarchy',
    ]);
    expect(edges).toContainEqual([
      byName('4th Marines')?.id,
      byName('1st Battalion, 4th Marines')?.id,
      'OPCON',
      'KML hierarchy',
    ]);
    expect(byName('12th Marine Littoral Regiment')?.homeStation).toEqual({ name: '26.4560, 127.9170', lat: 26.456, lon: 127.917 });
    expect(byName('12th Marine Littoral Regiment')?.notes).toBe('Camp Hansen');
    expect(byName('4th Marines')?.homeStation).toBeNull();
  });

  it('styles, non-point placemarks and position-less folders are warnings with lines', () => {
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.issues.find((i) => i.message.startsWith('styles'))).toMatchObject({ line: 3 });
    expect(result.issues.find((i) => i.message.includes('LineString'))).toMatchObject({ line: 71 });
    expect(result.issues.find((i) => i.message.includes("Folder '4th Marines'"))).toMatchObject({ line: 61 });
  });
});

describe('SIDC helpers', () => {
  it('converts 2525B/C letter codes, flagging what is approximated', () => {
    expect(convertLegacySidc('SFGPUCI----F--G')).toEqual({ sidc: '10031000161211000000', approximations: [] });
    expect(convertLegacySidc('SHGPUCR---AH---')?.sidc).toBe('10061002181213000000');
    expect(convertLegacySidc('SFSPXR---------')?.approximations[0]).toContain("function 'S/XR'");
    expect(convertLegacySidc('10031000161211000000')).toBeNull();
    expect(legacyFromSidc('10031000161211000000')).toBe('SFGPUCI----F---');
    expect(echelonFromSidc('10031000161211000000')).toBe('BATTALION');
    expect(echelonFromSidc('10033000001205000000')).toBeNull();
  });
});
