import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { C2Error } from '../domain/errors.js';
import { zodViolations } from './problem.js';

/**
 * One declaration per route: method, path, zod schemas for params/query/body, and a handler. The same schemas
 * validate requests and produce the OpenAPI document, so the contract and the check cannot drift apart.
 */
export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** Describes the success body for the OpenAPI document. */
  response?: z.ZodType;
  /** False for the few routes reachable without signing in. */
  auth?: boolean;
  /** Bytes a body may have on this route (file uploads); the server default otherwise. */
  bodyLimit?: number;
  handler: (
    input: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B> },
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown> | unknown;
}

export interface OpenApiOperation {
  method: string;
  url: string;
  summary: string;
  tags: string[];
  auth: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
}

export class RouteRegistry {
  readonly operations: OpenApiOperation[] = [];

  constructor(private readonly app: FastifyInstance) {}

  add<P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<P, Q, B>,
  ): void {
    const auth = spec.auth ?? true;
    this.operations.push({
      method: spec.method,
      url: spec.url,
      summary: spec.summary,
      tags: spec.tags,
      auth,
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body ? { body: spec.body } : {}),
      ...(spec.response ? { response: spec.response } : {}),
    });
    this.app.route({
      method: spec.method,
      url: spec.url,
      config: { auth },
      ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
      handler: async (request, reply) => {
        const params = parse(spec.params, request.params, 'params');
        const query = parse(spec.query, request.query, 'query');
        const body = parse(spec.body, request.body, 'body');
        const result = await spec.handler({ params, query, body } as never, request, reply);
        return reply.sent ? reply : result;
      },
    });
  }
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return value as z.infer<T>;
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const violations = zodViolations(result.error, where);
    throw new C2Error('C2_BAD_INPUT', violations.map((violation) => violation.message).join('; '), violations);
  }
  return result.data;
}
