import type { Browser, Page } from 'playwright-core';
import {
  chromiumAvailable,
  demoUser,
  ensureWebBuild,
  launchBrowser,
  openPage,
  type RunningServer,
  type Session,
  signIn,
  startServer,
} from '../test/web/harness.js';
import { connectTak, swarm } from '../test/web/takFeed.js';
import { fmt, heading, percentile, report } from './measure.js';

/**
 * Issue 5's bars, in headless Chromium against the real server (demo data, a child process):
 *  1. initial load of the demo, navigation start → ORBAT tree rendered, beside a static page served by the same
 *     server in the same run (the app's own index.html and stylesheet with scripts off); goal < 2 s;
 *  2. map responsiveness: frame times (requestAnimationFrame intervals, in the page) over 10 s of panning, with
 *     10,000 tracks updating once a second over the TAK port, beside the same map and panning with no tracks.
 */
const LOAD_RUNS = Number(process.env.C2_WEB_BENCH_RUNS ?? 5);
const TRACKS = Number(process.env.C2_WEB_BENCH_TRACKS ?? 10_000);
const MEASURE_MS = 10_000;
const LOAD_GOAL_MS = 2_000;

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** Milliseconds from navigation start until the first ORBAT row is in the DOM, in a fresh (cold-cache) context. */
async function appLoad(browser: Browser, session: Session): Promise<number> {
  const { context, page } = await openPage(browser, { width: 1280, height: 720 }, session);
  await page.addInitScript(() => {
    const w = window as unknown as { __c2TreeAt?: number };
    new MutationObserver((_records, observer) => {
      if (document.querySelector('[role=treeitem]')) {
        w.__c2TreeAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${session.baseUrl}/?at=2025-06-01`);
  await page.waitForFunction(() => (window as unknown as { __c2TreeAt?: number }).__c2TreeAt !== undefined);
  const ms = await page.evaluate(() => (window as unknown as { __c2TreeAt: number }).__c2TreeAt);
  await context.close();
  return ms;
}

/** The same server's static shell (index.html, its stylesheet) with scripts off: navigation start → load event. */
async function staticLoad(browser: Browser, baseUrl: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
  const ms = await page.evaluate(() => {
    const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return entry?.loadEventEnd ?? Number.NaN;
  });
  await context.close();
  return ms;
}

// Page scripts as text: tsx's transform would wrap named functions in a helper the page does not have.
const FRAME_PROBE = `(duration) => new Promise((resolve) => {
  const intervals = [];
  const start = performance.now();
  let last = start;
  const tick = (now) => {
    intervals.push(now - last);
    last = now;
    if (now - start < duration) requestAnimationFrame(tick);
    else resolve(intervals.slice(1));
  };
  requestAnimationFrame(tick);
})`;

/** Counts the live feed's messages, so the figures say how many updates the page actually took in. */
const MESSAGE_COUNTER = `(() => {
  window.__c2Messages = 0;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', () => window.__c2Messages++);
    }
  };
})()`;

/**
 * A stand-in for /api/stream inside the page: `count` tracks, each moving once a second, as the server's messages
 * (one JSON text per report, delivered in 50 bursts a second as socket tasks would arrive). It isolates the page's own
 * cost (parse, batch, draw) from the server's ingest rate, which on this 2-core machine shares the CPU with the browser.
 */
const syntheticStream = (count: number) => `(() => {
  window.__c2Messages = 0;
  const COUNT = ${count};
  const TYPES = ['a-f-S-C', 'a-h-S-C', 'a-f-A-M-F', 'a-h-A-M-F', 'a-n-S-C', 'a-u-S'];
  const spread = (n) => { let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b); x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35); return ((x ^ (x >>> 16)) >>> 0) / 4294967296; };
  class Stream {
    constructor() {
      this.readyState = 0;
      this.timer = 0;
      this.sent = 0;
      setTimeout(() => { this.readyState = 1; this.onopen && this.onopen(new Event('open')); this.burst(); }, 0);
    }
    burst() {
      const now = Date.now();
      const t = now / 1000;
      const per = Math.ceil(COUNT / 50);
      for (let k = 0; k < per; k++) {
        const i = this.sent++ % COUNT;
        const angle = (i % 360) * Math.PI / 180 + t * 0.02;
        const track = {
          uid: 'SYN-' + i, type: TYPES[i % TYPES.length], how: 'm-g',
          time: new Date(now).toISOString(), stale: new Date(now + 120000).toISOString(),
          lat: 24 + 20 * spread(i * 2 + 2) + 0.3 * Math.sin(angle), lon: 123 + 23 * spread(i * 2 + 1) + 0.3 * Math.cos(angle),
          hae: 0, callsign: 'T' + i, course: 90, speed: 10, remarks: null, affiliation: TYPES[i % TYPES.length][2],
          source: 'bench', label: { classification: 'UNCLASSIFIED', releasableTo: null, caveats: [] }, portion: '(U)',
        };
        window.__c2Messages++;
        this.onmessage && this.onmessage({ data: JSON.stringify({ type: 'track', track }) });
      }
      this.timer = setTimeout(() => this.burst(), 20);
    }
    send() {}
    close() { clearTimeout(this.timer); this.readyState = 3; this.onclose && this.onclose(new Event('close')); }
  }
  const Native = window.WebSocket;
  window.WebSocket = function (url, protocols) {
    return String(url).endsWith('/api/stream') ? new Stream() : new Native(url, protocols);
  };
})()`;

/**
 * Frame intervals over `ms` while the mouse drags the map round a circle (every frame then redraws the basemap,
 * units and tracks), measured in the page with requestAnimationFrame.
 */
async function panFrames(page: Page, ms: number): Promise<number[]> {
  const box = (await page.locator('[data-testid=map]').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const frames = page.evaluate(`(${FRAME_PROBE})(${ms})`) as Promise<number[]>;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  const start = Date.now();
  while (Date.now() - start < ms) {
    const angle = ((Date.now() - start) / 2000) * 2 * Math.PI;
    await page.mouse.move(cx + 80 * Math.cos(angle) - 80, cy + 80 * Math.sin(angle), { steps: 1 });
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  return (await frames).sort((a, b) => a - b);
}

/**
 * Opens the map with `init` run first (a message counter, or the synthetic stream), optionally feeds TRACKS over the
 * TAK port once a second, waits until the tracks are on the map, then measures frames while panning.
 */
async function mapFrames(
  browser: Browser,
  session: Session,
  init: string,
  takPort?: number,
): Promise<{ frames: number[]; shown: number; rate: number }> {
  const { context, page } = await openPage(browser, { width: 1280, height: 720 }, session);
  await page.addInitScript(init);
  await page.goto(`${session.baseUrl}/map`);
  const map = page.locator('[data-testid=map]');
  await page.waitForFunction(() => document.querySelector('[data-testid=map]')?.getAttribute('data-stream') === 'live');
  await page.waitForFunction(
    () => document.querySelector('[data-testid=map]')?.getAttribute('data-basemap-ready') === 'true',
  );
  let feeding = true;
  let feeder: Promise<void> = Promise.resolve();
  const feed = takPort ? await connectTak(takPort) : null;
  if (feed) {
    feeder = (async () => {
      for (let second = 0; feeding; second++) {
        const began = Date.now();
        await feed.send(swarm(TRACKS, second));
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - began))));
      }
    })();
  }
  const expected = feed || init !== MESSAGE_COUNTER ? TRACKS : 0;
  const deadline = Date.now() + 60_000;
  while (Number(await map.getAttribute('data-track-count')) < expected && Date.now() < deadline) {
    await page.waitForTimeout(250);
  }
  if (expected) await page.waitForTimeout(3_000);
  const count = () => page.evaluate('window.__c2Messages') as Promise<number>;
  const before = await count();
  const frames = await panFrames(page, MEASURE_MS);
  const rate = ((await count()) - before) / (MEASURE_MS / 1000);
  const shown = Number(await map.getAttribute('data-track-count'));
  feeding = false;
  await feeder;
  await feed?.close();
  await context.close();
  return { frames, shown, rate };
}

function frameLine(name: string, ours: number[], baseline: number[], p: number) {
  const a = percentile(ours, p);
  const b = percentile(baseline, p);
  report(`${name}: p${p} frame (ms)`, fmt(a), `${fmt(b)} no tracks`, a / b);
}

export async function run(): Promise<void> {
  heading('Web: initial load and map responsiveness (headless Chromium)');
  if (!chromiumAvailable) {
    console.log('skipped: no Chromium at /usr/bin/chromium (set CHROMIUM_PATH)');
    return;
  }
  await ensureWebBuild();
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const session = await signIn(server.baseUrl, demoUser('us.planner'));

    // Interleaved, so drift on the machine (the server warming up, other work) falls on both alike.
    await appLoad(browser, session);
    const app: number[] = [];
    const shell: number[] = [];
    for (let i = 0; i < LOAD_RUNS; i++) {
      shell.push(await staticLoad(browser, server.baseUrl));
      app.push(await appLoad(browser, session));
    }
    const appMs = median(app);
    const shellMs = median(shell);
    console.log(`initial load, median of ${LOAD_RUNS} cold-cache runs (after one warm-up):`);
    report('demo: navigation → ORBAT tree (ms)', fmt(appMs, 0), `${fmt(shellMs, 0)} static`, appMs / shellMs);
    console.log(
      `  runs: app ${app.map((v) => fmt(v, 0)).join(', ')}; static ${shell.map((v) => fmt(v, 0)).join(', ')}` +
        `  ${appMs < LOAD_GOAL_MS ? '✓' : '✗'} goal < ${LOAD_GOAL_MS} ms`,
    );

    // The map with no tracks, then fed in the page at the full rate, then end to end through TAK and the server.
    const idle = await mapFrames(browser, session, MESSAGE_COUNTER);
    const synthetic = await mapFrames(browser, session, syntheticStream(TRACKS));
    const endToEnd = await mapFrames(browser, session, MESSAGE_COUNTER, server.takPort);
    const label = `${TRACKS.toLocaleString('en-US')} tracks`;
    for (const [name, result] of [
      [`${label}, fed in the page`, synthetic],
      [`${label}, via TAK and server`, endToEnd],
    ] as const) {
      console.log(
        `map, ${fmt(MEASURE_MS / 1000, 0)} s of panning, ${name}: ${result.shown.toLocaleString('en-US')} on the map, ` +
          `${fmt(result.rate, 0)} updates/s received, ${fmt(result.frames.length / (MEASURE_MS / 1000), 0)} fps ` +
          `(no tracks: ${fmt(idle.frames.length / (MEASURE_MS / 1000), 0)} fps)`,
      );
      frameLine(name, result.frames, idle.frames, 50);
      frameLine(name, result.frames, idle.frames, 99);
      const p50 = percentile(result.frames, 50);
      const p99 = percentile(result.frames, 99);
      console.log(
        `  frames over 50 ms: ${result.frames.filter((f) => f > 50).length} of ${result.frames.length}; ` +
          `worst ${fmt(result.frames.at(-1) ?? Number.NaN)} ms  ${p50 <= 20 && p99 <= 100 ? '✓' : '✗'} goal p50 ≤ 20 ms, p99 ≤ 100 ms`,
      );
    }
  } catch (error) {
    console.log(
      server
        ?.output()
        .split('\n')
        .filter((l) => l.includes('disconnect'))
        .slice(-5)
        .join('\n'),
    );
    throw error;
  } finally {
    await browser?.close();
    await server?.stop();
  }
}
