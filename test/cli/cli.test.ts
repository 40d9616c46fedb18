import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const SCENARIO = join(ROOT, 'data/scenarios/usfj-2024.json');
let dir: string;
let db: string;

async function c2(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), '--db', db, ...args], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'c2-cli-'));
  db = join(dir, 'c2.db');
  const imported = await c2('import', SCENARIO);
  expect(imported.code, imported.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('c2 CLI on a SQLite file', () => {
  it('previews an import without writing, then reports what is unchanged', async () => {
    const again = await c2('import', SCENARIO, '--dry-run', '--json');
    expect(again.code).toBe(0);
    const preview = JSON.parse(again.stdout);
    expect(preview.create).toEqual({ units: 0, relationships: 0 });
    expect(preview.unchanged).toBeGreaterThan(100);
    expect(preview.committed).toBeNull();
  });

  it('shows reading progress on standard error when asked, leaving standard output to the result', async () => {
    const file = join(dir, 'big.csv');
    const rows = Array.from({ length: 25_000 }, (_, i) => `p${i},${i ? `p${Math.floor(i / 5)}` : ''},Unit ${i},U${i},USA,USA:ARMY,COMPANY`);
    writeFileSync(file, ['id,parent_id,name,short_name,nation,service,echelon', ...rows].join('\n'));
    const result = await c2('import', file, '--dry-run', '--progress', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/reading CSV with a parent-ID column .* 100% \| 1\.\d of 1\.\d MiB/);
    expect(JSON.parse(result.stdout).create.units).toBe(25_000);
    const quiet = await c2('import', file, '--dry-run', '--json');
    expect(quiet.stderr).not.toContain('reading');
  }, 60_000);

  it('lists units as a table and as JSON', async () => {
    const human = await c2('units', '--at', '2024-06-01', '--nation', 'JPN');
    expect(human.stdout).toMatch(/^ID\s+SHORT NAME/);
    expect(human.stdout).toContain('GSDF');
    const json = await c2('units', '--at', '2024-06-01', '--json');
    const units = JSON.parse(json.stdout) as Array<{ id: string; nation: string }>;
    expect(units.some((unit) => unit.id === 'usfj')).toBe(true);
    expect(units.some((unit) => unit.nation === 'JPN')).toBe(true);
  });

  it('prints a chain of command and a tree', async () => {
    const chain = await c2('chain', '35fw', '--kind', 'OPCON', '--at', '2024-06-01', '--json');
    const ids = (JSON.parse(chain.stdout) as Array<{ unit: { id: string } }>).map((link) => link.unit.id);
    expect(ids.slice(0, 2)).toEqual(['35fw', '5af']);
    const tree = await c2('tree', 'jjoc', '--kinds', 'OPCON', '--at', '2025-06-01');
    expect(tree.stdout).toContain('JJOC');
    expect(tree.stdout).toMatch(/├─ \[OPCON\]|└─ \[OPCON\]/);
  });

  it('exits non-zero with a clear message for a bad date or an unknown unit', async () => {
    const badDate = await c2('units', '--at', 'soon');
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toMatch(/error C2_BAD_TIME: --at: 'soon' is not/);
    const unknown = await c2('show', 'nope', '--json');
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr).code).toBe('C2_NOT_FOUND');
  });

  it('refuses an import that breaks doctrine and leaves the store as it was', async () => {
    const before = await c2('export', '--json');
    const bad = JSON.parse(readFileSync(SCENARIO, 'utf8'));
    bad.units = [];
    bad.relationships = [
      {
        id: 'x-opcon',
        kind: 'OPCON',
        superiorId: 'usfj',
        subordinateId: 'adc',
        valid: { from: '2025-06-01T00:00:00.000Z', to: null },
        basis: 'test',
        label: { classification: 'UNCLASSIFIED', releasableTo: null, caveats: [] },
      },
    ];
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const result = await c2('import', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('C2_CROSS_NATION_COMMAND');
    expect(result.stdout).toContain('nothing written');
    const after = await c2('export', '--json');
    const strip = (text: string) => text.replace(/"exportedAt": "[^"]+"/, '');
    expect(strip(after.stdout)).toBe(strip(before.stdout));
  });

  it('exports in a peer format with its marking first, and previews a third-party ORBAT Mapper scenario', async () => {
    const out = join(dir, 'force.geojson');
    const exported = await c2('export', '-o', out);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^UNCLASSIFIED: wrote \d+ unit slice/);
    const geojson = JSON.parse(readFileSync(out, 'utf8'));
    expect(geojson.type).toBe('FeatureCollection');
    expect(geojson.marking).toBe('UNCLASSIFIED');
    const sample = resolve(ROOT, '../shared/samples/orbat-mapper/narvik40-v3.3.0.json');
    if (!existsSync(sample)) {
      console.warn('skipped the ORBAT Mapper sample: ../shared is absent');
      return;
    }
    const preview = await c2('import', sample, '--format', 'orbat-mapper', '--dry-run', '--valid-from', '1940-04-09', '--json');
    const result = JSON.parse(preview.stdout);
    expect(result.create.units).toBeGreaterThan(10);
    expect(result.committed).toBeNull();
  });

  it('validates the demo force and lists the rules with their doctrine', async () => {
    const validate = await c2('validate', '--json');
    const violations = JSON.parse(validate.stdout) as Array<{ severity?: string }>;
    expect(violations.filter((v) => (v.severity ?? 'error') === 'error')).toEqual([]);
    const rules = await c2('rules');
    expect(rules.stdout).toContain('C2_OPCON_DUPLICATE');
    expect(rules.stdout).toMatch(/JP 1/);
  });
});
