import { z } from 'zod';
import { labelInput } from '../../domain/schema.js';
import type { Services } from '../../services/index.js';
import type { RouteRegistry } from '../route.js';
import { actorOf } from '../session.js';

const justification = z.string().trim().min(10, 'say why, in at least 10 characters').max(4000);

/** Disclosure requests: anyone who reads a record may ask; an FDO of the owning nation decides. */
export function registerDisclosureRoutes(routes: RouteRegistry, services: Services) {
  const { disclosure } = services;

  routes.add({
    method: 'POST',
    url: '/api/disclosure-requests',
    summary: 'Ask to release a unit or relationship to another nation, or to lower its classification',
    tags: ['disclosure'],
    body: z.object({
      recordRef: z.string().min(1).max(200).describe("'unit:ID', 'relationship:ID' or a bare id"),
      newLabel: labelInput,
      justification,
    }),
    handler: async ({ body }, request, reply) => {
      const created = await disclosure.request(actorOf(request), body);
      reply.code(201);
      return { request: created };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/disclosure-requests',
    summary: 'Disclosure requests the user may read',
    tags: ['disclosure'],
    query: z.object({ state: z.enum(['pending', 'approved', 'refused']).optional() }),
    handler: async ({ query }, request) => ({
      requests: await disclosure.list(actorOf(request), query.state ? { state: query.state } : {}),
    }),
  });

  routes.add({
    method: 'GET',
    url: '/api/disclosure-requests/:id',
    summary: 'One disclosure request',
    tags: ['disclosure'],
    params: z.object({ id: z.string().uuid() }),
    handler: async ({ params }, request) => ({ request: await disclosure.get(actorOf(request), params.id) }),
  });

  routes.add({
    method: 'POST',
    url: '/api/disclosure-requests/:id/decision',
    summary: 'Approve (relabels the record) or refuse a request: a foreign disclosure officer of the owning nation',
    tags: ['disclosure'],
    params: z.object({ id: z.string().uuid() }),
    body: z.object({ decision: z.enum(['approve', 'refuse']), justification }),
    handler: async ({ params, body }, request) => ({
      request: await disclosure.decide(actorOf(request), params.id, body),
    }),
  });
}
