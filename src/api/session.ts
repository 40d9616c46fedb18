import type { FastifyRequest } from 'fastify';
import { C2Error } from '../domain/errors.js';
import type { Actor } from '../services/actor.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
  interface FastifyContextConfig {
    auth?: boolean;
  }
}

/** The signed-in actor of a request; routes that need one get a 401 before their handler runs otherwise. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new C2Error('C2_UNAUTHENTICATED', 'sign in first');
  return request.actor;
}
