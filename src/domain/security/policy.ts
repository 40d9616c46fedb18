import { z } from 'zod';
import { C2Error, type Violation } from '../errors.js';

/**
 * A marking policy: the ordered classification levels, the nations and tetragraphs a record may be released to and
 * the caveats a marking may carry. It is data (config/policy.json) so a Japanese node can run its own; the adapter
 * reads the file and hands the parsed JSON to `parsePolicy`.
 */
export interface Policy {
  policyIdentifier: string;
  name: string;
  /** The nation whose marking system this is: listed first in REL TO, the only reader of NOFORN. */
  originator: string;
  /** Lowest first: a level's index is its rank. */
  levels: ClassificationLevel[];
  nations: Nation[];
  tetragraphs: Tetragraph[];
  /** In banner order within their category. */
  caveats: Caveat[];
  stanag4774: { releasableToTag: string; accessTag: string; handlingTag: string };
}

export interface ClassificationLevel {
  name: string;
  portion: string;
  colour: { background: string; text: string };
}

export interface Nation {
  code: string;
  name: string;
  note?: string;
}

export interface Tetragraph {
  code: string;
  name: string;
  members: string[];
}

/**
 * ACCESS: a restrictive category, the reader must hold it (like a compartment). NOFORN: only the originator's nationals
 * read. HANDLING: tells holders how to disseminate (e.g. ORCON) but does not change who may read.
 */
export type CaveatKind = 'ACCESS' | 'NOFORN' | 'HANDLING';

export interface Caveat {
  name: string;
  portion: string;
  kind: CaveatKind;
  description?: string;
}

const colour = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'expected a colour as #RRGGBB');
const trigraph = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code (three capital letters)');
// Marking words are upper case, may hold spaces, never the separators of the marking grammar.
const word = z
  .string()
  .min(1)
  .regex(/^[A-Z0-9][A-Z0-9 -]*$/, 'expected capitals, digits, spaces or hyphens (no "/", "," or parentheses)');

const policySchema = z.strictObject({
  format: z.literal('alliance-c2/security-policy'),
  version: z.literal(1),
  policyIdentifier: z.string().min(1),
  name: z.string().min(1),
  originator: trigraph,
  levels: z
    .array(z.strictObject({ name: word, portion: word, colour: z.strictObject({ background: colour, text: colour }) }))
    .min(2, 'a policy needs at least two levels'),
  nations: z.array(z.strictObject({ code: trigraph, name: z.string().min(1), note: z.string().optional() })).min(1),
  tetragraphs: z.array(
    z.strictObject({
      code: z.string().regex(/^[A-Z]{4}$/, 'expected a tetragraph (four capital letters)'),
      name: z.string().min(1),
      members: z.array(trigraph).min(1),
    }),
  ),
  caveats: z.array(
    z.strictObject({
      name: word,
      portion: word,
      kind: z.enum(['ACCESS', 'NOFORN', 'HANDLING']),
      description: z.string().optional(),
    }),
  ),
  stanag4774: z.strictObject({
    releasableToTag: z.string().min(1),
    accessTag: z.string().min(1),
    handlingTag: z.string().min(1),
  }),
});

/** Validates a policy file's parsed JSON; every problem is listed with its path, e.g. `levels[2].colour.text`. */
export function parsePolicy(json: unknown, source = 'policy'): Policy {
  const parsed = policySchema.safeParse(json);
  if (!parsed.success) {
    throw policyError(
      source,
      parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    );
  }
  const { format: _format, version: _version, ...policy } = parsed.data;
  const problems = consistencyProblems(policy);
  if (problems.length > 0) throw policyError(source, problems);
  return policy;
}

function consistencyProblems(policy: Policy): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const unique = (path: string, values: string[], what: string) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      if (seen.has(value)) problems.push({ path: `${path}[${index}]`, message: `duplicate ${what} "${value}"` });
      seen.add(value);
    });
  };
  unique(
    'levels',
    policy.levels.map((l) => l.name),
    'level name',
  );
  unique(
    'levels',
    policy.levels.map((l) => l.portion),
    'level portion mark',
  );
  unique(
    'nations',
    policy.nations.map((n) => n.code),
    'nation code',
  );
  unique(
    'tetragraphs',
    policy.tetragraphs.map((t) => t.code),
    'tetragraph',
  );
  // Caveat names and portion marks share one namespace: the parser resolves a token by either.
  unique(
    'caveats',
    policy.caveats.flatMap((c) => [c.name, c.portion]),
    'caveat name or portion mark',
  );

  const nations = new Set(policy.nations.map((n) => n.code));
  if (!nations.has(policy.originator)) {
    problems.push({ path: 'originator', message: `originator "${policy.originator}" is not in nations` });
  }
  policy.tetragraphs.forEach((tetragraph, t) => {
    tetragraph.members.forEach((member, m) => {
      if (!nations.has(member)) {
        problems.push({ path: `tetragraphs[${t}].members[${m}]`, message: `"${member}" is not in nations` });
      }
    });
  });
  const noforn = policy.caveats.filter((c) => c.kind === 'NOFORN');
  if (noforn.length !== 1) {
    problems.push({ path: 'caveats', message: `expected exactly one caveat of kind NOFORN, found ${noforn.length}` });
  }
  return problems;
}

function policyError(source: string, problems: Array<{ path: string; message: string }>): C2Error {
  const violations: Violation[] = problems.map((p) => ({ code: 'C2_BAD_POLICY', message: p.message, path: p.path }));
  const list = problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ');
  return new C2Error('C2_BAD_POLICY', `${source} is not a valid security policy: ${list}`, violations);
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/** Rank of a level (0 = lowest), or -1 when the policy does not know it. */
export function rankOf(policy: Policy, classification: string): number {
  return policy.levels.findIndex((level) => level.name === classification);
}

export function findCaveat(policy: Policy, name: string): Caveat | undefined {
  return policy.caveats.find((caveat) => caveat.name === name);
}

export function findTetragraph(policy: Policy, code: string): Tetragraph | undefined {
  return policy.tetragraphs.find((tetragraph) => tetragraph.code === code);
}

export function nofornCaveat(policy: Policy): Caveat {
  return policy.caveats.find((caveat) => caveat.kind === 'NOFORN')!;
}
