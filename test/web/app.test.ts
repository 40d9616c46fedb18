import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitSlice } from '../../src/domain/force/unit.js';
import { banner, rollUpMarkings } from '../../web/src/marking.js';
import { checkLayout } from './layout.js';
import {
  chromiumAvailable,
  demoUser,
  ensureWebBuild,
  launchBrowser,
  openPage,
  type Session,
  type PageLog,
  type RunningServer,
  screenshot,
  signIn,
  startServer,
} from './harness.js';

/** The web app against the real server and the demo scenario, in headless Chromium. */

const BEFORE_JJOC = '2024-06-01';
const AFTER_JJOC = '2025-06-01';

let server: RunningServer;
let browser: Browser;
const logs: PageLog[] = [];
/** Most checks run as a U.S. planner (SECRET, USA); one compares what a Japanese planner sees. */
const US = demoUser('us.planner');
const JP = demoUser('jp.planner');
const sessions = new Map<string, Session>();

async function sessionOf(user: { username: string; password: string }): Promise<Session> {
  let session = sessions.get(user.username);
  if (!session) {
    session = await signIn(server.baseUrl, user);
    sessions.set(user.username, session);
  }
  return session;
}

/** '#C8102E' → 'rgb(200, 16, 46)', as getComputedStyle reports colours. */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

async function getJson<T>(path: string, user = US): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { cookie: (await sessionOf(user)).cookie } });
  expect(response.ok, `${path} answered ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

async function unitsAt(at: string): Promise<UnitSlice[]> {
  return (await getJson<{ units: UnitSlice[] }>(`/api/units?at=${at}`)).units;
}

/** A page whose browser context is signed in as `user` (null: signed out). */
async function page(width = 1280, height = 720, user: typeof US | null = US): Promise<Page> {
  const opened = await openPage(browser, { width, height }, user ? await sessionOf(user) : null);
  logs.push(opened.log);
  return opened.page;
}

interface TreeAnswer {
  marking: string;
  roots: TreeNode[];
}

interface TreeNode {
  unit: UnitSlice;
  children: TreeNode[];
}

/** Distinct units per nation in a tree answer, as the page's counter reports them. */
function countByNation(roots: TreeNode[]): Record<string, number> {
  const seen = new Map<string, string>();
  const walk = (n: TreeNode) => {
    seen.set(n.unit.id, n.unit.nation);
    n.children.forEach(walk);
  };
  roots.forEach(walk);
  const counts: Record<string, number> = {};
  for (const nation of seen.values()) counts[nation] = (counts[nation] ?? 0) + 1;
  return counts;
}

describe.skipIf(!chromiumAvailable)('web app in Chromium', () => {
  beforeAll(async () => {
    await ensureWebBuild();
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in, then shows the marking banners, the user, and an ORBAT of both nations with symbols', async () => {
    const meta = await getJson<{ title: string; marking: string }>('/api/meta');
    const tree = await getJson<{ marking: string }>(`/api/tree?kinds=COCOM,OPCON,TACON&at=${AFTER_JJOC}`);
    // The banners carry the roll-up of everything on screen: here the scenario metadata and the tree.
    const expected = banner(rollUpMarkings([meta.marking, tree.marking]));
    const p = await page(1280, 720, null);
    await p.goto(`${server.baseUrl}/?at=${AFTER_JJOC}`);
    await p.getByLabel('Username').fill(US.username);
    await p.getByLabel('Password').fill(US.password);
    await screenshot(p, 'sign-in-1280');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.locator('[role=treeitem]').first().waitFor();
    const header = await p.locator('header').textContent();
    expect(header).toContain(US.name);
    expect(header).toContain(US.clearance);
    for (const position of ['top', 'bottom']) {
      const bar = p.locator(`[data-testid=banner-${position}]`);
      await expect.poll(() => bar.textContent()).toBe(expected.text);
      const colours = await bar.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
      expect(colours).toEqual([rgb(expected.background), rgb(expected.colour)]);
    }
    await expect.poll(() => p.locator('header').textContent()).toContain(meta.title);

    for (const nation of ['USA', 'JPN']) {
      const rows = p.locator(`[role=treeitem][data-nation=${nation}]`);
      expect(await rows.count(), `${nation} rows`).toBeGreaterThan(0);
      expect(await rows.first().locator('.unit-symbol svg path').count()).toBeGreaterThan(0);
    }
    expect(await p.locator('.org-chart .chart-node').count()).toBeGreaterThan(1);
    await checkLayout(p);
    await screenshot(p, 'force-structure-1280');
  });

  it('shows each user what the API releases to them: a Japanese planner sees fewer units under another banner', async () => {
    const path = `/api/tree?kinds=COCOM,OPCON,TACON&at=${AFTER_JJOC}`;
    const [us, jp] = await Promise.all([getJson<TreeAnswer>(path, US), getJson<TreeAnswer>(path, JP)]);
    expect(countByNation(jp.roots)).not.toEqual(countByNation(us.roots));
    const meta = await getJson<{ marking: string }>('/api/meta', JP);

    const p = await page(1280, 720, JP);
    await p.goto(`${server.baseUrl}/?at=${AFTER_JJOC}`);
    const counts = p.locator('[data-testid=unit-counts]');
    await counts.filter({ hasText: /\d/ }).waitFor();
    const shown = Object.fromEntries(
      [...((await counts.textContent()) ?? '').matchAll(/([A-Z]{3}) (\d+)/g)].map((m) => [m[1], Number(m[2])]),
    );
    expect(shown).toEqual(countByNation(jp.roots));
    await expect
      .poll(() => p.locator('[data-testid=banner-top]').textContent())
      .toBe(banner(rollUpMarkings([meta.marking, jp.marking])).text);
  });

  it('changes the structure when the slider moves from 2024-06-01 to 2025-06-01 (JJOC appears)', async () => {
    const before = new Set((await unitsAt(BEFORE_JJOC)).map((u) => u.id));
    const jjoc = (await unitsAt(AFTER_JJOC)).find((u) => u.shortName === 'JJOC');
    expect(jjoc, 'JJOC in the scenario on 2025-06-01').toBeDefined();
    expect(before.has(jjoc!.id)).toBe(false);

    const p = await page();
    // The search expands every match, so the row is findable wherever JJOC sits in the tree.
    await p.goto(`${server.baseUrl}/?at=${BEFORE_JJOC}&q=JJOC`);
    await p.locator('[data-testid=unit-counts]').filter({ hasText: /\d/ }).waitFor();
    const row = p.locator(`[role=treeitem][data-unit-id="${jjoc!.id}"]`);
    expect(await row.count()).toBe(0);

    // Keyboard only: PageUp moves 30 days, arrows one day.
    const slider = p.getByLabel('Valid date', { exact: true });
    await slider.focus();
    for (let i = 0; i < 12; i++) await slider.press('PageUp');
    for (let i = 0; i < 5; i++) await slider.press('ArrowRight');
    await expect.poll(() => new URL(p.url()).searchParams.get('at')).toBe(AFTER_JJOC);
    await row.first().waitFor();
    expect(await row.first().locator('.unit-symbol svg').count()).toBe(1);
    await screenshot(p, 'force-structure-jjoc');
  });

  it('shows a unit page with controllers and the chain USFJ → INDOPACOM → …', async () => {
    const units = await unitsAt(AFTER_JJOC);
    const usfj = units.find((u) => u.shortName === 'USFJ');
    expect(usfj).toBeDefined();
    const detail = await getJson<{ higherHq: { unit: UnitSlice; distanceKm: number; timeDifferenceHours: number } }>(
      `/api/units/${usfj!.id}?at=${AFTER_JJOC}`,
    );
    const chain = await getJson<{ chain: { unit: UnitSlice }[] }>(
      `/api/units/${usfj!.id}/chain?kind=OPCON&at=${AFTER_JJOC}`,
    );

    const p = await page();
    await p.goto(`${server.baseUrl}/?at=${AFTER_JJOC}&q=USFJ`);
    await p.locator(`[role=treeitem][data-unit-id="${usfj!.id}"] a.tree-name`).first().click();
    await expect.poll(() => new URL(p.url()).pathname).toBe(`/units/${usfj!.id}`);
    expect(new URL(p.url()).searchParams.get('at')).toBe(AFTER_JJOC);
    await p.locator('h1').filter({ hasText: usfj!.name }).waitFor();

    const steps = p.locator('[data-testid=chain] [data-unit-id]');
    await expect.poll(() => steps.count()).toBe(chain.chain.length);
    const shown = await steps.evaluateAll((els) => els.map((el) => el.getAttribute('data-unit-id')));
    expect(shown).toEqual(chain.chain.map((link) => link.unit.id));
    expect(shown[0]).toBe(usfj!.id);
    expect(chain.chain[1]?.unit.shortName).toMatch(/INDOPACOM/);

    const higher = await p.locator('[data-testid=higher-hq]').textContent();
    expect(higher).toContain(detail.higherHq.unit.shortName);
    expect(higher).toContain(`${Math.round(detail.higherHq.distanceKm).toLocaleString('en-US')} km`);
    // USFJ is ahead of Hawaii, so the higher HQ's clock reads behind.
    expect(higher).toContain(`its clock ${Math.abs(detail.higherHq.timeDifferenceHours)} h behind`);
    await checkLayout(p);
    await screenshot(p, 'unit-usfj-1280');
  });

  it('draws the basemap and unit icons on the map', async () => {
    const p = await page();
    await p.goto(`${server.baseUrl}/map?at=${AFTER_JJOC}`);
    const map = p.locator('[data-testid=map]');
    await expect.poll(() => map.getAttribute('data-basemap-ready'), { timeout: 15_000 }).toBe('true');
    await expect.poll(() => map.getAttribute('data-unit-count')).not.toBe('0');
    // Let OpenLayers finish a render frame, then count painted pixels per layer canvas.
    await p.waitForTimeout(500);
    const painted = await p.evaluate(() => {
      const count = (selector: string) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`${selector} canvas`);
        if (!canvas) return { pixels: -1, colours: 0 };
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let pixels = 0;
        const colours = new Set<number>();
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! > 0) {
            pixels++;
            if (colours.size < 64) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
          }
        }
        return { pixels, colours: colours.size, total: data.length / 4 };
      };
      return { basemap: count('.basemap-layer'), units: count('.units-layer') };
    });
    expect(painted.basemap.pixels).toBeGreaterThan(1000);
    expect(painted.basemap.colours).toBeGreaterThan(1);
    expect(painted.units.pixels).toBeGreaterThan(100);

    await map.hover({ position: { x: 300, y: 300 } });
    await expect.poll(() => p.locator('[data-testid=readout]').textContent()).toMatch(/MGRS \d{1,2}[C-X][A-Z]{2}\d{8}/);
    await checkLayout(p);
    await screenshot(p, 'map-1280');
  });

  it('fits 3840x2160 without horizontal overflow, banners visible', async () => {
    const usfj = (await unitsAt(AFTER_JJOC)).find((u) => u.shortName === 'USFJ');
    const p = await page(3840, 2160);
    for (const [name, path, ready] of [
      ['force-structure-3840', '/', '.org-chart .chart-node'],
      ['unit-usfj-3840', `/units/${usfj!.id}`, '[data-testid=chain] [data-unit-id]'],
      ['map-3840', '/map', '[data-basemap-ready=true][data-unit-count]:not([data-unit-count="0"])'],
    ] as const) {
      await p.goto(`${server.baseUrl}${path}?at=${AFTER_JJOC}`);
      await p.locator(ready).first().waitFor();
      await checkLayout(p);
      // 8-megapixel captures cost seconds each: keep one at this size, the 1280 set covers every view.
      if (name === 'force-structure-3840') await screenshot(p, name);
    }
  });

  it('made no request outside the origin, broke no CSP rule and logged no errors', () => {
    const requests = logs.flatMap((l) => l.requests);
    expect(requests.length).toBeGreaterThan(10);
    const foreign = requests.filter((url) => !url.startsWith(`${server.baseUrl}/`));
    expect(foreign).toEqual([]);
    expect(logs.flatMap((l) => l.cspViolations)).toEqual([]);
    expect(logs.flatMap((l) => l.consoleErrors)).toEqual([]);
  });
});
