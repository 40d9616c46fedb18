import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banner, rollUpMarkings } from '../../web/src/marking.js';
import {
  apiGet,
  apiPost,
  chromiumAvailable,
  demoUser,
  ensureWebBuild,
  launchBrowser,
  openPage,
  type PageLog,
  type RunningServer,
  type Session,
  screenshot,
  signIn,
  startServer,
} from './harness.js';
import { checkLayout } from './layout.js';
import { connectTak, swarm } from './takFeed.js';

/**
 * Plans, coordination, missions, structure changes and live tracks in headless Chromium against the real server:
 * what a U.S. and a Japanese user each see, the workflow each may drive, and tracks fed over the TAK port moving.
 */

const US = demoUser('us.planner');
const JP = demoUser('jp.planner');
const ADMIN = demoUser('us.admin');
const NOFORN = { classification: 'SECRET', releasableTo: null, caveats: ['NOFORN'] };
const REL = { classification: 'SECRET', releasableTo: ['USA', 'JPN'], caveats: [] };

let server: RunningServer;
let browser: Browser;
const logs: PageLog[] = [];
const sessions = new Map<string, Session>();

async function sessionOf(user: { username: string; password: string }): Promise<Session> {
  let session = sessions.get(user.username);
  if (!session) {
    session = await signIn(server.baseUrl, user);
    sessions.set(user.username, session);
  }
  return session;
}

const get = async <T>(user: typeof US, path: string) => apiGet<T>(await sessionOf(user), path);
const post = async <T>(user: typeof US, path: string, body: unknown = {}) =>
  apiPost<T>(await sessionOf(user), path, body);

async function page(user: typeof US, width = 1280, height = 720): Promise<Page> {
  const opened = await openPage(browser, { width, height }, await sessionOf(user));
  logs.push(opened.log);
  return opened.page;
}

/** The banner the page must show: the roll-up of /api/meta and the responses on screen. */
async function expectBanner(p: Page, user: typeof US, markings: string[]) {
  const meta = await get<{ marking: string }>(user, '/api/meta');
  const expected = banner(rollUpMarkings([meta.marking, ...markings])).text;
  await expect.poll(() => p.locator('[data-testid=banner-top]').textContent()).toBe(expected);
}

/** The plan toolbar's buttons, by name. */
async function workflowButtons(p: Page): Promise<string[]> {
  return p.getByRole('toolbar', { name: 'Plan workflow' }).getByRole('button').allTextContents();
}

async function step(p: Page, label: string) {
  await p.getByRole('button', { name: label, exact: true }).click();
  await p.getByRole('button', { name: `Confirm ${label.toLowerCase()}` }).click();
}

/** A plan only U.S. readers may see, which breaks doctrine (a second OPCON superior for 5th Air Force). */
const NOFORN_PLAN = {
  id: 'noforn-second-opcon',
  title: 'Second OPCON superior for 5 AF (test)',
  description: 'A NOFORN draft that breaks the one-OPCON rule.',
  label: NOFORN,
  phases: [
    {
      id: 'p1',
      name: 'Phase 1',
      effectiveDate: '2027-06-01T00:00:00Z',
      operations: [
        {
          id: 'o1',
          op: 'startRelationship',
          relationship: {
            id: 'opcon-usfj-5af-test',
            kind: 'OPCON',
            superiorId: 'usfj',
            subordinateId: '5af',
            transfer: 'ATTACHED',
            basis: 'Test order',
            label: NOFORN,
          },
        },
      ],
    },
  ],
};

interface PlanList {
  marking: string;
  plans: { id: string; state: string }[];
}

interface RequestAnswer {
  request: {
    id: string;
    state: string;
    overdue: boolean;
    thread: { id: string }[];
    deadlineDtg: { zulu: string; local: { dtg: string }[] } | null;
  };
}

/** Painted pixels of the tracks canvas: how many, their centroid and left edge, in CSS pixels. */
async function trackPixels(p: Page): Promise<{ count: number; x: number; y: number; left: number }> {
  return p.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.tracks-canvas');
    if (!canvas || canvas.width === 0) return { count: 0, x: 0, y: 0, left: 0 };
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    let sx = 0;
    let sy = 0;
    let left = canvas.width;
    for (let i = 3; i < data.length; i += 4) {
      if (data[i]! > 0) {
        const pixel = (i - 3) / 4;
        count++;
        left = Math.min(left, pixel % canvas.width);
        sx += pixel % canvas.width;
        sy += Math.floor(pixel / canvas.width);
      }
    }
    const ratio = canvas.width / canvas.clientWidth;
    return { count, x: count ? sx / count / ratio : 0, y: count ? sy / count / ratio : 0, left: left / ratio };
  });
}

describe.skipIf(!chromiumAvailable)('workspace views in Chromium', () => {
  beforeAll(async () => {
    await ensureWebBuild();
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    await post(US, '/api/plans', NOFORN_PLAN);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists a NOFORN plan to the U.S. planner only, under the banner its marking rolls up to', async () => {
    const [us, jp] = await Promise.all([get<PlanList>(US, '/api/plans'), get<PlanList>(JP, '/api/plans')]);
    expect(us.plans.map((p) => p.id)).toContain(NOFORN_PLAN.id);
    expect(jp.plans.map((p) => p.id)).not.toContain(NOFORN_PLAN.id);

    const usPage = await page(US);
    await usPage.goto(`${server.baseUrl}/plans`);
    await usPage.locator(`[data-plan-id="${NOFORN_PLAN.id}"]`).waitFor();
    const shown = await usPage
      .locator('[data-plan-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-plan-id')));
    expect(shown).toEqual(us.plans.map((p) => p.id));
    expect(await usPage.locator(`[data-plan-id="${NOFORN_PLAN.id}"] .portion`).textContent()).toBe('(S//NF)');
    await expectBanner(usPage, US, [us.marking]);
    await screenshot(usPage, 'plans-1280');

    const jpPage = await page(JP);
    await jpPage.goto(`${server.baseUrl}/plans`);
    await jpPage.locator('[data-plan-id="usfj-jfhq"]').waitFor();
    expect(await jpPage.locator(`[data-plan-id="${NOFORN_PLAN.id}"]`).count()).toBe(0);
    await expectBanner(jpPage, JP, [jp.marking]);
    await jpPage.goto(`${server.baseUrl}/plans/${NOFORN_PLAN.id}`);
    await jpPage.getByRole('alert').filter({ hasText: NOFORN_PLAN.id }).waitFor();
    expect(await jpPage.locator('body').textContent()).not.toContain(NOFORN_PLAN.title);
  });

  it('shows a phase of the demo plan as two org charts whose boxes carry the server’s change marks', async () => {
    const phase = 'phase-3';
    const plan = await get<{ plan: { phases: { id: string; effectiveDate: string }[] } }>(US, '/api/plans/usfj-jfhq');
    const at = plan.plan.phases.find((p) => p.id === phase)!.effectiveDate;
    const { comparison } = await get<{ comparison: { rows: { unitId: string; mark: string }[] } }>(
      US,
      `/api/plans/usfj-jfhq/compare?at=${at}&kinds=COCOM,OPCON,TACON`,
    );
    expect(comparison.rows.some((r) => r.mark === 'moved')).toBe(true);

    const p = await page(US, 1280, 900);
    await p.goto(`${server.baseUrl}/plans/usfj-jfhq?phase=${phase}`);
    const toBe = p.locator('[data-testid=chart-to-be]');
    await toBe.locator('[data-mark]').first().waitFor();
    for (const row of comparison.rows) {
      const inToBe = toBe.locator(`[data-unit-id="${row.unitId}"][data-mark="${row.mark}"]`);
      const inAsIs = p.locator(`[data-testid=chart-as-is] [data-unit-id="${row.unitId}"][data-mark="${row.mark}"]`);
      // Added units exist only in the to-be tree, removed ones only in the as-is tree; the rest in both.
      expect((await inToBe.count()) + (await inAsIs.count()), `${row.unitId} ${row.mark}`).toBeGreaterThan(0);
    }
    const moved = toBe.locator('[data-mark=moved]').first();
    expect(await moved.locator('.chart-tag').textContent()).toBe('MOVED');
    expect(await p.locator('.phase-stepper [aria-pressed=true]').textContent()).toContain('010000ZAPR26');
    await p.getByRole('heading', { name: /Impact of Phase 3/ }).waitFor();
    await screenshot(p, 'plan-compare-1280');
  });

  it('links each violation to its units and shows the server’s refusal with its code', async () => {
    const { validation } = await get<{ validation: { violations: { code: string; units: string[] }[] } }>(
      US,
      `/api/plans/${NOFORN_PLAN.id}/validation`,
    );
    expect(validation.violations.length).toBeGreaterThan(0);
    const p = await page(US);
    await p.goto(`${server.baseUrl}/plans/${NOFORN_PLAN.id}`);
    const shown = p.locator('[data-testid=validation] .violation');
    await expect.poll(() => shown.count()).toBe(validation.violations.length);
    for (const [i, v] of validation.violations.entries()) {
      expect(await shown.nth(i).getAttribute('data-code')).toBe(v.code);
      const links = await shown
        .nth(i)
        .locator('a[data-unit-id]')
        .evaluateAll((as) =>
          as.map((a) => [a.getAttribute('data-unit-id'), new URL((a as HTMLAnchorElement).href).pathname]),
        );
      expect(links).toEqual(v.units.map((id) => [id, `/units/${id}`]));
    }

    // Approval of a plan that breaks doctrine is refused: the page shows the code and message the API gives.
    await post(US, `/api/plans/${NOFORN_PLAN.id}/propose`);
    const refused = await fetch(`${server.baseUrl}/api/plans/${NOFORN_PLAN.id}/approve`, {
      method: 'POST',
      headers: {
        cookie: (await sessionOf(ADMIN)).cookie,
        'content-type': 'application/json',
        origin: server.baseUrl,
        'x-csrf-token': (await sessionOf(ADMIN)).cookies.find((c) => c.name === 'c2_csrf')?.value ?? '',
      },
      body: '{}',
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const problem = (await refused.json()) as { code: string; detail: string };
    const admin = await page(ADMIN);
    await admin.goto(`${server.baseUrl}/plans/${NOFORN_PLAN.id}`);
    await step(admin, 'Approve');
    const box = admin.locator(`.problem-box[data-code="${problem.code}"]`);
    await box.waitFor();
    expect(await box.textContent()).toContain(problem.detail);
    await screenshot(admin, 'plan-refused-1280');
  });

  it('offers propose to the planner but approve and execute only to the approver, each after confirmation', async () => {
    const planner = await page(US);
    await planner.goto(`${server.baseUrl}/plans/usfj-jfhq`);
    await planner.locator('.state-badge[data-state=DRAFT]').waitFor();
    expect(await workflowButtons(planner)).toEqual(['Propose']);
    await step(planner, 'Propose');
    await planner.locator('.plan-head .state-badge[data-state=PROPOSED]').waitFor();
    expect(await workflowButtons(planner)).toEqual(['Withdraw']);

    const approver = await page(ADMIN);
    await approver.goto(`${server.baseUrl}/plans/usfj-jfhq`);
    await approver.locator('.plan-head .state-badge[data-state=PROPOSED]').waitFor();
    expect(await workflowButtons(approver)).toEqual(['Withdraw', 'Approve']);
    await step(approver, 'Approve');
    await approver.locator('.plan-head .state-badge[data-state=APPROVED]').waitFor();

    // The planner, now on an approved plan, still has no Execute button; the approver has.
    await planner.reload();
    await planner.locator('.plan-head .state-badge[data-state=APPROVED]').waitFor();
    expect(await workflowButtons(planner)).not.toContain('Execute');
    expect(await workflowButtons(approver)).toContain('Execute');
    await approver.getByRole('button', { name: 'Execute', exact: true }).click();
    await approver.getByRole('group', { name: 'Confirm execute' }).waitFor();
    await screenshot(approver, 'plan-execute-confirm-1280');
    await approver.getByRole('button', { name: 'Confirm execute' }).click();
    await approver.locator('.plan-head .state-badge[data-state=EXECUTED]').waitFor();
    expect((await get<{ plan: { state: string } }>(US, '/api/plans/usfj-jfhq')).plan.state).toBe('EXECUTED');
    const usfj = await get<{ unit: { name: string } }>(US, '/api/units/usfj?at=2027-04-01');
    expect(usfj.unit.name).toBe('U.S. Forces Japan (Joint Force Headquarters)');
  });

  it('shows deadlines as Zulu and local DTGs, refuses a NOFORN request to Japan with the server’s error, and keeps internal notes from the partner', async () => {
    const outbox = await get<{ requests: RequestAnswer['request'][] }>(US, '/api/coordination/outbox');
    const rfi = outbox.requests.find((r) => r.deadlineDtg)!;
    const us = await page(US);
    await us.goto(`${server.baseUrl}/coordination?box=outbox`);
    const row = us.locator(`[data-request-id="${rfi.id}"] [data-testid=deadline]`);
    await row.waitFor();
    expect(await row.locator('.dtg-zulu').textContent()).toBe(rfi.deadlineDtg!.zulu);
    const locals = await row.locator('.dtg-local').allTextContents();
    for (const local of rfi.deadlineDtg!.local) expect(locals.join(' ')).toContain(local.dtg);

    // Compose: a NOFORN request cannot go to a Japanese command; the draft stays.
    await us.getByRole('link', { name: 'New request' }).click();
    await us.getByLabel('To (counterpart)').locator('option[value="jjoc"]').waitFor({ state: 'attached' });
    await us.getByLabel('To (counterpart)').selectOption('jjoc');
    await us.getByLabel('Subject').fill('Watch schedule for the exercise');
    await us.getByLabel('Marking').selectOption('SECRET//NOFORN');
    await us.getByRole('button', { name: 'Draft and send' }).click();
    const refusal = us.locator('.problem-box[data-code=C2_NOT_RELEASABLE]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('does not release to JPN');
    await us.getByTestId('kept-draft').waitFor();
    await screenshot(us, 'compose-refused-1280');

    await us.getByLabel('Marking').selectOption('SECRET//REL TO USA, JPN');
    await us.getByRole('button', { name: 'Draft and send' }).click();
    await us.waitForURL(/\/coordination\/rfi-\d+$/);
    const id = decodeURIComponent(new URL(us.url()).pathname.split('/').pop()!);
    await us.locator('.request-head .state-badge[data-state=SENT]').waitFor();
    await us.getByLabel('Comment: text').fill('Internal: check with J2 before sharing the schedule.');
    await us.getByRole('form', { name: 'Comment' }).getByLabel('Marking').selectOption('SECRET//NOFORN');
    await us.getByRole('button', { name: 'Comment', exact: true }).click();
    await us.locator('[data-testid=thread] .message').first().waitFor();

    // A request already past its deadline, sent through the API: it shows overdue, in red.
    const late = await post<RequestAnswer>(US, '/api/coordination/requests', {
      kind: 'RFI',
      fromId: 'usfj',
      toId: 'jjoc',
      subject: 'Past-due test request',
      deadline: '2026-01-01T00:00:00Z',
      label: REL,
    });
    await post(US, `/api/coordination/requests/${late.request.id}/send`);

    const [usView, jpView] = await Promise.all([
      get<RequestAnswer>(US, `/api/coordination/requests/${id}`),
      get<RequestAnswer>(JP, `/api/coordination/requests/${id}`),
    ]);
    expect(usView.request.thread).toHaveLength(1);
    expect(jpView.request.thread).toHaveLength(0);

    const jp = await page(JP);
    await jp.goto(`${server.baseUrl}/coordination`);
    await jp.locator(`[data-request-id="${id}"]`).waitFor();
    const overdueRow = jp.locator(`[data-request-id="${late.request.id}"]`);
    await overdueRow.locator('.state-badge[data-state=OVERDUE]').waitFor();
    const red = await overdueRow.locator('.dtg-zulu').evaluate((el) => getComputedStyle(el).color);
    expect(red).toBe('rgb(255, 123, 114)');
    const inbox = await get<{ counts: Record<string, number> }>(JP, '/api/coordination/inbox');
    const overdueCount = await jp.locator('.count-chip[data-state=OVERDUE] strong').textContent();
    expect(Number(overdueCount)).toBe(inbox.counts.OVERDUE);
    await screenshot(jp, 'coordination-inbox-jp-1280');

    await jp.locator(`[data-request-id="${id}"] a`).first().click();
    await jp.locator('.request-head .state-badge[data-state=SENT]').waitFor();
    expect(await jp.locator('[data-testid=thread] .message').count()).toBe(0);
    expect(await jp.locator('body').textContent()).not.toContain('check with J2');
    await jp.getByRole('button', { name: 'Acknowledge' }).click();
    await jp.locator('.request-head .state-badge[data-state=ACKNOWLEDGED]').waitFor();
    await jp.getByLabel('Answer: text').fill('Schedule attached to the BOCC daily brief.');
    await jp.getByRole('button', { name: 'Answer', exact: true }).click();
    await jp.locator('.request-head .state-badge[data-state=ANSWERED]').waitFor();
    await screenshot(jp, 'request-jp-1280');

    await us.reload();
    await us.locator('.request-head .state-badge[data-state=ANSWERED]').waitFor();
    expect(await us.locator('[data-testid=thread] .message').count()).toBe(2);
    await expectBanner(us, US, [(await get<{ marking: string }>(US, `/api/coordination/requests/${id}`)).marking]);
  });

  it('draws the responsibility matrix of the slider’s date and the mission areas on the map', async () => {
    const at = '2025-06-01';
    const matrix = await get<{ marking: string; cells: Record<string, Record<string, string>> }>(
      US,
      `/api/responsibility/matrix?at=${at}`,
    );
    const missions = await get<{ missions: { area?: unknown }[] }>(US, `/api/missions?at=${at}`);
    const p = await page(US);
    await p.goto(`${server.baseUrl}/missions?at=${at}`);
    await p.locator('[data-testid=matrix]').waitFor();
    for (const [missionId, row] of Object.entries(matrix.cells)) {
      const cells = p.locator(`[data-mission-id="${missionId}"] td[data-role]`);
      const shown = await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-role')));
      expect(shown.sort(), missionId).toEqual(Object.values(row).sort());
    }
    await expectBanner(p, US, [matrix.marking]);
    await screenshot(p, 'missions-1280');

    await p.getByRole('link', { name: 'Areas on the map' }).click();
    const map = p.locator('[data-testid=map]');
    await expect.poll(() => map.getAttribute('data-basemap-ready'), { timeout: 15_000 }).toBe('true');
    await expect
      .poll(() => map.getAttribute('data-area-count'))
      .toBe(String(missions.missions.filter((m) => m.area).length));
    await p.waitForTimeout(400);
    const painted = await p.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('.areas-layer canvas');
      const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(10_000);
  });

  it('lists the structure’s changes between two dates per command, as the API reports them', async () => {
    const from = '2024-06-01';
    const to = '2025-06-01';
    const { diff, marking } = await get<{
      marking: string;
      diff: { unitsAdded: { id: string }[]; relationshipsAdded: unknown[]; relationshipsRemoved: unknown[] };
    }>(US, `/api/diff?from=${from}&to=${to}`);
    const p = await page(US);
    await p.goto(`${server.baseUrl}/changes?from=${from}&to=${to}`);
    const summary = p.locator('[data-testid=diff-summary]');
    await summary.waitFor();
    // The summary shows once the diff is in; the groups only once both command trees are too.
    await p.locator('[data-testid=diff-groups]').waitFor();
    expect(await summary.textContent()).toContain(`${diff.unitsAdded.length} units activated`);
    expect(await summary.textContent()).toContain(`${diff.relationshipsAdded.length} relationships begun`);
    for (const unit of diff.unitsAdded) {
      expect(await p.locator(`[data-change=unit-added] [data-unit-id="${unit.id}"]`).count(), unit.id).toBe(1);
    }
    // JJOC is activated under the Japanese national command authority, and that command gains its OPCON.
    const group = p.locator('.diff-group', { has: p.locator('h2 [data-unit-id="jp-nca"]') });
    expect(await group.locator('[data-change=unit-added] [data-unit-id=jjoc]').count()).toBe(1);
    expect(await group.locator('[data-change=gained] [data-unit-id=jjoc]').count()).toBe(1);
    // The page also reads the command trees at both dates to group the changes: their markings count too.
    const trees = await Promise.all(
      [from, to].map((at) => get<{ marking: string }>(US, `/api/tree?kinds=COCOM,OPCON,TACON,ADCON&at=${at}`)),
    );
    await expectBanner(p, US, [marking, ...trees.map((t) => t.marking)]);
    await screenshot(p, 'changes-1280');
  });

  it('moves live tracks fed over the TAK port, and replays them from the slider’s window', async () => {
    const p = await page(US);
    await p.goto(`${server.baseUrl}/map`);
    const map = p.locator('[data-testid=map]');
    await expect.poll(() => map.getAttribute('data-stream'), { timeout: 15_000 }).toBe('live');
    const feed = await connectTak(server.takPort);
    try {
      const mover = { uid: 'TEST-MOVER', type: 'a-h-S-C', callsign: 'MOVER', course: 90, speed: 12 };
      await feed.send([{ ...mover, lat: 34.0, lon: 133.0 }]);
      await expect.poll(() => map.getAttribute('data-track-count'), { timeout: 10_000 }).toBe('1');
      await expect.poll(async () => (await trackPixels(p)).count).toBeGreaterThan(50);
      const before = await trackPixels(p);
      await feed.send([{ ...mover, lat: 34.0, lon: 137.0 }]);
      await expect.poll(async () => (await trackPixels(p)).x - before.x, { timeout: 10_000 }).toBeGreaterThan(60);
      const after = await trackPixels(p);
      expect(Math.abs(after.y - before.y)).toBeLessThan(10);
      expect(await map.getAttribute('data-track-count')).toBe('1');
      // Clicking the symbol (its left part: the callsign label is drawn to its right) opens the track's card.
      const box = (await p.locator('canvas.tracks-canvas').boundingBox())!;
      await p.mouse.click(box.x + after.left + 8, box.y + after.y);
      await p.getByRole('region', { name: 'Track MOVER' }).getByText('a-h-S-C').waitFor();

      await feed.send(swarm(300, 0));
      await expect.poll(() => map.getAttribute('data-track-count'), { timeout: 10_000 }).toBe('301');
      await screenshot(p, 'map-tracks-1280');
    } finally {
      await feed.close();
    }

    await p.getByRole('radio', { name: 'Replay' }).click();
    await p.getByText(/\d+ tracks in the window/).waitFor();
    const cursor = p.getByLabel('Replay time');
    await cursor.focus();
    await cursor.press('End');
    await expect.poll(async () => Number(await map.getAttribute('data-track-count'))).toBeGreaterThan(300);
    await cursor.press('Home');
    await expect.poll(async () => Number(await map.getAttribute('data-track-count'))).toBe(0);
    await screenshot(p, 'map-replay-1280');
  });

  it('fits 1280x720 and 3840x2160 on every new view without horizontal overflow, banners visible', async () => {
    for (const [width, height] of [
      [1280, 720],
      [3840, 2160],
    ] as const) {
      const p = await page(US, width, height);
      for (const [path, ready] of [
        ['/plans/usfj-jfhq?phase=phase-2', '.phase-stepper'],
        ['/coordination?box=outbox', '[data-testid=requests]'],
        ['/coordination/new', 'form.compose'],
        ['/missions?at=2025-06-01', '[data-testid=matrix]'],
        ['/changes?from=2024-06-01&to=2025-06-01', '[data-testid=diff-groups]'],
      ] as const) {
        await p.goto(`${server.baseUrl}${path}`);
        await p.locator(ready).first().waitFor();
        await checkLayout(p);
      }
      if (width === 3840) await screenshot(p, 'changes-3840');
    }
  });

  it('made no request outside the origin, broke no CSP rule and logged no errors', () => {
    const requests = logs.flatMap((l) => l.requests);
    expect(
      requests.filter((url) => !url.startsWith(`${server.baseUrl}/`) && !url.startsWith(`ws://127.0.0.1:`)),
    ).toEqual([]);
    expect(logs.flatMap((l) => l.cspViolations)).toEqual([]);
    // Refusals the tests provoke on purpose log their HTTP status; nothing else may.
    expect(logs.flatMap((l) => l.consoleErrors).filter((e) => !/status of (400|403|404|409|422)/.test(e))).toEqual([]);
  });
});
