import type { Services } from '../../services/index.js';
import type { RouteRegistry } from '../route.js';

/** What the web app needs before anything else: the scenario, the alliance setting, the clock and the user. */
export function registerMetaRoutes(
  routes: RouteRegistry,
  services: Services,
  meta: { title: string; provenance: string },
) {
  routes.add({
    method: 'GET',
    url: '/api/meta',
    summary: 'Scenario title, provenance, alliance structure, server time and the signed-in user',
    tags: ['meta'],
    auth: false,
    handler: (_input, request) => ({
      title: meta.title,
      provenance: meta.provenance,
      marking: services.marking([]),
      alliance: services.force.settings,
      now: services.clock.now(),
      ...(request.actor ? { user: request.actor } : {}),
    }),
  });
}
