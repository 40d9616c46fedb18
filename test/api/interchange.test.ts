import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type SignedInClient, startTestServer, type TestServer } from './harness.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/interchange');
let server: TestServer;
let planner: SignedInClient;

beforeAll(async () => {
  server = await startTestServer();
  planner = await loginAs(server, 'us.planner');
});
afterAll(async () => {
  await server?.close();
});

async function raw(
  client: SignedInClient,
  method: string,
  path: string,
  body?: Buffer | string,
  type = 'application/octet-stream',
) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...client.headers, ...(body === undefined ? {} : { 'content-type': type }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : new Uint8Array(body) }),
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const exportAll = async (client: SignedInClient) =>
  JSON.parse((await raw(client, 'GET', '/api/export?format=c2')).bytes.toString('utf8'));

describe('interchange over the API', () => {
  it('lists the formats it reads and writes', async () => {
    const { body } = await planner.get('/api/formats');
    const names = body.formats.map((format: { name: string }) => format.name);
    expect(names).toEqual(
      expect.arrayContaining(['c2', 'orbat-mapper', 'geojson', 'kml', 'kmz', 'csv', 'xlsx', 'msdl', 'cot']),
    );
  });

  it('exports every text format with its roll-up marking first', async () => {
    const csv = await raw(planner, 'GET', '/api/export?format=csv');
    expect(csv.status).toBe(200);
    const marking = csv.headers.get('x-c2-marking')!;
    expect(csv.bytes.toString('utf8').split(/\r?\n/)[0]).toContain(marking);
    const kml = (await raw(planner, 'GET', '/api/export?format=kml')).bytes.toString('utf8');
    expect(kml).toContain(marking);
    expect(kml).toContain('<Placemark');
    const geojson = JSON.parse((await raw(planner, 'GET', '/api/export?format=geojson')).bytes.toString('utf8'));
    expect(geojson.marking).toBe(marking);
    expect(geojson.features.length).toBeGreaterThan(40);
  });

  it('round-trips its own export: a re-import previews every record as unchanged', async () => {
    const exported = (await raw(planner, 'GET', '/api/export?format=c2')).bytes;
    const { status, body } = await planner.send(
      'POST',
      '/api/import?format=c2&dryRun=true',
      JSON.parse(exported.toString('utf8')),
    );
    expect(status).toBe(200);
    expect(body.create).toEqual({ units: 0, relationships: 0 });
    expect(body.refused).toEqual([]);
    expect(body.unchanged).toBeGreaterThan(100);
  });

  it('previews a spreadsheet export from Excel, then applies it in one transaction', async () => {
    const csv = readFileSync(join(FIXTURES, 'excel-orbat.csv'));
    const before = await server.services.store.lastTxId();
    const preview = await raw(
      planner,
      'POST',
      '/api/import?format=csv&dryRun=true&validFrom=2024-01-01',
      csv,
      'text/csv',
    );
    const previewBody = JSON.parse(preview.bytes.toString('utf8'));
    expect(preview.status).toBe(200);
    expect(previewBody.committed).toBeNull();
    expect(await server.services.store.lastTxId()).toBe(before);
    const errorRows = previewBody.issues.filter((issue: { severity: string }) => issue.severity === 'error');
    for (const issue of errorRows) expect(issue.row).toBeGreaterThan(0);
    if (errorRows.length > 0) {
      // A file with errors is never applied, even when asked to.
      const applied = JSON.parse(
        (
          await raw(planner, 'POST', '/api/import?format=csv&dryRun=false&validFrom=2024-01-01', csv, 'text/csv')
        ).bytes.toString('utf8'),
      );
      expect(applied.committed).toBeNull();
      expect(await server.services.store.lastTxId()).toBe(before);
    }
  });

  it('applies a clean KML import and the units appear', async () => {
    const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Test ORBAT</name>
<Folder><name>1st Test Brigade</name>
  <Placemark><name>1st Test Brigade HQ</name><Point><coordinates>139.70,35.69,0</coordinates></Point></Placemark>
</Folder></Document></kml>`;
    const before = (await exportAll(planner)).units.length;
    const applied = JSON.parse(
      (
        await raw(
          planner,
          'POST',
          '/api/import?format=kml&dryRun=false&validFrom=2024-01-01',
          kml,
          'application/vnd.google-earth.kml+xml',
        )
      ).bytes.toString('utf8'),
    );
    expect(applied.issues.filter((issue: { severity: string }) => issue.severity === 'error')).toEqual([]);
    expect(applied.create.units).toBeGreaterThan(0);
    expect(applied.committed).not.toBeNull();
    expect((await exportAll(planner)).units.length).toBe(before + applied.create.units);
  });

  it('gives a located error for a malformed file and changes nothing', async () => {
    const before = await server.services.store.lastTxId();
    const broken = await raw(
      planner,
      'POST',
      '/api/import?format=kml&dryRun=false',
      '<kml><Document><Placemark><name>x</name>',
      'application/xml',
    );
    const body = JSON.parse(broken.bytes.toString('utf8'));
    const errors = body.issues.filter((issue: { severity: string }) => issue.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].line ?? errors[0].path).toBeTruthy();
    expect(body.committed).toBeNull();
    const entity = await raw(
      planner,
      'POST',
      '/api/import?format=msdl&dryRun=false',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><MilitaryScenario>&e;</MilitaryScenario>',
      'application/xml',
    );
    const entityBody = JSON.parse(entity.bytes.toString('utf8'));
    expect(entityBody.committed ?? null).toBeNull();
    expect(entity.bytes.toString('utf8')).not.toContain('root:');
    expect(await server.services.store.lastTxId()).toBe(before);
  });

  it('exports only what the reader may read', async () => {
    const japanese = await loginAs(server, 'jp.viewer');
    const american = await loginAs(server, 'us.admin');
    const jp = await exportAll(japanese);
    const us = await exportAll(american);
    const policyReadable = (
      doc: { units: Array<{ label: { releasableTo: string[] | null; caveats: string[] } }> },
      nation: string,
    ) => doc.units.every((unit) => unit.label.releasableTo === null || unit.label.releasableTo.includes(nation));
    expect(policyReadable(jp, 'JPN')).toBe(true);
    expect(us.units.length).toBeGreaterThan(jp.units.length);
    const kml = (await raw(japanese, 'GET', '/api/export?format=kml')).bytes.toString('utf8');
    const hidden = us.units.filter(
      (unit: { id: string }) => !jp.units.some((other: { id: string }) => other.id === unit.id),
    );
    for (const unit of hidden) expect(kml).not.toContain(unit.name);
  });
});
