import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp, WEB_CSP } from '../../src/api/static.js';

/** The web-app plugin over a real socket, against a dist folder shaped like Vite's output. */

let app: FastifyInstance;
let base: string;
let dist: string;
const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'c2-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><title>app</title><script type="module" src="/assets/app-1a2b.js"></script>',
  );
  writeFileSync(join(dist, 'assets/app-1a2b.js'), script);
  writeFileSync(join(dist, 'assets/app-1a2b.js.br'), brotliCompressSync(script));
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dist, '.env'), 'SECRET=1');
  writeFileSync(join(tmpdir(), 'outside.txt'), 'outside');
  app = Fastify();
  // The API's own 404 answers problem+json; the plugin must hand unknown /api paths to it.
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).type('application/problem+json').send({ code: 'C2_NOT_FOUND' }),
  );
  app.get('/api/meta', async () => ({ title: 't' }));
  await registerWebApp(app, { distDir: dist });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

describe('web app static serving', () => {
  it('answers app routes with index.html, revalidated, under a self-only CSP', async () => {
    for (const path of ['/', '/units/usfj?at=2025-06-01', '/map']) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toBe(WEB_CSP);
      expect(await response.text()).toContain('/assets/app-1a2b.js');
    }
    expect(WEB_CSP).toContain("default-src 'self'");
    expect(WEB_CSP).not.toMatch(/unsafe|https?:|\*/);
  });

  it('caches hashed assets for a year and sends the brotli sibling to clients that accept it', async () => {
    const plain = await get('/assets/app-1a2b.js', { 'accept-encoding': 'identity' });
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await plain.text()).toBe(script);
    const compressed = await fetch(`${base}/assets/app-1a2b.js`, { headers: { 'accept-encoding': 'br' } });
    expect(compressed.headers.get('content-encoding')).toBe('br');
    expect(await compressed.text()).toBe(script);
    expect(Number(compressed.headers.get('content-length'))).toBeLessThan(script.length / 10);
  });

  it('leaves /api to the API: known routes answer, unknown ones get its problem+json 404', async () => {
    expect(await (await get('/api/meta')).json()).toEqual({ title: 't' });
    const missing = await get('/api/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('refuses missing files, dotfiles and paths outside the dist folder, and never caches a miss', async () => {
    for (const path of [
      '/assets/missing-9z.js',
      '/.env',
      '/../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/..%2f..%2foutside.txt',
    ]) {
      const response = await get(path);
      expect([403, 404], path).toContain(response.status);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      expect(await response.text(), path).not.toMatch(/SECRET|outside/);
    }
  });
});
