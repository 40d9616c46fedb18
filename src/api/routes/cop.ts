import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CotEvent } from '../../domain/cop/track.js';
import { C2Error } from '../../domain/errors.js';
import { parseMarking, renderPortion } from '../../domain/security/marking.js';
import { toInstant } from '../../domain/time/instant.js';
import type { CopService, PictureMessage, TrackFilter } from '../../services/cop.js';
import { affiliationOf, type TrackPoint } from '../../store/tracks.js';
import type { RouteRegistry } from '../route.js';
import { actorOf } from '../session.js';

const instant = (field: string) =>
  z
    .string()
    .max(40)
    .transform((value) => toInstant(value, field));

const bbox = z
  .string()
  .regex(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/, 'west,south,east,north in degrees')
  .transform((text) => text.split(',').map(Number) as [number, number, number, number])
  .refine(
    ([w, s, e, n]) => [w, e].every((lon) => lon >= -180 && lon <= 180) && s >= -90 && n <= 90 && s <= n,
    'bbox outside WGS84 or south > north',
  );

const filterQuery = z.object({
  bbox: bbox.optional(),
  type: z
    .string()
    .regex(/^\w+(-\w+)*$/)
    .max(100)
    .optional(),
  affiliation: z
    .string()
    .regex(/^[a-z]$/)
    .optional(),
  source: z.string().max(200).optional(),
});

const windowQuery = z.object({ from: instant('from').optional(), to: instant('to').optional() });

const geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  z.object({
    type: z.literal('LineString'),
    coordinates: z
      .array(z.tuple([z.number(), z.number()]))
      .min(2)
      .max(10_000),
  }),
  z.object({
    type: z.literal('Polygon'),
    coordinates: z
      .array(
        z
          .array(z.tuple([z.number(), z.number()]))
          .min(4)
          .max(10_000),
      )
      .min(1)
      .max(100),
  }),
]);

const eventBody = z.object({
  kind: z.enum(['missile-launch', 'maritime-activity', 'air-activity', 'exercise']),
  description: z.string().min(1).max(10_000),
  geometry,
  source: z.object({ name: z.string().min(1).max(200), reference: z.string().max(500).optional() }),
  confidence: z.enum(['confirmed', 'probable', 'possible', 'doubtful']),
  marking: z.string().min(1).max(200).describe('e.g. SECRET//REL TO USA, JPN'),
  time: instant('time').optional(),
  affiliation: z
    .string()
    .regex(/^[fhnuasjkop]$/)
    .optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

const ruleBody = z.object({
  name: z.string().min(1).max(200),
  area: z.object({
    type: z.literal('Polygon'),
    coordinates: z.array(z.array(z.tuple([z.number(), z.number()])).min(4)).min(1),
  }),
  kinds: z.array(z.enum(['missile-launch', 'maritime-activity', 'air-activity', 'exercise'])).optional(),
  commands: z.array(z.string().min(1).max(100)).max(100).default([]),
  marking: z.string().min(1).max(200),
});

/** What the web sees of a track report: the typed fields and its portion marking, not the raw detail tree. */
export function trackJson(cop: CopService, event: CotEvent) {
  return {
    uid: event.uid,
    type: event.type,
    how: event.how,
    time: event.time,
    stale: event.stale,
    lat: event.point.lat,
    lon: event.point.lon,
    hae: event.point.hae,
    callsign: event.callsign,
    course: event.course,
    speed: event.speed,
    remarks: event.remarks,
    affiliation: affiliationOf(event.type),
    source: event.source,
    label: event.label,
    portion: renderPortion(event.label, cop.guard.policy),
  };
}

const pointJson = (cop: CopService, point: TrackPoint) => trackJson(cop, point.event);

/** The picture over HTTP: track queries, history, security events and alert rules, replay (SSE) and a live feed. */
export async function registerCopRoutes(app: FastifyInstance, routes: RouteRegistry, cop: CopService): Promise<void> {
  const policy = cop.guard.policy;
  const banner = (labels: { label: TrackPoint['label'] }[]) => cop.guard.banner(labels);

  routes.add({
    method: 'GET',
    url: '/api/tracks',
    summary:
      'Track reports by bounding box, time window, type prefix, affiliation and source (latest=true: last per track)',
    tags: ['cop'],
    query: filterQuery.extend(windowQuery.shape).extend({
      latest: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(10_000).optional(),
    }),
    handler: async ({ query }, request) => {
      const { latest, ...filter } = query;
      const actor = actorOf(request);
      const points = latest === 'true' ? await cop.lastPoints(actor, filter) : await cop.query(actor, filter);
      return { marking: banner(points), tracks: points.map((p) => pointJson(cop, p)) };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/tracks/:uid/history',
    summary: 'One track’s reports in time order',
    tags: ['cop'],
    params: z.object({ uid: z.string().min(1).max(512) }),
    query: windowQuery,
    handler: async ({ params, query }, request) => {
      const points = await cop.history(actorOf(request), params.uid, query);
      return { marking: banner(points), uid: params.uid, points: points.map((p) => pointJson(cop, p)) };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/events',
    summary: 'Events of the security environment (missile launches, maritime and air activity, exercises)',
    tags: ['cop'],
    query: windowQuery.extend({
      kind: z.enum(['missile-launch', 'maritime-activity', 'air-activity', 'exercise']).optional(),
    }),
    handler: async ({ query }, request) => {
      const events = await cop.events(actorOf(request), query);
      return { marking: banner(events), events };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/events',
    summary: 'Report a security event under a marking; returns it with the alerts it raised',
    tags: ['cop'],
    body: eventBody,
    handler: async ({ body }, request, reply) => {
      const { marking, ...input } = body;
      const result = await cop.createEvent(actorOf(request), {
        ...input,
        label: parseMarking(marking, policy),
      } as Parameters<CopService['createEvent']>[1]);
      reply.code(201);
      return { marking: banner([result.event]), ...result };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/alerts',
    summary: 'Alerts raised by alert rules, optionally for one command',
    tags: ['cop'],
    query: z.object({ command: z.string().max(100).optional() }),
    handler: async ({ query }, request) => {
      const alerts = await cop.alerts(actorOf(request), query);
      return { marking: banner(alerts), alerts };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/alert-rules',
    summary: 'Alert rules: an event inside a named area notifies commands',
    tags: ['cop'],
    handler: async (_input, request) => {
      const rules = await cop.rules(actorOf(request));
      return { marking: banner(rules), rules };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/alert-rules',
    summary: 'Create an alert rule',
    tags: ['cop'],
    body: ruleBody,
    handler: async ({ body }, request, reply) => {
      const { marking, ...rule } = body;
      const created = await cop.createRule(actorOf(request), { ...rule, label: parseMarking(marking, policy) });
      reply.code(201);
      return created;
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/replay',
    summary: 'Replay a time window as server-sent events at `speed` times real time',
    tags: ['cop'],
    query: filterQuery.extend({
      from: instant('from'),
      to: instant('to'),
      speed: z.coerce.number().positive().max(10_000).default(1),
    }),
    handler: async ({ query }, request, reply) => {
      const actor = actorOf(request);
      if (query.from > query.to) throw new C2Error('C2_BAD_INPUT', 'from is after to');
      const { speed, ...window } = query;
      const abort = new AbortController();
      request.raw.on('close', () => abort.abort());
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      const sent = await cop.replay(
        actor,
        window,
        speed,
        (point) => reply.raw.write(`event: track\ndata: ${JSON.stringify(pointJson(cop, point))}\n\n`),
        abort.signal,
      );
      reply.raw.end(`event: end\ndata: ${JSON.stringify({ sent })}\n\n`);
    },
  });

  if (!app.hasDecorator('websocketServer')) await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.get('/api/stream', { websocket: true }, (socket, request) => {
    const parsed = filterQuery.safeParse(request.query ?? {});
    const actor = request.actor;
    if (!actor || !parsed.success) {
      socket.close(1008, actor ? 'bad filter' : 'sign in first');
      return;
    }
    const filter: TrackFilter = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
    const maxBuffered = 1024 * 1024;
    const send = (message: PictureMessage) => {
      // Position reports are dropped for a socket that is not keeping up; anything else closes it instead.
      if (socket.bufferedAmount > maxBuffered) {
        if (message.mustArrive) socket.close(1013, 'too slow');
        return;
      }
      socket.send(JSON.stringify({ type: 'track', track: trackJson(cop, message.event) }));
    };
    for (const message of cop.latest(actor, filter)) send(message);
    const unsubscribe = cop.subscribe({ id: `ws:${request.id}`, actor, filter, deliver: send });
    socket.on('close', unsubscribe);
  });
}
