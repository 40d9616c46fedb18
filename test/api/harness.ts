import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.js';
import { openApp } from '../../src/compose.js';
import { SYSTEM_ACTOR, type Actor } from '../../src/services/actor.js';
import type { Clock } from '../../src/services/clock.js';
import type { Services } from '../../src/services/index.js';

export interface TestServer {
  url: string;
  app: FastifyInstance;
  services: Services;
  dbFile: string;
  get(path: string): Promise<{ status: number; body: any; headers: Headers }>;
  send(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** A real server on a real port over a real SQLite file in a temp folder, with the demo scenario loaded. */
export async function startTestServer(options: { demo?: boolean; actor?: Actor; clock?: Clock } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'c2-api-'));
  const dbFile = join(dir, 'c2.db');
  const services = await openApp({ db: dbFile, demo: options.demo ?? true, ...(options.clock ? { clock: options.clock } : {}) });
  const app = await buildServer({
    services,
    anonymousActor: options.actor ?? SYSTEM_ACTOR,
    meta: { title: 'test', provenance: 'test data' },
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${address}${path}`, {
      method,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as any, headers: response.headers };
  };
  return {
    url: address,
    app,
    services,
    dbFile,
    get: (path) => send('GET', path),
    send,
    async close() {
      await app.close();
      await services.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
