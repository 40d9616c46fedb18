import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEMO_USERS } from '../../src/compose.js';

/**
 * Browser-test harness: builds web/dist when stale, starts the real server (the CLI, a temp SQLite file, a free port),
 * launches Debian's Chromium, and records every request each page makes so tests can assert none leaves the origin.
 */

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const WEB = join(REPO_ROOT, 'web');
const DIST_INDEX = join(WEB, 'dist/index.html');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumAvailable = existsSync(CHROMIUM);

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Runs Vite's JS API build when web/dist is missing or older than the sources it is built from. */
export async function ensureWebBuild(): Promise<void> {
  const sources = Math.max(
    newestMtime(join(WEB, 'src')),
    newestMtime(join(WEB, 'public')),
    newestMtime(join(WEB, 'index.html')),
    newestMtime(join(WEB, 'vite.config.ts')),
    // The bundle includes the domain's pure modules (marking grammar, policy) and the policy file.
    newestMtime(join(REPO_ROOT, 'src/domain')),
    newestMtime(join(REPO_ROOT, 'config/policy.json')),
  );
  if (existsSync(DIST_INDEX) && statSync(DIST_INDEX).mtimeMs >= sources) return;
  const { build } = await import('vite');
  await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  /** The TAK streaming TCP port (CoT XML in, the live picture out). */
  takPort: number;
  /** What the server printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `c2 serve --demo` on free ports (HTTP and TAK TCP; TAK TLS and UDP off) with a fresh SQLite file; resolves
 * once /api/meta answers.
 */
export async function startServer(timeoutMs = 45_000): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'c2-web-'));
  const port = await freePort();
  const takPort = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'serve',
      '--demo',
      '--db',
      join(dir, 'c2.db'),
      '--port',
      String(port),
      '--tak-port',
      String(takPort),
      '--tak-tls-port',
      '0',
      '--tak-udp-port',
      '0',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${baseUrl}/api/meta`);
      if (response.ok) return { baseUrl, takPort, output: () => output, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`server did not answer /api/meta within ${timeoutMs} ms:\n${output}`);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a page did that a test may want to refuse: requests, console errors, CSP violations. */
export interface PageLog {
  requests: string[];
  consoleErrors: string[];
  cspViolations: string[];
}

/** A signed-in session: its cookies, as a Cookie header and as browser cookies. */
export interface Session {
  baseUrl: string;
  cookie: string;
  cookies: { name: string; value: string }[];
}

/** A demo user's credentials and profile (src/compose.ts). */
export function demoUser(username: string): (typeof DEMO_USERS)[number] {
  const user = DEMO_USERS.find((u) => u.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  return user;
}

/** GET an API path as a signed-in user; fails the test on any status but 2xx. */
export async function apiGet<T>(session: Session, path: string): Promise<T> {
  const response = await fetch(`${session.baseUrl}${path}`, { headers: { cookie: session.cookie } });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** POST JSON as a signed-in user, with the CSRF token and Origin the server checks. */
export async function apiPost<T>(session: Session, path: string, body: unknown): Promise<T> {
  const csrf = session.cookies.find((c) => c.name === 'c2_csrf')?.value ?? '';
  const response = await fetch(`${session.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      cookie: session.cookie,
      'content-type': 'application/json',
      'x-csrf-token': csrf,
      origin: session.baseUrl,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Signs in through the API, as the sign-in form does. */
export async function signIn(baseUrl: string, user: { username: string; password: string }): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  if (!response.ok)
    throw new Error(`sign-in as ${user.username} answered ${response.status}: ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((line) => {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at), value: pair.slice(at + 1) };
  });
  return { baseUrl, cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '), cookies };
}

export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number },
  session: Session | null,
): Promise<{ context: BrowserContext; page: Page; log: PageLog }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  if (session) await context.addCookies(session.cookies.map((c) => ({ ...c, url: session.baseUrl })));
  const page = await context.newPage();
  const log: PageLog = { requests: [], consoleErrors: [], cspViolations: [] };
  page.on('request', (request) => log.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') log.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => log.consoleErrors.push(String(error)));
  await page.exposeFunction('__c2CspViolation', (text: string) => log.cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __c2CspViolation: (t: string) => void }).__c2CspViolation;
      report(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { context, page, log };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
