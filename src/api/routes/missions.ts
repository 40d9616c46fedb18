import { z } from 'zod';
import type { Mission } from '../../domain/mission/mission.js';
import { area, mission, missionPatch } from '../../domain/mission/schema.js';
import { id, instant, timeQuery } from '../../domain/schema.js';
import type { Services } from '../../services/index.js';
import type { RouteRegistry } from '../route.js';
import { actorOf } from '../session.js';

/** Missions and responsibilities: who leads, supports and coordinates what, where and when. */
export function registerMissionRoutes(routes: RouteRegistry, services: Services): void {
  const { missions, clock } = services;
  const at = (query: { at?: string | undefined }) => query.at ?? clock.now();
  const known = (query: { knownAt?: string | undefined }) => query.knownAt;

  routes.add({
    method: 'GET',
    url: '/api/missions',
    summary: 'Missions the reader may read, optionally only those active at a date',
    tags: ['missions'],
    query: timeQuery,
    handler: async ({ query }, request) => {
      const list = await missions.list(actorOf(request), {
        ...(query.at ? { at: query.at } : {}),
        ...(query.knownAt ? { knownAt: query.knownAt } : {}),
      });
      return { marking: services.marking(list), missions: list };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/missions/checks',
    summary: 'Findings of the mission checks (lead, overlap, authority path, nations, existence)',
    tags: ['missions'],
    query: z.object({ knownAt: instant.optional() }),
    handler: async ({ query }, request) => ({
      violations: await missions.check(actorOf(request), query.knownAt ? { knownAt: query.knownAt } : {}),
    }),
  });

  routes.add({
    method: 'GET',
    url: '/api/missions/:id',
    summary: 'One mission as known now (or at knownAt)',
    tags: ['missions'],
    params: z.object({ id }),
    query: z.object({ knownAt: instant.optional() }),
    handler: async ({ params, query }, request) => {
      const found = await missions.get(actorOf(request), params.id, known(query));
      return { marking: services.marking([found]), mission: found };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/missions/:id/history',
    summary: 'Every recorded version of a mission',
    tags: ['missions'],
    params: z.object({ id }),
    handler: async ({ params }, request) => {
      const versions = await missions.history(actorOf(request), params.id);
      return { marking: services.marking(versions.map((version) => version.mission)), versions };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/missions',
    summary: 'Create a mission; the findings of the checks about it come back with it',
    tags: ['missions'],
    body: mission,
    handler: async ({ body }, request, reply) => {
      const result = await missions.create(actorOf(request), body as Mission);
      reply.code(201);
      return result;
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/missions/:id',
    summary: 'Change a mission (a new version in record time)',
    tags: ['missions'],
    params: z.object({ id }),
    body: missionPatch,
    handler: ({ params, body }, request) =>
      missions.update(actorOf(request), params.id, body as Partial<Omit<Mission, 'id'>>),
  });

  routes.add({
    method: 'DELETE',
    url: '/api/missions/:id',
    summary: 'Retire a mission (kept in history)',
    tags: ['missions'],
    params: z.object({ id }),
    handler: ({ params }, request) => missions.retire(actorOf(request), params.id),
  });

  routes.add({
    method: 'GET',
    url: '/api/commands/:id/missions',
    summary: 'Missions a command takes part in at a date, with its role',
    tags: ['missions'],
    params: z.object({ id }),
    query: timeQuery,
    handler: async ({ params, query }, request) => {
      const entries = await missions.ofCommand(actorOf(request), params.id, at(query), known(query));
      return { marking: services.marking(entries.map((entry) => entry.mission)), at: at(query), missions: entries };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/responsibility/matrix',
    summary: 'Missions by commands at a date: LEAD, SUPPORT, COORDINATE',
    tags: ['missions'],
    query: timeQuery,
    handler: async ({ query }, request) => {
      const matrix = await missions.matrix(actorOf(request), at(query), known(query));
      return { marking: services.marking([...matrix.missions, ...matrix.units]), ...matrix };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/responsibility',
    summary: 'Commands responsible for a point at a date',
    tags: ['missions'],
    query: timeQuery.extend({ lat: z.coerce.number().min(-90).max(90), lon: z.coerce.number().min(-180).max(180) }),
    handler: async ({ query }, request) => ({
      at: at(query),
      responsibilities: await missions.responsible(
        actorOf(request),
        { point: { lat: query.lat, lon: query.lon } },
        at(query),
        known(query),
      ),
    }),
  });

  routes.add({
    method: 'POST',
    url: '/api/responsibility',
    summary: 'Commands responsible for an area (GeoJSON Polygon or MultiPolygon) at a date',
    tags: ['missions'],
    body: z.object({ area, at: instant.optional(), knownAt: instant.optional() }),
    handler: async ({ body }, request) => ({
      at: at(body),
      responsibilities: await missions.responsible(actorOf(request), { area: body.area }, at(body), known(body)),
    }),
  });
}
