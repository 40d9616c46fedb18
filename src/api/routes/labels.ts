import { z } from 'zod';
import type { Services } from '../../services/index.js';
import type { RouteRegistry } from '../route.js';

const labelInput = z.union([
  z.string().min(1).max(300),
  z.object({
    classification: z.string().min(1).max(40),
    releasableTo: z.array(z.string().max(8)).max(64).nullable(),
    caveats: z.array(z.string().max(40)).max(16).default([]),
  }),
]);

/** Marking and STANAG 4774 translation; the policy is what every signed-in user already works under. */
export function registerLabelRoutes(routes: RouteRegistry, services: Services): void {
  routes.add({
    method: 'POST',
    url: '/api/labels/describe',
    summary: 'Canonical banner and portion marking, and banner colours, of a marking or label',
    tags: ['security'],
    body: z.object({ label: labelInput }),
    handler: ({ body }) => services.labels.describe(body.label),
  });

  routes.add({
    method: 'POST',
    url: '/api/labels/stanag4774',
    summary: 'A marking or label as NATO STANAG 4774 confidentiality metadata XML',
    tags: ['security'],
    body: z.object({ label: labelInput }),
    handler: ({ body }, _request, reply) =>
      reply.type('application/xml').send(services.labels.toStanag4774(body.label)),
  });

  routes.add({
    method: 'POST',
    url: '/api/labels/from-stanag4774',
    summary: 'Read a STANAG 4774 label (XML body) into our marking; unknown restrictive categories are refused',
    tags: ['security'],
    handler: (_input, request) => {
      const body = request.body;
      const xml = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
      return services.labels.fromStanag4774(xml);
    },
  });
}
