import { z } from 'zod';
import { id, instant, kindList } from '../../domain/schema.js';
import { renderPlanReport } from '../../report/plan-report.js';
import type { Services } from '../../services/index.js';
import type { PlanStep } from '../../services/plans.js';
import type { RouteRegistry } from '../route.js';
import { actorOf } from '../session.js';

const STEPS: PlanStep[] = ['propose', 'withdraw', 'approve', 'execute', 'rollback'];
const STEP_SUMMARY: Record<PlanStep, string> = {
  propose: 'Propose a draft plan for approval (planner)',
  withdraw: 'Return a proposed or approved plan to draft (planner or approver)',
  approve:
    'Approve a proposed plan; refused while it breaks a doctrine rule or conflicts with an approved plan (approver)',
  execute: 'Execute an approved plan: its whole change and the plan commit in one transaction (approver)',
  rollback: 'Roll an executed plan back to the exact prior structure (approver)',
};

/**
 * Reorganization plans. Bodies are validated by the plan schema in the service (one place for the API, the CLI and
 * the demo loader); every view carries the roll-up marking of the plan.
 */
export function registerPlanRoutes(routes: RouteRegistry, services: Services): void {
  const { plans } = services;
  const params = z.object({ id });

  routes.add({
    method: 'GET',
    url: '/api/plans',
    summary: 'Plans the actor may read',
    tags: ['plans'],
    handler: async (_input, request) => {
      const list = await plans.list(actorOf(request));
      return { marking: services.marking(list), plans: list };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/plans',
    summary: 'Draft a new plan (planner)',
    tags: ['plans'],
    body: z.unknown(),
    handler: async ({ body }, request, reply) => {
      const plan = await plans.create(actorOf(request), body);
      reply.code(201);
      return { marking: plans.marking(plan), plan };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/plans/:id',
    summary: 'One plan: phases, operations (withheld where they touch what the actor cannot read), history',
    tags: ['plans'],
    params,
    handler: async ({ params }, request) => {
      const plan = await plans.get(actorOf(request), params.id);
      return { marking: plans.marking(plan), plan };
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/plans/:id',
    summary: "Replace a draft plan's content (planner)",
    tags: ['plans'],
    params,
    body: z.unknown(),
    handler: async ({ params, body }, request) => {
      const plan = await plans.update(actorOf(request), params.id, body);
      return { marking: plans.marking(plan), plan };
    },
  });

  for (const step of STEPS) {
    routes.add({
      method: 'POST',
      url: `/api/plans/:id/${step}`,
      summary: STEP_SUMMARY[step],
      tags: ['plans'],
      params,
      body: z.object({ note: z.string().max(2000).optional() }).optional(),
      handler: async ({ params, body }, request) => {
        const plan = await plans.step(actorOf(request), params.id, step, body?.note);
        return { marking: plans.marking(plan), plan };
      },
    });
  }

  routes.add({
    method: 'GET',
    url: '/api/plans/:id/validation',
    summary: 'Doctrine violations the plan introduces at each phase date, conflicts with other plans',
    tags: ['plans'],
    params,
    handler: async ({ params }, request) => {
      const actor = actorOf(request);
      const plan = await plans.get(actor, params.id);
      return { marking: plans.marking(plan), validation: await plans.validation(actor, params.id) };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/plans/:id/impact',
    summary:
      'Impact per phase and for the whole plan: relationships, span of control, personnel, orphans, chains, mission responsibilities (readable missions only), invariants',
    tags: ['plans'],
    params,
    handler: async ({ params }, request) => {
      const actor = actorOf(request);
      const plan = await plans.get(actor, params.id);
      return { marking: plans.marking(plan), ...(await plans.impact(actor, params.id)) };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/plans/:id/compare',
    summary: 'As-is and to-be org charts with each node marked added, removed, moved or changed',
    tags: ['plans'],
    params,
    query: z.object({ at: instant.optional(), kinds: kindList.optional() }),
    handler: async ({ params, query }, request) => {
      const actor = actorOf(request);
      const plan = await plans.get(actor, params.id);
      const comparison = await plans.compare(actor, params.id, {
        ...(query.at ? { at: query.at } : {}),
        ...(query.kinds ? { kinds: query.kinds } : {}),
      });
      return { marking: plans.marking(plan), comparison };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/plans/:id/report',
    summary: 'Briefing-ready impact report (HTML that prints cleanly to PDF)',
    tags: ['plans'],
    params,
    handler: async ({ params }, request, reply) => {
      const html = await renderPlanReport(services, actorOf(request), params.id);
      return reply.type('text/html; charset=utf-8').send(html);
    },
  });
}
