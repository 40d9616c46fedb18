import { z } from 'zod';
import type { CoordinationBody, CounterpartLink } from '../../domain/mission/counterpart.js';
import { REQUEST_STATES } from '../../domain/mission/request.js';
import { coordinationBody, counterpartLink, replyInput, requestDraft } from '../../domain/mission/schema.js';
import { id, instant, timeQuery } from '../../domain/schema.js';
import type { Box } from '../../services/coordination.js';
import type { Services } from '../../services/index.js';
import type { RouteRegistry } from '../route.js';
import { actorOf } from '../session.js';

const note = z.object({ note: z.string().max(2_000).optional() });
const listQuery = z.object({ command: id.optional(), state: z.enum(REQUEST_STATES).optional() });

/** Counterparts, the Alliance Coordination Mechanism's bodies, coordination requests and their threads. */
export function registerCoordinationRoutes(routes: RouteRegistry, services: Services): void {
  const { coordination, clock } = services;
  const marked = <T extends { label: CounterpartLink['label'] }>(records: T[]) => services.marking(records);

  routes.add({
    method: 'GET',
    url: '/api/counterparts',
    summary: 'Counterpart links between commands of the two nations, optionally of one command at a date',
    tags: ['coordination'],
    query: timeQuery.extend({ command: id.optional() }),
    handler: async ({ query }, request) => {
      const links = await coordination.counterparts(actorOf(request), {
        ...(query.command ? { unitId: query.command } : {}),
        ...(query.at ? { at: query.at } : {}),
        ...(query.knownAt ? { knownAt: query.knownAt } : {}),
      });
      return { marking: marked(links), counterparts: links };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/counterparts',
    summary: 'Record a counterpart link',
    tags: ['coordination'],
    body: counterpartLink,
    handler: async ({ body }, request, reply) => {
      reply.code(201);
      return coordination.createCounterpart(actorOf(request), body as CounterpartLink);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/coordination-bodies',
    summary: 'Bodies of the Alliance Coordination Mechanism (ACG, BOCC, CCCs) with their members',
    tags: ['coordination'],
    query: timeQuery.extend({ command: id.optional() }),
    handler: async ({ query }, request) => {
      const bodies = await coordination.bodies(actorOf(request), {
        ...(query.command ? { unitId: query.command } : {}),
        ...(query.at ? { at: query.at } : {}),
        ...(query.knownAt ? { knownAt: query.knownAt } : {}),
      });
      return { marking: marked(bodies), bodies };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/coordination-bodies/:id',
    summary: 'One coordination body',
    tags: ['coordination'],
    params: z.object({ id }),
    query: z.object({ at: instant.optional() }),
    handler: async ({ params, query }, request) => {
      const body = await coordination.body(actorOf(request), params.id, query.at);
      return { marking: marked([body]), body };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/coordination-bodies',
    summary: 'Record a coordination body',
    tags: ['coordination'],
    body: coordinationBody,
    handler: async ({ body }, request, reply) => {
      reply.code(201);
      return coordination.createBody(actorOf(request), body as CoordinationBody);
    },
  });

  const listing = (box: Box) => async (query: z.infer<typeof listQuery>, actor: ReturnType<typeof actorOf>) => {
    const result = await coordination.list(actor, {
      box,
      ...(query.command ? { commandId: query.command } : {}),
      ...(query.state ? { state: query.state } : {}),
    });
    return { marking: marked(result.requests), ...result };
  };
  for (const box of ['inbox', 'outbox'] as const) {
    routes.add({
      method: 'GET',
      url: `/api/coordination/${box}`,
      summary: `Requests in the ${box} of a command (default: every command the reader acts for), with counts by state`,
      tags: ['coordination'],
      query: listQuery,
      handler: ({ query }, request) => listing(box)(query, actorOf(request)),
    });
    routes.add({
      method: 'GET',
      url: `/api/commands/:id/${box}`,
      summary: `Requests in one command's ${box}, with counts by state`,
      tags: ['coordination'],
      params: z.object({ id }),
      query: listQuery.omit({ command: true }),
      handler: ({ params, query }, request) => listing(box)({ ...query, command: params.id }, actorOf(request)),
    });
  }

  routes.add({
    method: 'GET',
    url: '/api/coordination/requests',
    summary: 'Requests to and from the reader’s commands (or one command), with counts by state',
    tags: ['coordination'],
    query: listQuery,
    handler: ({ query }, request) => listing('all')(query, actorOf(request)),
  });

  routes.add({
    method: 'GET',
    url: '/api/coordination/requests/:id',
    summary: 'One request with its thread, deadline as Zulu and local DTGs, and every transition',
    tags: ['coordination'],
    params: z.object({ id }),
    handler: async ({ params }, request) => {
      const found = await coordination.get(actorOf(request), params.id);
      return { marking: marked([found, ...found.thread]), request: found };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/coordination/requests',
    summary: 'Draft a request (RFI, RFS, notification) to a counterpart command',
    tags: ['coordination'],
    body: requestDraft,
    handler: async ({ body }, request, reply) => {
      const created = await coordination.draft(actorOf(request), body);
      reply.code(201);
      return { request: created };
    },
  });

  for (const action of ['send', 'acknowledge', 'close'] as const) {
    routes.add({
      method: 'POST',
      url: `/api/coordination/requests/:id/${action}`,
      summary: `${action[0]!.toUpperCase()}${action.slice(1)} a request`,
      tags: ['coordination'],
      params: z.object({ id }),
      body: note,
      handler: async ({ params, body }, request) => ({
        request: await coordination[action](actorOf(request), params.id, body.note),
      }),
    });
  }

  for (const action of ['answer', 'comment'] as const) {
    routes.add({
      method: 'POST',
      url: `/api/coordination/requests/:id/${action}`,
      summary: action === 'answer' ? 'Answer a request (receiving command)' : 'Add a message to the thread',
      tags: ['coordination'],
      params: z.object({ id }),
      body: replyInput,
      handler: async ({ params, body }, request) => ({
        request: await coordination[action](actorOf(request), params.id, body),
      }),
    });
  }

  routes.add({
    method: 'POST',
    url: '/api/coordination/overdue',
    summary: 'Record the lapse of every request past its deadline (once per request)',
    tags: ['coordination'],
    handler: (_input, request) => coordination.detectOverdue(actorOf(request)),
  });

  routes.add({
    method: 'GET',
    url: '/api/commands/:id/:other/separation',
    summary: 'Distance, bearing, time difference and working-hours overlap between two headquarters',
    tags: ['coordination'],
    params: z.object({ id, other: id }),
    query: z.object({
      at: instant.optional(),
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional()
        .describe("calendar date in the first HQ's zone for the working-hours overlap (default: that of `at`)"),
    }),
    handler: ({ params, query }, request) =>
      coordination.separation(actorOf(request), params.id, params.other, query.at ?? clock.now(), query.date),
  });
}
