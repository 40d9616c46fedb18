import { z } from 'zod';
import { SUPPORT_CATEGORIES } from '../command/relationship.js';
import { id, instant, interval, label } from '../schema.js';
import { BODY_LEVELS, COUNTERPART_LEVELS } from './counterpart.js';
import { ATTACHMENT_KINDS, PRIORITIES, REQUEST_KINDS, REQUEST_STATES } from './request.js';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4).max(10_000);
const polygonRings = z.array(ring).min(1).max(100);

export const area = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: polygonRings }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygonRings).min(1).max(100) }),
]);

export const mission = z.object({
  id,
  name: z.string().min(1).max(200),
  description: z.string().max(10_000).default(''),
  kind: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/, 'upper-case words joined by _, e.g. AIR_DEFENSE')
    .max(60)
    .optional(),
  valid: interval,
  label,
  lead: id.nullable(),
  supporting: z
    .array(z.object({ unitId: id, category: z.enum([...SUPPORT_CATEGORIES, 'COORDINATE']) }))
    .max(200)
    .default([]),
  forces: z.array(id).max(1_000).optional(),
  area: area.optional(),
  basis: z.string().max(500).optional(),
  notes: z.string().max(4_000).optional(),
  follows: id.optional(),
});

export const missionPatch = mission.omit({ id: true }).partial();

export const counterpartLink = z.object({
  id,
  a: id,
  b: id,
  level: z.enum(COUNTERPART_LEVELS),
  valid: interval,
  label,
  basis: z.string().max(500).optional(),
  notes: z.string().max(4_000).optional(),
});

export const coordinationBody = z.object({
  id,
  name: z.string().min(1).max(200),
  shortName: z.string().min(1).max(64),
  level: z.enum(BODY_LEVELS),
  members: z.array(id).min(2).max(200),
  valid: interval,
  label,
  basis: z.string().max(500).optional(),
  notes: z.string().max(4_000).optional(),
});

export const recordRef = z.object({ kind: z.enum(ATTACHMENT_KINDS), id });

export const requestDraft = z.object({
  id: id.optional(),
  kind: z.enum(REQUEST_KINDS),
  fromId: id,
  toId: id,
  subject: z.string().min(1).max(300),
  body: z.string().max(20_000).default(''),
  attachments: z.array(recordRef).max(50).default([]),
  deadline: instant.nullable().default(null),
  priority: z.enum(PRIORITIES).default('ROUTINE'),
  label,
});

export const replyInput = z.object({
  body: z.string().min(1).max(20_000),
  attachments: z.array(recordRef).max(50).default([]),
  label,
});

const transition = z.object({
  action: z.enum(['send', 'acknowledge', 'answer', 'close', 'overdue']),
  from: z.enum(REQUEST_STATES),
  to: z.enum(REQUEST_STATES),
  at: instant,
  by: z.string().min(1).max(128),
  command: id.nullable(),
  note: z.string().max(2_000).optional(),
});

/** A request as stored: the demo file holds them whole, transitions included. */
export const storedRequest = requestDraft.extend({
  id,
  state: z.enum(REQUEST_STATES),
  createdAt: instant,
  createdBy: z.string().min(1).max(128),
  transitions: z.array(transition).max(1_000),
});

export const storedReply = replyInput.extend({
  id,
  requestId: id,
  kind: z.enum(['ANSWER', 'COMMENT']),
  fromId: id,
  by: z.string().min(1).max(128),
  at: instant,
});

/** The missions file (data/scenarios/usfj-2024-missions.json): everything this module keeps, in one document. */
export const missionsDocument = z.object({
  format: z.literal('alliance-c2/missions'),
  version: z.literal(1),
  marking: z.string().min(1).max(200),
  meta: z.object({
    title: z.string().min(1).max(300),
    description: z.string().max(10_000).optional(),
    provenance: z.string().max(2_000).optional(),
    sources: z
      .array(z.object({ id: z.string().max(64), title: z.string().max(500), url: z.string().max(1000).optional() }))
      .max(1_000)
      .optional(),
  }),
  missions: z.array(mission).max(100_000).default([]),
  counterparts: z.array(counterpartLink).max(100_000).default([]),
  bodies: z.array(coordinationBody).max(10_000).default([]),
  requests: z.array(storedRequest).max(100_000).default([]),
  replies: z.array(storedReply).max(100_000).default([]),
});
