import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.js';
import { openApp } from '../../src/compose.js';
import { type Actor, SYSTEM_ACTOR } from '../../src/services/actor.js';
import { actorOf } from '../../src/services/identity.js';
import type { Clock } from '../../src/services/clock.js';
import type { Services } from '../../src/services/index.js';

export type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/**
 * One server on a real port over a real SQLite file; each test user is a real account signed in with an API token, so
 * a U.S. and a Japanese officer see the same store through their own eyes.
 */
export async function startServers(people: Record<string, Actor>, clock: Clock) {
  const dir = mkdtempSync(join(tmpdir(), 'c2-api-missions-'));
  const services: Services = await openApp({ db: join(dir, 'c2.db'), demo: true, clock });
  const app: FastifyInstance = await buildServer({ services, meta: { title: 'test', provenance: 'test' } });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const as: Record<string, Call> = {};
  for (const [who, person] of Object.entries(people)) {
    const user = await services.identity.createUser(SYSTEM_ACTOR, {
      username: who,
      name: person.name,
      nation: person.nation,
      clearance: person.clearance,
      caveats: person.caveats,
      roles: person.roles,
      ...(person.homeCommand ? { homeCommand: person.homeCommand } : {}),
      password: `Staff-officer-${who}-passphrase-2025!`,
    });
    const { token } = await services.sessions.createToken(actorOf({ ...user, passwordHash: '' }), { name: 'test' });
    as[who] = async (method, path, body) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${address}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: await response.json() };
    };
  }
  return {
    services,
    as,
    async close() {
      await app.close();
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
