import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildServer } from '../../src/api/server.js';
import { DEMO_USERS, openApp } from '../../src/compose.js';
import type { Clock } from '../../src/services/clock.js';
import type { Services } from '../../src/services/index.js';
import type { SessionSettings } from '../../src/services/sessions.js';
import { POSTGRES_URL } from '../contract/services.js';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** Requests as one client: `headers` go with every request (a cookie, a bearer token, a CSRF token). */
export interface Client {
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
}

export interface TestServer extends Client {
  url: string;
  app: FastifyInstance;
  services: Services;
  dbFile: string;
  dir: string;
  close(): Promise<void>;
}

export function client(url: string, base: Record<string, string> = {}): Client {
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...base,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
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
  return { get: (path, headers) => send('GET', path, undefined, headers), send };
}

/**
 * A real server on a real port over a real SQLite file in a temp folder, with the demo scenario and demo users loaded.
 * Its own get/send are anonymous: sign in with `loginAs`.
 */
export async function startTestServer(
  options: { demo?: boolean; clock?: Clock; sessionSettings?: SessionSettings } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'c2-api-'));
  const onPostgres = process.env.C2_TEST_STORE === 'postgres';
  const schema = `c2_api_${process.pid}_${++serversStarted}`;
  const dbFile = onPostgres ? `${POSTGRES_URL}?schema=${schema}` : join(dir, 'c2.db');
  const services = await openApp({
    db: dbFile,
    auditDir: dir,
    demo: options.demo ?? true,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.sessionSettings ? { sessionSettings: options.sessionSettings } : {}),
  });
  const app = await buildServer({ services, meta: { title: 'test', provenance: 'test data' } });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: address,
    app,
    services,
    dbFile,
    dir,
    ...client(address),
    async close() {
      await app.close();
      await services.close();
      if (onPostgres) await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let serversStarted = 0;

/** The same API suites run on PostgreSQL with C2_TEST_STORE=postgres: each server in a schema of its own. */
async function dropSchema(schema: string): Promise<void> {
  const pgClient = new pg.Client({ connectionString: POSTGRES_URL });
  await pgClient.connect();
  try {
    await pgClient.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await pgClient.end();
  }
}

export interface SignedInClient extends Client {
  /** The session cookie and CSRF header this client sends. */
  headers: Record<string, string>;
  user: any;
}

/** Signs in as a demo user (or with the given password) and returns a client sending the session cookie and CSRF token. */
export async function loginAs(server: { url: string }, username: string, password?: string): Promise<SignedInClient> {
  const secret = password ?? DEMO_USERS.find((user) => user.username === username)?.password;
  if (!secret) throw new Error(`no demo user '${username}'; give a password`);
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: secret }),
  });
  const body = (await response.json()) as { csrfToken: string; user: unknown };
  if (response.status !== 200) throw new Error(`login as ${username} answered ${response.status}: ${JSON.stringify(body)}`);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const headers = { cookie, 'x-csrf-token': body.csrfToken };
  return { ...client(server.url, headers), headers, user: body.user };
}
