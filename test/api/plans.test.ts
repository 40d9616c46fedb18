import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_UNCLASSIFIED } from '../../src/domain/security/label.js';
import { loginAs, type SignedInClient, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
let planner: SignedInClient;
let admin: SignedInClient;
let viewer: SignedInClient;
let jpPlanner: SignedInClient;

beforeAll(async () => {
  server = await startTestServer();
  planner = await loginAs(server, 'us.planner');
  admin = await loginAs(server, 'us.admin');
  viewer = await loginAs(server, 'us.viewer');
  jpPlanner = await loginAs(server, 'jp.planner');
});
afterAll(async () => {
  await server.close();
});

const draft = (id: string, label: unknown = PUBLIC_UNCLASSIFIED) => ({
  id,
  title: `Plan ${id}`,
  label,
  phases: [
    {
      id: 'p1',
      name: 'One',
      effectiveDate: '2026-01-01',
      operations: [{ id: 'o1', op: 'renameUnit', unitId: 'usarj', name: 'U.S. Army Japan (renamed)' }],
    },
  ],
});

describe('plans over HTTP against a real SQLite file', () => {
  it('lists the demo plan with its marking, and shows it', async () => {
    const list = await viewer.get('/api/plans');
    expect(list.status).toBe(200);
    expect(list.body.marking).toBe('UNCLASSIFIED');
    expect(list.body.plans.map((p: { id: string }) => p.id)).toContain('usfj-jfhq');
    const one = await viewer.get('/api/plans/usfj-jfhq');
    expect(one.body.plan.phases.map((p: { id: string }) => p.id)).toEqual(['phase-2', 'phase-3', 'phase-4']);
    expect(one.body.plan.execution).toBeUndefined();
  });

  it('answers validation, impact, comparison and the report', async () => {
    const validation = await viewer.get('/api/plans/usfj-jfhq/validation');
    expect(validation.body.validation).toMatchObject({ valid: true, errors: 0 });
    const impact = await viewer.get('/api/plans/usfj-jfhq/impact');
    expect(impact.body.whole.invariants.every((i: { holds: boolean }) => i.holds)).toBe(true);
    expect(impact.body.phases).toHaveLength(3);
    // Phase 3 (notional) moves the air and missile defense lead to USFJ: 5th Air Force goes from lead to support.
    const phase3 = impact.body.phases.find((p: { phaseId: string }) => p.phaseId === 'phase-3').impact.responsibility;
    expect(phase3.commands).toContainEqual({
      commandId: '5af',
      gained: [],
      lost: [],
      changed: [{ missionId: 'm-iamd-usa-jfhq', before: 'LEAD', after: 'SUPPORT' }],
    });
    expect(phase3.after.cells['m-iamd-usa-jfhq'].usfj).toBe('LEAD');
    const compare = await viewer.get('/api/plans/usfj-jfhq/compare?kinds=COCOM,OPCON');
    const marks = Object.fromEntries(
      compare.body.comparison.rows.map((r: { unitId: string; mark: string }) => [r.unitId, r.mark]),
    );
    expect(marks).toMatchObject({ '5af': 'moved', 'usfj-joc': 'added' });
    const report = await viewer.get('/api/plans/usfj-jfhq/report');
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^text\/html/);
    expect(report.body).toContain('<svg');
    expect(report.body).toContain('Upgrade USFJ to a joint force headquarters');
    expect(report.body).not.toContain('<script');
    expect(report.body).toContain('Mission responsibilities gained and lost');
  });

  it('enforces roles: planners draft and propose, only approvers or admins approve and execute', async () => {
    expect((await viewer.send('POST', '/api/plans', draft('by-viewer'))).status).toBe(403);
    const created = await planner.send('POST', '/api/plans', draft('http-a'));
    expect(created.status).toBe(201);
    expect(created.body.plan.state).toBe('DRAFT');
    const bad = await planner.send('POST', '/api/plans', { id: 'broken' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('C2_BAD_INPUT');
    const edited = await planner.send('PUT', '/api/plans/http-a', { ...draft('http-a'), title: 'Edited' });
    expect(edited.body.plan.title).toBe('Edited');
    expect((await planner.send('POST', '/api/plans/http-a/propose', {})).body.plan.state).toBe('PROPOSED');
    const refused = await planner.send('POST', '/api/plans/http-a/approve', {});
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('C2_FORBIDDEN');
    expect((await admin.send('POST', '/api/plans/http-a/execute', {})).body.code).toBe('C2_BAD_STATE');
    expect((await admin.send('POST', '/api/plans/http-a/approve', { note: 'ok' })).body.plan.state).toBe('APPROVED');
    const executed = await admin.send('POST', '/api/plans/http-a/execute', {});
    expect(executed.body.plan.state).toBe('EXECUTED');
    expect(typeof executed.body.plan.executedTx).toBe('number');
    const unit = await viewer.get('/api/units/usarj?at=2026-02-01');
    expect(unit.body.unit.name).toBe('U.S. Army Japan (renamed)');
    const rolledBack = await admin.send('POST', '/api/plans/http-a/rollback', {});
    expect(rolledBack.body.plan.state).toBe('ROLLED_BACK');
    expect((await viewer.get('/api/units/usarj?at=2026-02-01')).body.unit.name).toBe('U.S. Army Japan');
  });

  it('a plan the reader may not read is 404, and absent from the list', async () => {
    const noforn = { classification: 'SECRET', releasableTo: null, caveats: ['NOFORN'] };
    expect((await planner.send('POST', '/api/plans', draft('us-eyes', noforn))).status).toBe(201);
    const hidden = await jpPlanner.get('/api/plans/us-eyes');
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('C2_NOT_FOUND');
    expect((await jpPlanner.get('/api/plans/us-eyes/report')).status).toBe(404);
    const list = await jpPlanner.get('/api/plans');
    expect(list.body.plans.map((p: { id: string }) => p.id)).not.toContain('us-eyes');
    expect((await planner.get('/api/plans/us-eyes')).body.marking).toBe('SECRET//NOFORN');
  });

  it('refuses approval of a plan that breaks doctrine with the violations named', async () => {
    const plan = draft('http-bad');
    plan.phases[0]!.operations = [
      {
        id: 'cross',
        op: 'startRelationship',
        relationship: {
          id: 'x-opcon',
          kind: 'OPCON',
          superiorId: 'usfj',
          subordinateId: 'gcc',
          basis: 'x',
          label: PUBLIC_UNCLASSIFIED,
        },
      } as never,
    ];
    await planner.send('POST', '/api/plans', plan);
    await planner.send('POST', '/api/plans/http-bad/propose', {});
    const refused = await admin.send('POST', '/api/plans/http-bad/approve', {});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('C2_PLAN_INVALID');
    expect(refused.body.violations).toContainEqual(
      expect.objectContaining({ code: 'C2_CROSS_NATION_COMMAND', phaseId: 'p1', operationIds: ['cross'] }),
    );
  });
});
