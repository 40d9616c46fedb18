import { z } from 'zod';
import { ROLES } from '../../services/actor.js';
import type { Services } from '../../services/index.js';
import type { RouteRegistry } from '../route.js';
import { actorOf } from '../session.js';

const attributes = {
  name: z.string().min(1).max(200),
  nation: z.string().regex(/^[A-Z]{3}$/),
  clearance: z.string().min(1).max(40),
  caveats: z.array(z.string().min(1).max(40)).max(16),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  homeCommand: z.string().min(1).max(100),
};

/** Users: only an admin lists, creates or changes them. */
export function registerAdminRoutes(routes: RouteRegistry, services: Services) {
  const { identity } = services;

  routes.add({
    method: 'GET',
    url: '/api/admin/users',
    summary: 'Every user (admin)',
    tags: ['admin'],
    handler: async (_input, request) => ({ users: await identity.listUsers(actorOf(request)) }),
  });

  routes.add({
    method: 'POST',
    url: '/api/admin/users',
    summary: 'Create a user with an initial password (admin)',
    tags: ['admin'],
    body: z.object({
      username: z.string().min(2).max(63),
      password: z.string().min(1).max(1024),
      ...attributes,
      caveats: attributes.caveats.default([]),
      homeCommand: attributes.homeCommand.optional(),
    }),
    handler: async ({ body }, request, reply) => {
      const user = await identity.createUser(actorOf(request), body);
      reply.code(201);
      return { user };
    },
  });

  routes.add({
    method: 'PATCH',
    url: '/api/admin/users/:id',
    summary: "Change a user's clearance, caveats, roles, home command, or disable them; their sessions end (admin)",
    tags: ['admin'],
    params: z.object({ id: z.string().uuid() }),
    body: z.object({ ...attributes, disabled: z.boolean() }).partial(),
    handler: async ({ params, body }, request) => ({
      user: await identity.updateUser(actorOf(request), params.id, body),
    }),
  });
}
