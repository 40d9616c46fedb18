import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JP_J3, NOFORN, PinnedClock, US_J3 } from '../services/missions-fixture.js';
import { type Call, startServers } from './missions-harness.js';

const clock = new PinnedClock('2025-06-02T00:00:00.000Z');
let servers: Awaited<ReturnType<typeof startServers>>;
let us: Call;
let jp: Call;
beforeAll(async () => {
  servers = await startServers({ us: US_J3, jp: JP_J3 }, clock);
  ({ us, jp } = servers.as as { us: Call; jp: Call });
});
afterAll(async () => servers?.close());

const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);

describe('missions over real HTTP on a real SQLite file', () => {
  it('creates a mission and returns the findings about it; a NOFORN mission is a 404 to the Japanese reader', async () => {
    const mission = {
      id: 'm-api',
      name: 'Patrol',
      kind: 'PATROL',
      valid: { from: '2025-04-01' },
      label: NOFORN,
      lead: 'usfj',
      supporting: [{ unitId: 'jjoc', category: 'CLOSE' }],
      forces: ['35fw'],
      area: {
        type: 'Polygon',
        coordinates: [
          [
            [139, 35],
            [140, 35],
            [140, 36],
            [139, 36],
            [139, 35],
          ],
        ],
      },
    };
    const created = await us('POST', '/api/missions', mission);
    expect(created.status).toBe(201);
    expect(created.body.violations.map((v: { code: string }) => v.code).sort()).toEqual([
      'C2_MISSION_CROSS_NATION_COMMAND',
      'C2_MISSION_NO_AUTHORITY',
    ]);
    expect((await us('GET', '/api/missions/m-api')).body.marking).toBe('SECRET//NOFORN');
    expect((await jp('GET', '/api/missions/m-api')).status).toBe(404);
    expect(ids((await jp('GET', '/api/missions?at=2025-06-01')).body.missions)).not.toContain('m-api');
    const usChecks = (await us('GET', '/api/missions/checks')).body.violations;
    const jpChecks = (await jp('GET', '/api/missions/checks')).body.violations;
    expect(usChecks.length).toBeGreaterThan(jpChecks.length);
    expect(JSON.stringify(jpChecks)).not.toContain('m-api');
  });

  it('the responsibility matrix omits the cells of unreadable missions, and changes with the date', async () => {
    const usMatrix = (await us('GET', '/api/responsibility/matrix?at=2025-06-01')).body;
    const jpMatrix = (await jp('GET', '/api/responsibility/matrix?at=2025-06-01')).body;
    expect(usMatrix.cells['m-api']).toEqual({ usfj: 'LEAD', jjoc: 'SUPPORT' });
    expect(jpMatrix.cells['m-api']).toBeUndefined();
    expect(jpMatrix.marking).toBe('UNCLASSIFIED');
    expect(usMatrix.marking).toBe('SECRET//NOFORN');
    const early = (await jp('GET', '/api/responsibility/matrix?at=2025-02-01')).body;
    expect(early.cells['m-nansei-js']).toMatchObject({ 'jp-js': 'LEAD' });
    expect(early.cells['m-nansei']).toBeUndefined();
  });

  it('answers who is responsible for a point and an area, and a command’s missions', async () => {
    const point = await jp('GET', '/api/responsibility?lat=26.21&lon=127.68&at=2025-06-01');
    expect(point.status).toBe(200);
    expect(point.body.responsibilities).toContainEqual({ missionId: 'm-nansei', unitId: 'jjoc', role: 'LEAD' });
    const area = await jp('POST', '/api/responsibility', {
      at: '2025-06-01',
      area: {
        type: 'Polygon',
        coordinates: [
          [
            [139.5, 35.5],
            [139.6, 35.5],
            [139.6, 35.6],
            [139.5, 35.6],
            [139.5, 35.5],
          ],
        ],
      },
    });
    expect(area.body.responsibilities.map((r: { missionId: string }) => r.missionId)).toContain('m-hadr-kanto');
    expect(area.body.responsibilities.map((r: { missionId: string }) => r.missionId)).not.toContain('m-api');
    const own = await jp('GET', '/api/commands/adc/missions?at=2025-06-01');
    expect(
      own.body.missions.map((e: { mission: { id: string }; role: string }) => `${e.mission.id}:${e.role}`),
    ).toEqual(['m-ad-jpn:LEAD', 'm-iamd-usa:COORDINATE']);
  });

  it('versions a change in record time and retires a mission without losing its history', async () => {
    clock.set('2025-06-03T00:00:00.000Z');
    const put = await us('PUT', '/api/missions/m-api', { supporting: [{ unitId: 'jjoc', category: 'COORDINATE' }] });
    expect(put.status).toBe(200);
    expect(put.body.violations.map((v: { code: string }) => v.code)).toEqual(['C2_MISSION_NO_AUTHORITY']);
    const then = await us('GET', '/api/missions/m-api?knownAt=2025-06-02T12:00:00Z');
    expect(then.body.mission.supporting[0].category).toBe('CLOSE');
    expect((await jp('PUT', '/api/missions/m-api', { name: 'x' })).status).toBe(404);
    clock.set('2025-06-04T00:00:00.000Z');
    expect((await us('DELETE', '/api/missions/m-api')).status).toBe(200);
    expect((await us('GET', '/api/missions/m-api')).status).toBe(404);
    expect(
      (await us('GET', '/api/missions/m-api/history')).body.versions.map((v: { retired: boolean }) => v.retired),
    ).toEqual([false, false, true]);
  });
});
