import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import { C2Error, ERROR_CODES, type Violation } from '../domain/errors.js';

/** RFC 9457 problem details; `code` is the stable key clients switch on, `violations` name fields and units. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  violations?: Violation[];
  instance?: string;
}

export function zodViolations(error: ZodError, where: string): Violation[] {
  return error.issues.map((issue) => {
    const path = [where, ...issue.path.map(String)].join('.');
    return { code: 'C2_BAD_INPUT', path, message: `${path}: ${issue.message}` };
  });
}

export function toProblem(error: unknown, instance?: string): Problem {
  if (error instanceof C2Error) {
    return {
      type: `urn:alliance-c2:error:${error.code}`,
      title: ERROR_CODES[error.code].title,
      status: error.status,
      detail: error.message,
      code: error.code,
      ...(error.violations.length > 0 ? { violations: error.violations } : {}),
      ...(instance ? { instance } : {}),
    };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    const code = fastifyError.statusCode === 413 ? 'C2_PAYLOAD_TOO_LARGE' : 'C2_BAD_INPUT';
    return {
      type: `urn:alliance-c2:error:${code}`,
      title: ERROR_CODES[code].title,
      status: fastifyError.statusCode,
      detail: fastifyError.message ?? 'bad request',
      code,
      ...(instance ? { instance } : {}),
    };
  }
  return {
    type: 'urn:alliance-c2:error:C2_INTERNAL',
    title: ERROR_CODES.C2_INTERNAL.title,
    status: 500,
    detail: 'internal error; the server log has the details',
    code: 'C2_INTERNAL',
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  const problem = toProblem(error, request.url);
  if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  return reply.code(problem.status).type('application/problem+json').send(problem);
}
