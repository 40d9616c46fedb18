import { z } from 'zod';
import { instant } from '../../domain/schema.js';
import { FORMATS } from '../../interchange/formats.js';
import type { Services } from '../../services/index.js';
import type { RouteRegistry } from '../route.js';
import { actorOf } from '../session.js';

const formatName = z.enum(FORMATS.map((format) => format.name) as [string, ...string[]]);
const IMPORT_LIMIT_BYTES = 256 * 1024 * 1024;

/** Imports as a preview then one transaction; exports of what the reader may read, marked with their roll-up. */
export function registerInterchangeRoutes(routes: RouteRegistry, services: Services): void {
  routes.add({
    method: 'GET',
    url: '/api/formats',
    summary: 'File formats the server reads and writes',
    tags: ['interchange'],
    handler: () => ({
      formats: FORMATS.map((format) => ({
        name: format.name,
        title: format.title,
        extensions: format.extensions,
        mime: format.mime,
        read: Boolean(format.read),
      })),
    }),
  });

  routes.add({
    method: 'POST',
    url: '/api/import',
    summary:
      'Import a file (body: the file as is). dryRun=true previews; otherwise nothing is written unless all of it can be',
    tags: ['interchange'],
    bodyLimit: IMPORT_LIMIT_BYTES,
    query: z.object({
      format: formatName,
      dryRun: z
        .enum(['true', 'false'])
        .default('true')
        .transform((value) => value === 'true'),
      validFrom: instant.optional(),
    }),
    handler: async ({ query }, request) => {
      const body = request.body;
      const input = Buffer.isBuffer(body)
        ? body
        : typeof body === 'string'
          ? Buffer.from(body)
          : Buffer.from(JSON.stringify(body ?? null));
      return services.interchange.importFile(actorOf(request), input, {
        format: query.format,
        dryRun: query.dryRun,
        convert: query.validFrom ? { validFrom: query.validFrom } : {},
      });
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/export',
    summary: 'Export what the reader may read in a format; the file states its roll-up marking',
    tags: ['interchange'],
    query: z.object({ format: formatName.default('c2'), at: instant.optional(), knownAt: instant.optional() }),
    handler: async ({ query }, request, reply) => {
      const file = await services.interchange.exportFile(actorOf(request), {
        format: query.format,
        ...(query.at ? { at: query.at } : {}),
        ...(query.knownAt ? { knownAt: query.knownAt } : {}),
      });
      return reply
        .type(file.mime)
        .header('content-disposition', `attachment; filename="alliance-c2${file.extension}"`)
        .header('x-c2-marking', file.marking)
        .send(file.content);
    },
  });
}

/** Raw bodies for file uploads: every type the JSON parser does not take arrives as a Buffer. */
export const RAW_UPLOAD_TYPES = [
  'application/octet-stream',
  'text/csv',
  'text/plain',
  'application/xml',
  'text/xml',
  'application/vnd.google-earth.kml+xml',
  'application/vnd.google-earth.kmz',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/geo+json',
];
