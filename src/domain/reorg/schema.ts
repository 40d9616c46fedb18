import { z } from 'zod';
import { RELATIONSHIP_KINDS, SUPPORT_CATEGORIES } from '../command/relationship.js';
import { ECHELONS, UNIT_ROLES } from '../force/unit.js';
import { area, mission } from '../mission/schema.js';
import { id, instant, label, relationship, unitSlice } from '../schema.js';

const note = z.string().max(2000).optional();
const sidc = z.string().regex(/^\d{20}$/, 'MIL-STD-2525D symbol code: 20 digits');

/** Written without defaults: a patch names only the fields it changes. */
const relationshipPatch = z
  .object({
    kind: z.enum(RELATIONSHIP_KINDS),
    superiorId: id,
    subordinateId: id,
    basis: z.string().max(500),
    transfer: z.enum(['ASSIGNED', 'ATTACHED']),
    supportCategory: z.enum(SUPPORT_CATEGORIES),
    establishedBy: id,
    label,
    notes: z.string().max(4000),
  })
  .partial()
  .strict();

export const planOperation = z.discriminatedUnion('op', [
  z.object({ id, note, op: z.literal('createUnit'), unit: unitSlice.omit({ valid: true }) }),
  z.object({
    id,
    note,
    op: z.literal('renameUnit'),
    unitId: id,
    name: z.string().min(1).max(200),
    shortName: z.string().min(1).max(64).optional(),
  }),
  z.object({ id, note, op: z.literal('resymbolUnit'), unitId: id, sidc }),
  z.object({ id, note, op: z.literal('reechelonUnit'), unitId: id, echelon: z.enum(ECHELONS), sidc: sidc.optional() }),
  z.object({ id, note, op: z.literal('deactivateUnit'), unitId: id }),
  z.object({
    id,
    note,
    op: z.literal('startRelationship'),
    relationship: relationship.omit({ valid: true }).extend({ until: instant.nullable().optional() }),
  }),
  z.object({ id, note, op: z.literal('endRelationship'), relationshipId: id }),
  z.object({
    id,
    note,
    op: z.literal('changeRelationship'),
    relationshipId: id,
    patch: relationshipPatch,
    newId: id.optional(),
  }),
  z.object({
    id,
    note,
    op: z.literal('movePersonnel'),
    fromId: id,
    toId: id,
    count: z.number().int().min(1).max(1_000_000),
  }),
  z.object({ id, note, op: z.literal('setRoles'), unitId: id, roles: z.array(z.enum(UNIT_ROLES)).max(8) }),
  z.object({
    id,
    note,
    op: z.literal('assignMission'),
    mission: mission.omit({ valid: true, follows: true }).extend({ until: instant.nullable().optional() }),
  }),
  z.object({
    id,
    note,
    op: z.literal('moveMission'),
    missionId: id,
    lead: id.optional(),
    supporting: mission.shape.supporting.unwrap().optional(),
    area: area.optional(),
    newId: id.optional(),
  }),
]);

export const phase = z.object({
  id,
  name: z.string().min(1).max(200),
  effectiveDate: instant,
  operations: z.array(planOperation).max(100_000),
});

/** What a planner writes: the plan's content. State, history and execution records are the service's. */
export const planInput = z
  .object({
    id,
    title: z.string().min(1).max(300),
    description: z.string().max(20_000).default(''),
    label,
    phases: z.array(phase).min(1).max(1_000),
  })
  .superRefine((plan, ctx) => {
    const seen = new Set<string>();
    plan.phases.forEach((p, i) => {
      if (seen.has(p.id))
        ctx.addIssue({ code: 'custom', path: ['phases', i, 'id'], message: `phase id '${p.id}' is used twice` });
      seen.add(p.id);
    });
    const ops = new Set<string>();
    plan.phases.forEach((p, i) => {
      p.operations.forEach((op, j) => {
        if (ops.has(op.id))
          ctx.addIssue({
            code: 'custom',
            path: ['phases', i, 'operations', j, 'id'],
            message: `operation id '${op.id}' is used twice`,
          });
        ops.add(op.id);
        if (op.op === 'moveMission' && !op.lead && !op.supporting && !op.area)
          ctx.addIssue({
            code: 'custom',
            path: ['phases', i, 'operations', j],
            message: `operation ${op.id} moves mission '${op.missionId}' but names no new lead, supporting commands or area`,
          });
      });
    });
  });

export type PlanInput = z.infer<typeof planInput>;
