import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Serves the built web app (web/dist): hashed assets cached for a year, everything else revalidated, and any path that
 * is not a file and not under /api answered with index.html so that client-side routes (/units/X, /map) are linkable.
 */

/** The page loads nothing from anywhere but this server: no CDN, no inline script or style, no framing. */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const SHORT = 'public, max-age=3600';

/** A last path segment with an extension names a file; anything else is an app route. */
const looksLikeFile = (path: string) => /\.[a-z0-9]+$/i.test(path.split('/').pop() ?? '');

function sendAppFile(reply: FastifyReply, path: string, cacheControl: string) {
  reply.header('cache-control', cacheControl);
  return reply.sendFile(path);
}

export async function registerWebApp(app: FastifyInstance, options: { distDir: string }): Promise<void> {
  const root = resolve(options.distDir);
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', WEB_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cross-origin-opener-policy', 'same-origin');
      reply.header('x-frame-options', 'DENY');
      // A miss must not be cached as if it were the asset.
      if (reply.statusCode >= 400) reply.header('cache-control', 'no-store');
      return payload;
    });
    // Decorates reply.sendFile (path-traversal safe, ETag, ranges, .br/.gz siblings written by the build) without
    // registering routes of its own: the routes below decide what each path means.
    await scope.register(fastifyStatic, {
      root,
      serve: false,
      index: false,
      dotfiles: 'ignore',
      preCompressed: true,
      cacheControl: false,
    });
    const handler = async (request: { params: unknown }, reply: FastifyReply) => {
      const path = ((request.params as { '*'?: string })['*'] ?? '').replace(/^\/+/, '');
      if (path === 'api' || path.startsWith('api/')) return reply.callNotFound();
      if (!looksLikeFile(path)) return sendAppFile(reply, 'index.html', REVALIDATE);
      if (path === 'index.html') return sendAppFile(reply, path, REVALIDATE);
      return sendAppFile(reply, path, path.startsWith('assets/') ? IMMUTABLE : SHORT);
    };
    scope.get('/', { config: { auth: false } }, handler);
    scope.get('/*', { config: { auth: false } }, handler);
  });
}
