import Fastify, { type FastifyInstance } from 'fastify';
import type { Services } from '../services/index.js';
import { registerAuth } from './auth.js';
import { openApiDocument } from './openapi.js';
import { sendProblem } from './problem.js';
import { RouteRegistry } from './route.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerCoordinationRoutes } from './routes/coordination.js';
import { registerCopRoutes } from './routes/cop.js';
import { registerDisclosureRoutes } from './routes/disclosure.js';
import { registerForceRoutes } from './routes/force.js';
import { registerMetaRoutes } from './routes/meta.js';
import { registerPlanRoutes } from './routes/plans.js';
import { RAW_UPLOAD_TYPES, registerInterchangeRoutes } from './routes/interchange.js';
import { registerLabelRoutes } from './routes/labels.js';
import { registerMissionRoutes } from './routes/missions.js';
import { registerWebApp } from './static.js';

export interface ServerOptions {
  services: Services;
  /** Built web app to serve at '/', if present. */
  webDistDir?: string;
  /** PEM certificate and key: serve HTTPS (and mark cookies Secure, send HSTS). */
  tls?: { cert: string | Buffer; key: string | Buffer };
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
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
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
  await registerAuth(app, options.services, { tls: Boolean(options.tls) });

  const routes = new RouteRegistry(app);
  registerMetaRoutes(routes, options.services, options.meta);
  registerAuthRoutes(routes, options.services, { secureCookies: Boolean(options.tls) });
  registerAdminRoutes(routes, options.services);
  registerAuditRoutes(routes, options.services);
  registerDisclosureRoutes(routes, options.services);
  registerForceRoutes(routes, options.services);
  registerPlanRoutes(routes, options.services);
  registerMissionRoutes(routes, options.services);
  registerCoordinationRoutes(routes, options.services);
  app.addContentTypeParser(RAW_UPLOAD_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  registerInterchangeRoutes(routes, options.services);
  registerLabelRoutes(routes, options.services);
  await registerCopRoutes(app, routes, options.services.cop);
  const document = openApiDocument(routes.operations, { title: 'Alliance C2', version: '0.1.0' });
  app.get('/api/openapi.json', { config: { auth: false } }, async () => document);

  if (options.webDistDir) await registerWebApp(app, { distDir: options.webDistDir });
  return app;
}
