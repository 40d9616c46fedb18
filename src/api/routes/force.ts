import { z } from 'zod';
import type { Relationship } from '../../domain/command/relationship.js';
import type { UnitSlice } from '../../domain/force/unit.js';
import type { Services } from '../../services/index.js';
import type { RouteRegistry } from '../route.js';
import { id, instant, kind, kindList, relationship, timeQuery, unitPatch, unitSlice } from '../../domain/schema.js';
import { viewRecords } from '../../services/guard.js';
import { actorOf } from '../session.js';

const unitQuery = timeQuery.extend({
  q: z.string().max(200).optional().describe('search by name or short name'),
  nation: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  service: z.string().max(40).optional(),
});

type Labelled = { label: UnitSlice['label'] };

/** Force structure and command relationships: reads at (valid time, record time), and doctrine-checked writes. */
export function registerForceRoutes(routes: RouteRegistry, services: Services): void {
  const { force, clock } = services;
  const axes = (query: { at?: string | undefined; knownAt?: string | undefined }) => ({
    at: query.at ?? clock.now(),
    ...(query.knownAt ? { knownAt: query.knownAt } : {}),
  });
  const marked = (records: Labelled[]) => ({ marking: services.marking(records) });

  routes.add({
    method: 'GET',
    url: '/api/units',
    summary: 'Units in existence at a date, optionally searched and filtered',
    tags: ['force'],
    query: unitQuery,
    handler: ({ query }, request) => {
      const time = axes(query);
      const units = force.listUnits(actorOf(request), time, query);
      return { ...marked(units), at: time.at, knownAt: time.knownAt ?? clock.now(), units };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/units/:id',
    summary: 'One unit at a date: details, who controls it by kind, superiors, subordinates, higher HQ distance',
    tags: ['force'],
    params: z.object({ id }),
    query: timeQuery,
    handler: ({ params, query }, request) => {
      const detail = force.detail(actorOf(request), params.id, axes(query));
      const records = [detail.unit, ...detail.superiors.flatMap((e) => [e.unit, e.relationship])];
      records.push(...detail.subordinates.flatMap((e) => [e.unit, e.relationship]));
      return { ...marked(records), ...detail };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/units/:id/chain',
    summary: 'Chain of command of one kind, from the unit up to the national command authority',
    tags: ['force'],
    params: z.object({ id }),
    query: timeQuery.extend({ kind: kind.default('OPCON') }),
    handler: ({ params, query }, request) => {
      const chain = force.chain(actorOf(request), params.id, query.kind, axes(query));
      return { ...marked(viewRecords(chain)), chain };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/units/:id/tree',
    summary: 'What sits under a command at a date, by relationship kinds',
    tags: ['force'],
    params: z.object({ id }),
    query: timeQuery.extend({
      kinds: kindList.default(['COCOM', 'OPCON']),
      depth: z.coerce.number().int().min(1).max(50).optional(),
    }),
    handler: ({ params, query }, request) => {
      const tree = force.subtree(actorOf(request), params.id, query.kinds, axes(query), query.depth);
      return { ...marked(viewRecords([tree])), tree };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/units/:id/history',
    summary: 'Full history of one unit in valid time, with when each fact was recorded',
    tags: ['force'],
    params: z.object({ id }),
    handler: ({ params }, request) => {
      const events = force.history(actorOf(request), params.id);
      return {
        ...marked(events.flatMap((event) => [event.unit, event.relationship].filter((r) => r !== undefined))),
        events,
      };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/tree',
    summary: 'The whole force as trees of the given relationship kinds at a date',
    tags: ['force'],
    query: timeQuery.extend({
      kinds: kindList.default(['COCOM', 'OPCON']),
      nation: z
        .string()
        .regex(/^[A-Z]{3}$/)
        .optional(),
    }),
    handler: ({ query }, request) => {
      const roots = force.forest(actorOf(request), query.kinds, axes(query), query.nation);
      return { ...marked(viewRecords(roots)), roots };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/diff',
    summary: 'How the structure changed between two dates',
    tags: ['force'],
    query: z.object({ from: instant, to: instant, knownAt: instant.optional() }),
    handler: ({ query }, request) => {
      const diff = force.diff(actorOf(request), query.from, query.to, query.knownAt);
      const records = [
        ...diff.unitsAdded,
        ...diff.unitsRemoved,
        ...diff.relationshipsAdded,
        ...diff.relationshipsRemoved,
      ];
      records.push(
        ...diff.unitsChanged.flatMap((c) => [c.before, c.after]),
        ...diff.relationshipsChanged.flatMap((c) => [c.before, c.after]),
      );
      return { ...marked(records), diff };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/validate',
    summary: 'Doctrine violations of the whole force as known now',
    tags: ['force'],
    query: z.object({ knownAt: instant.optional() }),
    handler: ({ query }, request) => ({ violations: force.validate(actorOf(request), query.knownAt) }),
  });

  routes.add({
    method: 'POST',
    url: '/api/units',
    summary: 'Create a unit',
    tags: ['force'],
    body: unitSlice,
    handler: async ({ body }, request, reply) => {
      const result = await force.createUnit(actorOf(request), body as UnitSlice);
      reply.code(201);
      return result;
    },
  });

  routes.add({
    method: 'PATCH',
    url: '/api/units/:id',
    summary: 'Change a unit from an effective date on (rename, re-symbol, re-echelon, move, personnel, roles)',
    tags: ['force'],
    params: z.object({ id }),
    body: z.object({ effectiveFrom: instant, patch: unitPatch }),
    handler: ({ params, body }, request) =>
      force.updateUnit(actorOf(request), params.id, body.effectiveFrom, body.patch as Partial<UnitSlice>),
  });

  routes.add({
    method: 'POST',
    url: '/api/units/:id/deactivate',
    summary: 'Deactivate a unit at a date; its relationships end with it',
    tags: ['force'],
    params: z.object({ id }),
    body: z.object({ at: instant }),
    handler: ({ params, body }, request) => force.deactivateUnit(actorOf(request), params.id, body.at),
  });

  routes.add({
    method: 'POST',
    url: '/api/relationships',
    summary: 'Start a command, support or coordination relationship (checked against doctrine)',
    tags: ['force'],
    body: relationship,
    handler: async ({ body }, request, reply) => {
      const result = await force.startRelationship(actorOf(request), body as Relationship);
      reply.code(201);
      return result;
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/relationships/:id/end',
    summary: 'End a relationship at a date',
    tags: ['force'],
    params: z.object({ id }),
    body: z.object({ at: instant }),
    handler: ({ params, body }, request) => force.endRelationship(actorOf(request), params.id, body.at),
  });
}
