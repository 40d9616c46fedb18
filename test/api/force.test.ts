import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, loginAs, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
/** A CONFIDENTIAL reader (sees only the unclassified scenario) and a SECRET planner who may write. */
let reader: Client;
let writer: Client;
beforeAll(async () => {
  server = await startTestServer();
  reader = await loginAs(server, 'us.viewer');
  writer = await loginAs(server, 'us.planner');
});
afterAll(async () => {
  await server?.close();
});

const ids = (units: Array<{ id: string }>) => units.map((unit) => unit.id);

describe('force structure over real HTTP on a real SQLite file', () => {
  it('lists units of both nations and every service at a date, with the roll-up marking', async () => {
    const { status, body } = await reader.get('/api/units?at=2024-06-01');
    expect(status).toBe(200);
    expect(body.marking).toBe('UNCLASSIFIED');
    const nations = new Set(body.units.map((unit: { nation: string }) => unit.nation));
    expect(nations).toEqual(new Set(['USA', 'JPN']));
    const services = new Set(body.units.map((unit: { service: string }) => unit.service.split(':')[1]));
    for (const service of ['ARMY', 'NAVY', 'USMC', 'USAF', 'GSDF', 'MSDF', 'ASDF']) expect(services).toContain(service);
    for (const unit of body.units) expect(unit.sidc).toMatch(/^\d{20}$/);
  });

  it('shows JJOC only from its activation on 24 March 2025', async () => {
    const before = await reader.get('/api/units?at=2025-03-23');
    const after = await reader.get('/api/units?at=2025-03-24');
    expect(ids(before.body.units)).not.toContain('jjoc');
    expect(ids(after.body.units)).toContain('jjoc');
  });

  it('answers who controls a unit on a date and how far its higher headquarters is', async () => {
    const { status, body } = await reader.get('/api/units/usfj?at=2024-06-01');
    expect(status).toBe(200);
    expect(body.controllers.COCOM.unit.id).toBe('indopacom');
    expect(body.higherHq.unit.id).toBe('indopacom');
    expect(body.higherHq.distanceKm).toBeGreaterThan(6000);
    expect(body.higherHq.distanceKm).toBeLessThan(6700);
    expect(body.higherHq.timeDifferenceHours).toBe(19);
  });

  it('walks the OPCON chain of a wing up through the combatant command to the national command authority', async () => {
    const { body } = await reader.get('/api/units/35fw/chain?kind=OPCON&at=2024-06-01');
    const chain = body.chain.map((link: { unit: { id: string } }) => link.unit.id);
    expect(chain[0]).toBe('35fw');
    expect(chain).toContain('5af');
    expect(chain).toContain('indopacom');
    expect(chain.indexOf('5af')).toBeLessThan(chain.indexOf('indopacom'));
    expect(chain.at(-1)).toBe('us-nca');
    expect(body.chain.at(-1).statute).toBe('10 U.S.C. 162(b)');
  });

  it('shows the Japanese operational commands under the Joint Staff in 2024 and under JJOC from 2025', async () => {
    const parentOf = async (at: string) => {
      const { body } = await reader.get(`/api/units/gcc?at=${at}`);
      return body.controllers.OPCON?.unit.id;
    };
    expect(await parentOf('2024-06-01')).toBe('jp-js');
    expect(await parentOf('2025-06-01')).toBe('jjoc');
  });

  it('diffs two dates and lists a subtree', async () => {
    const { body } = await reader.get('/api/diff?from=2024-06-01&to=2025-06-01');
    expect(ids(body.diff.unitsAdded)).toContain('jjoc');
    const added = body.diff.relationshipsAdded.map(
      (r: { superiorId: string; subordinateId: string }) => `${r.superiorId}>${r.subordinateId}`,
    );
    expect(added).toContain('jjoc>gcc');
    const tree = await reader.get('/api/units/jjoc/tree?kinds=OPCON&at=2025-06-01');
    expect(ids(tree.body.tree.children.map((child: { unit: { id: string } }) => child.unit))).toEqual(
      expect.arrayContaining(['gcc', 'sdf-fleet', 'adc']),
    );
  });

  it('records changes in record time: what was known before a change stays answerable', async () => {
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const renamed = await writer.send('PATCH', '/api/units/5af', {
      effectiveFrom: '2026-01-01',
      patch: { name: 'Fifth Air Force (renamed for the test)' },
    });
    expect(renamed.status).toBe(200);
    const now = await reader.get('/api/units/5af?at=2026-06-01');
    expect(now.body.unit.name).toBe('Fifth Air Force (renamed for the test)');
    const then = await reader.get(`/api/units/5af?at=2026-06-01&knownAt=${encodeURIComponent(before)}`);
    expect(then.body.unit.name).toBe('Fifth Air Force');
    const history = await reader.get('/api/units/5af/history');
    expect(
      history.body.events.some(
        (event: { kind: string; summary: string }) => event.kind === 'UNIT_CHANGED' && event.summary.includes('name'),
      ),
    ).toBe(true);
  });

  it('refuses a change that breaks doctrine, names the rule and the units, and stores nothing', async () => {
    const lastTx = await server.services.store.lastTxId();
    const { status, body, headers } = await writer.send('POST', '/api/relationships', {
      id: 'bad-opcon',
      kind: 'OPCON',
      superiorId: 'usfj',
      subordinateId: 'gcc',
      valid: { from: '2025-06-01' },
      basis: 'test order',
      label: { classification: 'UNCLASSIFIED', releasableTo: null, caveats: [] },
    });
    expect(status).toBe(422);
    expect(headers.get('content-type')).toContain('application/problem+json');
    expect(body.code).toBe('C2_DOCTRINE_VIOLATION');
    const codes = body.violations.map((violation: { code: string }) => violation.code);
    expect(codes).toContain('C2_CROSS_NATION_COMMAND');
    expect(body.violations.find((v: { code: string }) => v.code === 'C2_CROSS_NATION_COMMAND').units).toEqual(
      expect.arrayContaining(['usfj', 'gcc']),
    );
    expect(await server.services.store.lastTxId()).toBe(lastTx);
  });

  it('names the wrong field in bad input and changes nothing', async () => {
    const lastTx = await server.services.store.lastTxId();
    const badDate = await reader.get('/api/units?at=yesterday');
    expect(badDate.status).toBe(400);
    expect(badDate.body.violations[0].path).toBe('query.at');
    const badUnit = await writer.send('POST', '/api/units', { id: 'x', name: 'X', sidc: '123' });
    expect(badUnit.status).toBe(400);
    const paths = badUnit.body.violations.map((violation: { path: string }) => violation.path);
    expect(paths).toEqual(expect.arrayContaining(['body.sidc', 'body.shortName', 'body.nation']));
    const malformed = await writer.send('POST', '/api/units', '{"id": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('C2_BAD_INPUT');
    expect(await server.services.store.lastTxId()).toBe(lastTx);
  });

  it('answers 404 as a problem for an unknown unit or route', async () => {
    const unit = await reader.get('/api/units/no-such-unit?at=2024-06-01');
    expect(unit.status).toBe(404);
    expect(unit.body.code).toBe('C2_NOT_FOUND');
    const route = await reader.get('/api/nothing-here');
    expect(route.status).toBe(404);
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const { body } = await server.get('/api/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/units', '/api/units/{id}/chain', '/api/diff']),
    );
    const chainParams = body.paths['/api/units/{id}/chain'].get.parameters.map((p: { name: string }) => p.name);
    expect(chainParams).toEqual(expect.arrayContaining(['id', 'kind', 'at', 'knownAt']));
  });
});
