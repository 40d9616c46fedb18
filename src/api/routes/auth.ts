import { z } from 'zod';
import { C2Error } from '../../domain/errors.js';
import { instant } from '../../domain/schema.js';
import type { Services } from '../../services/index.js';
import { clearSessionCookies, setSessionCookies } from '../auth.js';
import type { RouteRegistry } from '../route.js';
import { actorOf } from '../session.js';

const credentials = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

/** Sign-in, sign-out, who am I, and the user's own API tokens. */
export function registerAuthRoutes(routes: RouteRegistry, services: Services, options: { secureCookies: boolean }) {
  const { sessions } = services;

  routes.add({
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Sign in with a password: sets the session cookie (a new id every time) and the CSRF cookie',
    tags: ['auth'],
    auth: false,
    body: credentials,
    handler: async ({ body }, request, reply) => {
      // A sign-in form posted from another site must not log the browser in as the attacker (login CSRF).
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) {
        throw new C2Error('C2_FORBIDDEN', 'cross-origin sign-in refused');
      }
      try {
        const signedIn = await sessions.login(body.username, body.password, { address: request.ip });
        setSessionCookies(reply, signedIn, options.secureCookies);
        return { user: signedIn.actor, csrfToken: signedIn.csrfToken, expiresAt: signedIn.expiresAt };
      } catch (error) {
        const wait =
          error instanceof C2Error && error.code === 'C2_RATE_LIMITED' ? error.violations[0]?.path : undefined;
        if (wait) reply.header('retry-after', wait.replace('retryAfter:', ''));
        throw error;
      }
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'End this session',
    tags: ['auth'],
    handler: async (_input, request, reply) => {
      if (request.sessionId) await sessions.logout(request.sessionId, actorOf(request));
      clearSessionCookies(reply, options.secureCookies);
      reply.code(204);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/auth/me',
    summary: 'The signed-in user: nation, clearance, caveats, roles, home command',
    tags: ['auth'],
    handler: (_input, request) => ({ user: actorOf(request), via: request.session ? 'session' : 'token' }),
  });

  routes.add({
    method: 'POST',
    url: '/api/auth/tokens',
    summary: 'Create an API token for scripts; the token is in this answer only',
    tags: ['auth'],
    body: z.object({ name: z.string().min(1).max(100), expiresAt: instant.optional() }),
    handler: async ({ body }, request, reply) => {
      const created = await sessions.createToken(actorOf(request), {
        name: body.name,
        ...(body.expiresAt ? { expiresAt: body.expiresAt } : {}),
      });
      reply.code(201);
      return { token: created.token, ...created.record };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/auth/tokens',
    summary: "The signed-in user's API tokens (never the secrets)",
    tags: ['auth'],
    handler: async (_input, request) => ({ tokens: await sessions.listTokens(actorOf(request)) }),
  });

  routes.add({
    method: 'DELETE',
    url: '/api/auth/tokens/:id',
    summary: 'Revoke an API token',
    tags: ['auth'],
    params: z.object({ id: z.string().uuid() }),
    handler: async ({ params }, request, reply) => {
      await sessions.revokeToken(actorOf(request), params.id);
      reply.code(204);
    },
  });
}
