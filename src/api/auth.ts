import fastifyCookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { C2Error } from '../domain/errors.js';
import type { SessionRecord } from '../store/port.js';
import type { Services } from '../services/index.js';
import type { SignedIn } from '../services/sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the actor came from a session cookie: unsafe methods then need the CSRF token. */
    session?: SessionRecord;
    /** The raw session id of the cookie, for logout. */
    sessionId?: string;
  }
}

export const SESSION_COOKIE = 'c2_session';
/** Readable by the page's script, which echoes it in CSRF_HEADER: a cross-site form cannot read it (double submit). */
export const CSRF_COOKIE = 'c2_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is asking, for every request: a bearer API token (`Authorization: Bearer c2_…`) or the session cookie. Routes
 * declared with `auth: false` answer anyone; every other route, and every unknown /api path, answers 401 without an
 * actor. Cookie-authenticated unsafe requests must carry the CSRF token and, when the browser sends an Origin, come
 * from this origin. Secure headers on every answer; the web app's own scope replaces the CSP with the page's.
 */
export async function registerAuth(app: FastifyInstance, services: Services, options: { tls: boolean }): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(helmet, {
    // JSON answers need nothing loaded or framed; src/api/static.ts sets the page's policy for the web app.
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    hsts: options.tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });

  app.addHook('onRequest', async (request, reply) => {
    await identify(request, services);
    if (request.routeOptions.config?.auth === false) return;
    if (!request.actor) throw new C2Error('C2_UNAUTHENTICATED', 'sign in first, or send an API token');
    if (request.session && !SAFE_METHODS.has(request.method)) checkCsrf(request, services);
    reply.header('cache-control', 'no-store');
  });

  // Every 401 and 403, whichever layer refused, goes to the audit log (404s for unreadable records are logged by the
  // guard, which alone can tell them from missing ones).
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode !== 401 && reply.statusCode !== 403 && reply.statusCode !== 429) return;
    services.audit.recordQuietly({
      actor: request.actor?.id ?? 'anonymous',
      action: 'refused.http',
      target: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
      outcome: 'refused',
      detail: { status: reply.statusCode, address: request.ip },
    });
  });
}

async function identify(request: FastifyRequest, services: Services): Promise<void> {
  request.actor = undefined;
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer ([^\s]+)$/i.exec(authorization);
    const actor = match ? await services.sessions.resolveToken(match[1]!) : undefined;
    if (actor) request.actor = actor;
    return;
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  if (!sessionId) return;
  const resolved = await services.sessions.resolveSession(sessionId);
  if (!resolved) return;
  request.actor = resolved.actor;
  request.session = resolved.session;
  request.sessionId = sessionId;
}

function checkCsrf(request: FastifyRequest, services: Services): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) {
    throw new C2Error('C2_FORBIDDEN', 'cross-origin request refused');
  }
  const token = request.headers[CSRF_HEADER];
  if (!services.sessions.csrfMatches(request.session!, typeof token === 'string' ? token : undefined)) {
    throw new C2Error('C2_FORBIDDEN', `missing or wrong ${CSRF_HEADER} header (echo the ${CSRF_COOKIE} cookie)`);
  }
}

/** Sets the session and CSRF cookies of a fresh sign-in: HttpOnly session, SameSite=Strict, Secure under TLS. */
export function setSessionCookies(reply: FastifyReply, signedIn: SignedIn, secure: boolean): void {
  const common = { path: '/', sameSite: 'strict' as const, secure, expires: new Date(signedIn.expiresAt) };
  reply.setCookie(SESSION_COOKIE, signedIn.sessionId, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, signedIn.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  for (const name of [SESSION_COOKIE, CSRF_COOKIE]) reply.clearCookie(name, { path: '/', sameSite: 'strict', secure });
}
