import { z } from 'zod';
import type { OpenApiOperation } from './route.js';

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'stable error code, e.g. C2_OPCON_DUPLICATE' },
    violations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          message: { type: 'string' },
          path: { type: 'string' },
          units: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const shape = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(shape.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (shape.required ?? []).includes(name),
    schema: property,
    ...((property as { description?: string }).description
      ? { description: (property as { description: string }).description }
      : {}),
  }));
}

/** The OpenAPI 3.1 document of every registered route, generated from the same zod schemas that validate them. */
export function openApiDocument(operations: OpenApiOperation[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const path = operation.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const entry = {
      summary: operation.summary,
      tags: operation.tags,
      operationId: `${operation.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: [...parametersOf(operation.params, 'path'), ...parametersOf(operation.query, 'query')],
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(operation.body, 'input') } },
            },
          }
        : {}),
      ...(operation.auth ? { security: [{ session: [] }, { bearer: [] }] } : { security: [] }),
      responses: {
        '200': {
          description: 'OK',
          content: {
            'application/json': { schema: operation.response ? jsonSchema(operation.response, 'output') : {} },
          },
        },
        default: { description: 'Problem', content: { 'application/problem+json': { schema: problemSchema } } },
      },
    };
    paths[path] = { ...(paths[path] ?? {}), [operation.method.toLowerCase()]: entry };
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description: 'Alliance C2 REST API. Every response states the roll-up security marking of its contents.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'c2_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  };
}
