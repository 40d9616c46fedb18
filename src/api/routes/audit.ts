import { z } from 'zod';
import type { Services } from '../../services/index.js';
import type { RouteRegistry } from '../route.js';
import { actorOf } from '../session.js';

/** The audit log, for admins: entries and a verification of the chain against the key and the anchor. */
export function registerAuditRoutes(routes: RouteRegistry, services: Services) {
  const { audit, guard } = services;

  routes.add({
    method: 'GET',
    url: '/api/audit',
    summary: 'Audit entries, newest last (admin)',
    tags: ['audit'],
    query: z.object({
      afterSeq: z.coerce.number().int().min(0).optional(),
      limit: z.coerce.number().int().min(1).max(10_000).default(500),
      action: z.string().max(64).optional(),
      actor: z.string().max(64).optional(),
    }),
    handler: async ({ query }, request) => {
      guard.assertRole(actorOf(request), ['admin'], 'reading the audit log');
      return { entries: await audit.list(query) };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/audit/verify',
    summary: 'Check the audit chain: every edited, removed, reordered or inserted entry by seq (admin)',
    tags: ['audit'],
    handler: async (_input, request) => {
      guard.assertRole(actorOf(request), ['admin'], 'verifying the audit log');
      return audit.verify();
    },
  });
}
