import Fastify, { type FastifyInstance } from 'fastify';
import type { Actor } from '../services/actor.js';
import type { Services } from '../services/index.js';
import { openApiDocument } from './openapi.js';
import { sendProblem } from './problem.js';
import { RouteRegistry } from './route.js';
import { registerCoordinationRoutes } from './routes/coordination.js';
import { registerForceRoutes } from './routes/force.js';
import { registerMetaRoutes } from './routes/meta.js';
import { registerMissionRoutes } from './routes/missions.js';
import { registerWebApp } from './static.js';

export interface ServerOptions {
  services: Services;
  /** Built web app to serve at '/', if present. */
  webDistDir?: string;
  /** Acting user for every request until authentication is configured. */
  anonymousActor?: Actor;
  logger?: boolean;
  /** Request bodies above this are refused with 413 before parsing. */
  bodyLimitBytes?: number;
  meta: { title: string; provenance: string };
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? 8 * 1024 * 1024,
    // Query strings such as ?kinds=OPCON,TACON are parsed by the route schemas; keep Fastify's own parser strict.
    routerOptions: { maxParamLength: 200 },
  });
  app.setErrorHandler((error, request, reply) => sendProblem(reply, request, error));
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send({
        type: 'urn:alliance-c2:error:C2_NOT_FOUND',
        title: 'Not found',
        status: 404,
        code: 'C2_NOT_FOUND',
        detail: `no route ${request.method} ${request.url.split('?')[0]}`,
      }),
  );
  app.addHook('onRequest', async (request) => {
    if (options.anonymousActor) request.actor = options.anonymousActor;
  });

  const routes = new RouteRegistry(app);
  registerMetaRoutes(routes, options.services, options.meta);
  registerForceRoutes(routes, options.services);
  registerMissionRoutes(routes, options.services);
  registerCoordinationRoutes(routes, options.services);
  const document = openApiDocument(routes.operations, { title: 'Alliance C2', version: '0.1.0' });
  app.get('/api/openapi.json', { config: { auth: false } }, async () => document);

  if (options.webDistDir) await registerWebApp(app, { distDir: options.webDistDir });
  return app;
}
