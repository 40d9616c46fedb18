import { z } from 'zod';
import { RELATIONSHIP_KINDS, SUPPORT_CATEGORIES } from './command/relationship.js';
import { ECHELONS, UNIT_ROLES } from './force/unit.js';
import { toInstant } from './time/instant.js';

/** ISO date or UTC date-time, normalised to an Instant; a bad value names the field. */
export const instant = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    try {
      return toInstant(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^time: /, '') });
      return z.NEVER;
    }
  })
  .describe('ISO-8601 date (2025-03-24) or UTC date-time (2025-03-24T00:00:00Z)');

export const id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:~-]*$/, 'letters, digits and . _ : ~ - only');

export const kind = z.enum(RELATIONSHIP_KINDS);

export const kindList = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const kinds = value
      .split(',')
      .map((part) => part.trim().toUpperCase())
      .filter(Boolean);
    for (const k of kinds) {
      if (!(RELATIONSHIP_KINDS as readonly string[]).includes(k)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown relationship kind '${k}' (one of ${RELATIONSHIP_KINDS.join(', ')})`,
        });
        return z.NEVER;
      }
    }
    return kinds as (typeof RELATIONSHIP_KINDS)[number][];
  });

export const timeQuery = z.object({
  at: instant.optional().describe('valid time: the date the structure is shown for (default now)'),
  knownAt: instant.optional().describe('record time: show what the system knew then (default now)'),
});

export const label = z.object({
  classification: z.string().min(1).max(40),
  releasableTo: z
    .array(z.string().regex(/^[A-Z]{3,4}$/, 'a trigraph or tetragraph'))
    .max(64)
    .nullable(),
  caveats: z.array(z.string().min(1).max(40)).max(16).default([]),
});

/** Where a label is expected, a marking such as 'SECRET//REL TO USA, JPN' is accepted as well as the object. */
export const labelInput = z.union([
  z.string().min(1).max(200).describe("a marking, e.g. 'SECRET//REL TO USA, JPN'"),
  label,
]);

export const interval = z
  .object({ from: instant, to: instant.nullable().default(null) })
  .refine((value) => value.to === null || value.to > value.from, {
    message: "'to' must be after 'from'",
    path: ['to'],
  });

const station = z.object({
  name: z.string().min(1).max(200),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  timeZone: z.string().max(64).optional(),
});

const personnel = z.object({
  authorized: z.number().int().min(0).max(10_000_000).nullable().default(null),
  assigned: z.number().int().min(0).max(10_000_000).nullable().default(null),
  source: z.string().max(500).optional(),
});

export const unitSlice = z.object({
  id,
  name: z.string().min(1).max(200),
  shortName: z.string().min(1).max(64),
  nation: z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3, e.g. USA'),
  service: z.string().regex(/^[A-Z]{3}:[A-Z_]+$/, "nation-qualified service, e.g. 'USA:ARMY'"),
  echelon: z.enum(ECHELONS),
  sidc: z.string().regex(/^\d{20}$/, 'MIL-STD-2525D symbol code: 20 digits'),
  homeStation: station.nullable().default(null),
  personnel: personnel.default({ authorized: null, assigned: null }),
  roles: z.array(z.enum(UNIT_ROLES)).max(8).default([]),
  valid: interval,
  label: labelInput,
  sources: z.array(z.string().max(200)).max(32).optional(),
  notes: z.string().max(4000).optional(),
});

export const unitPatch = unitSlice.omit({ id: true, valid: true, nation: true }).partial();

export const relationship = z.object({
  id,
  kind,
  superiorId: id,
  subordinateId: id,
  valid: interval,
  basis: z.string().max(500).default(''),
  transfer: z.enum(['ASSIGNED', 'ATTACHED']).optional(),
  supportCategory: z.enum(SUPPORT_CATEGORIES).optional(),
  establishedBy: id.optional(),
  label: labelInput,
  notes: z.string().max(4000).optional(),
});

/** The project's own file format (see force/document.ts), as read by `c2 import` and POST /api/import. */
export const forceDocument = z.object({
  format: z.literal('alliance-c2/force'),
  version: z.literal(1),
  marking: z.string().min(1).max(200),
  meta: z.object({
    title: z.string().min(1).max(300),
    description: z.string().max(10_000).optional(),
    provenance: z.string().max(2_000).optional(),
    sources: z
      .array(
        z.object({
          id: z.string().max(64),
          title: z.string().max(500),
          url: z.string().max(1000).optional(),
          date: z.string().max(40).optional(),
        }),
      )
      .max(1_000)
      .optional(),
    exportedAt: z.string().max(40).optional(),
  }),
  alliance: z
    .object({
      structure: z.enum(['PARALLEL', 'LEAD_NATION', 'INTEGRATED']),
      nations: z
        .array(z.string().regex(/^[A-Z]{3}$/))
        .min(1)
        .max(50),
      leadNation: z
        .string()
        .regex(/^[A-Z]{3}$/)
        .optional(),
    })
    .optional(),
  units: z.array(unitSlice).max(1_000_000),
  relationships: z.array(relationship).max(5_000_000),
  collections: z.record(z.string(), z.array(z.object({ id: z.string(), label }).passthrough())).optional(),
});
