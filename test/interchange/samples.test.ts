import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importMsdl } from '../../src/interchange/msdl.js';
import { importOrbatMapper } from '../../src/interchange/orbatmapper.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samples = path.resolve(repoRoot, '../shared/samples');
const present = existsSync(samples);
if (!present) console.warn(`skipping third-party sample tests: ${samples} not found`);

type Json = { [key: string]: unknown };
/** Counts units the way the format nests them, independently of the importer. */
function countUnits(scenario: Json): number {
  const count = (units: unknown): number =>
    Array.isArray(units) ? units.reduce((n: number, u: Json) => n + 1 + count(u.subUnits), 0) : 0;
  let total = 0;
  for (const side of scenario.sides as Json[]) {
    total += count(side.subUnits);
    for (const group of side.groups as Json[]) total += count(group.subUnits ?? group.units);
  }
  return total;
}

describe.skipIf(!present)('ORBAT Mapper samples (every stored version)', () => {
  const dir = path.join(samples, 'orbat-mapper');
  const files = present ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];

  it.each(files)('%s: every unit read, no errors, one relationship per non-root unit', (file) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const expected = countUnits(JSON.parse(text));
    const result = importOrbatMapper(text);
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.document.units).toHaveLength(expected);
    const ids = new Set(result.document.units.map((u) => u.id));
    for (const r of result.document.relationships) expect(ids.has(r.superiorId) && ids.has(r.subordinateId)).toBe(true);
    for (const unit of result.document.units) expect(unit.sidc).toMatch(/^\d{20}$/);
  });

  it('narvik40 (2021 ScenarioViewer and v0.5.0): same units, positions from coordinates/location', () => {
    const old = importOrbatMapper(readFileSync(path.join(dir, 'narvik40-scenarioviewer-2021.json'), 'utf8'), {
      sideNations: { 'Allied forces': 'NOR' },
    });
    const v05 = importOrbatMapper(readFileSync(path.join(dir, 'narvik40-v0.5.0.json'), 'utf8'));
    const eidsvold = old.document.units.find((u) => u.name === 'Eidsvold');
    expect(eidsvold?.sidc).toBe('10033000001205000000');
    expect(eidsvold?.nation).toBe('NOR');
    expect(eidsvold?.homeStation).toEqual({ name: '68.4365, 17.3583', lat: 68.43648675269745, lon: 17.358257428615413 });
    expect(eidsvold?.sources).toEqual(['https://en.wikipedia.org/wiki/HNoMS_Eidsvold']);
    expect(v05.document.units.map((u) => u.name)).toEqual(old.document.units.map((u) => u.name));
    expect(v05.document.units[0]?.valid.from).toBe('1940-04-08T23:00:00.000Z');
    // 'Naval units' commands five destroyers
    const naval = v05.document.units.find((u) => u.name === 'Naval units');
    expect(v05.document.relationships.filter((r) => r.superiorId === naval?.id)).toHaveLength(5);
  });

  it('falkland82 v3.3.0: first position kept, later states reported and noted', () => {
    const result = importOrbatMapper(readFileSync(path.join(dir, 'falkland82-v3.3.0.json'), 'utf8'));
    const hermes = result.document.units.find((u) => u.name === 'HMS Hermes');
    expect(hermes?.shortName).toBe('HER');
    expect(hermes?.notes).toMatch(/ORBAT Mapper history dropped: \d+ later state change/);
    const warning = result.issues.find((i) => i.message.startsWith("'HMS Hermes'"));
    expect(warning?.path).toMatch(/^\$\.sides\[\d+\]\..*\.state$/);
    expect(result.issues.some((i) => i.message.includes("side 'Great Britain' has no nation mapping"))).toBe(true);
  });
});

describe.skipIf(!present)('MSDL samples', () => {
  const dir = path.join(samples, 'msdl');
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  const organizationUnits = (xml: string) =>
    (
      xml
        .split(/<Organizations>/)[1]
        ?.split('</Units>')[0]
        ?.match(/<Unit>/g) ?? []
    ).length;

  it.each([
    'msdllib--SimpleScenario.xml',
    'msdllib--SimpleScenario-legacy.xml',
    'msdllib--SimpleScenarioNETN.xml',
    'gmu-c2sim--FMN-NPS-GMU-v1.0.0-MSDLINIT.xml',
    'msdllib--minimal.xml',
  ])('%s: every Organizations unit read', (file) => {
    const xml = read(file);
    expect(importMsdl(xml).document.units).toHaveLength(organizationUnits(xml));
  });

  it('SimpleScenario: names, converted SIDC, echelon, position and the command tree', () => {
    const result = importMsdl(read('msdllib--SimpleScenario.xml'));
    expect(result.document.meta.title).toBe('Simple scenario');
    expect(result.document.marking).toBe('UNCLASSIFIED');
    const battalion = result.document.units.find((u) => u.id === 'f9e16593-2dcd-11e2-be2b-000c294c9df8');
    expect([battalion?.name, battalion?.echelon, battalion?.sidc]).toEqual([
      '1th',
      'BATTALION',
      '10011000161211000000',
    ]);
    expect(battalion?.homeStation).toEqual({ name: '58.5441, 15.0375', lat: 58.54405166811153, lon: 15.037536621093752 });
    expect(battalion?.valid.from).toBe('2025-07-09T11:11:00.000Z');
    expect(result.document.relationships.map((r) => r.superiorId)).toContain('7a81590c-febb-11e7-8be5-0ed5f89f718b');
  });

  it('GMU C2SIM (not schema-conformant): read leniently, each deviation a located warning', () => {
    const result = importMsdl(read('gmu-c2sim--FMN-NPS-GMU-v1.0.0-MSDLINIT.xml'));
    const misspelt = result.issues.filter((i) => i.message === '<Longigude> read as <Longitude>');
    expect(misspelt.length).toBe(46);
    expect(misspelt[0]).toMatchObject({
      severity: 'warning',
      line: 2,
      path: '/MilitaryScenario/Organizations/Units/Unit[1]/Disposition/Location/GDC/Longigude',
    });
    const bct = result.document.units.find((u) => u.name === '1BCT');
    expect(bct?.homeStation).toEqual({ name: '58.5867, 16.2494', lat: 58.586727, lon: 16.249418 });
    expect(result.issues.some((i) => i.message.includes('no ScenarioID'))).toBe(true);
  });

  it('NETN: deployment naming units that do not exist gives located warnings', () => {
    const result = importMsdl(read('msdllib--SimpleScenarioNETN.xml'));
    const dangling = result.issues.filter(
      (i) => i.code === 'C2_IMPORT_DANGLING_REF' && i.message.includes('Deployment'),
    );
    expect(dangling.length).toBeGreaterThan(0);
    expect(dangling[0]?.line).toBe(62);
  });
});
