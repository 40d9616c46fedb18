import { fail } from '../errors.js';

/**
 * A tamper-evident audit log: each entry's hash covers its content and the previous entry's hash, so editing,
 * removing or reordering an entry breaks the chain at a point `verifyChain` can name.
 *
 * The hash function is passed in (the domain does no crypto I/O). With a plain SHA-256 an attacker who can rewrite
 * the whole table can recompute every hash; pass an HMAC-SHA-256 whose key is kept outside the database (a file or
 * secret store the DB user cannot read) and a rewritten chain no longer verifies. Tail truncation leaves a valid
 * shorter chain: catch it by checking against an anchor (the last seq and hash) kept elsewhere.
 */
export interface AuditEntry {
  /** 1, 2, 3… with no gaps. */
  seq: number;
  /** ISO 8601 UTC instant. */
  at: string;
  actor: string;
  action: string;
  target?: string;
  outcome: 'ok' | 'refused' | 'error';
  detail?: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type UnsealedEntry = Omit<AuditEntry, 'prevHash' | 'hash'>;
export type HashFn = (data: string) => string;

/** The prevHash of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainProblem {
  seq: number;
  /** For a run of missing entries, the last missing seq. */
  throughSeq?: number;
  kind: 'edited' | 'removed' | 'reordered' | 'inserted';
  message: string;
}

export interface ChainReport {
  ok: boolean;
  problems: ChainProblem[];
}

/** The head of a chain recorded outside the store, e.g. in a signed daily report or the partner node. */
export interface ChainAnchor {
  seq: number;
  hash?: string;
}

/** Appends `entry` after `prev` (null for the first). Throws C2_CONFLICT when seq does not follow, e.g. two writers. */
export function sealEntry(prev: AuditEntry | null, entry: UnsealedEntry, hashFn: HashFn): AuditEntry {
  const expected = prev ? prev.seq + 1 : 1;
  if (entry.seq !== expected)
    fail('C2_CONFLICT', `audit entry seq ${entry.seq} does not follow ${expected - 1}`, 'seq');
  const prevHash = prev ? prev.hash : GENESIS_HASH;
  return { ...entry, prevHash, hash: hashOf({ ...entry, prevHash }, hashFn) };
}

function hashOf(entry: Omit<AuditEntry, 'hash'>, hashFn: HashFn): string {
  return hashFn(canonicalJson(entry));
}

/**
 * JSON with object keys sorted and undefined members dropped, so a store that re-serialises the row (another key
 * order, other spacing) cannot change the hash.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      fail('C2_BAD_INPUT', 'audit values must be finite numbers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const members = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${members.join(',')}}`;
}

/**
 * Checks a chain as stored (in storage order) and names every break:
 * - edited: an entry's content no longer matches its hash, or it was re-hashed so its successor no longer links to it;
 * - removed: a seq is missing (in the middle, at the start, or after the last entry when an anchor says more existed);
 * - reordered: an entry is stored after one with a higher seq;
 * - inserted: an entry that is not part of the chain (a second entry with a seq already taken, a seq out of sequence).
 */
export function verifyChain(entries: readonly AuditEntry[], hashFn: HashFn, anchor?: ChainAnchor): ChainReport {
  const problems: ChainProblem[] = [];
  for (let i = 1; i < entries.length; i++) {
    const [before, entry] = [entries[i - 1]!, entries[i]!];
    if (entry.seq < before.seq) {
      problems.push({
        seq: entry.seq,
        kind: 'reordered',
        message: `entries ${before.seq} and ${entry.seq} are out of order: ${entry.seq} is stored after ${before.seq}`,
      });
    }
  }

  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const intact = new Set(sorted.filter((entry) => hashOf(withoutHash(entry), hashFn) === entry.hash));
  const chain: AuditEntry[] = [];
  for (const entry of sorted) {
    const last = chain.at(-1);
    if (last && entry.seq === last.seq) {
      // Two entries claim one seq: keep the one that links, report the other.
      const [kept, extra] =
        fits(entry, chain.at(-2), intact) && !fits(last, chain.at(-2), intact) ? [entry, last] : [last, entry];
      chain[chain.length - 1] = kept;
      problems.push({
        seq: extra.seq,
        kind: 'inserted',
        message: `entry ${extra.seq} appears twice; one copy is not part of the chain`,
      });
      continue;
    }
    chain.push(entry);
  }

  let previous: AuditEntry | undefined;
  for (const entry of chain) {
    const expectedSeq = previous ? previous.seq + 1 : 1;
    if (!Number.isInteger(entry.seq) || entry.seq < expectedSeq) {
      problems.push({
        seq: entry.seq,
        kind: 'inserted',
        message: `entry with seq ${entry.seq} is not part of the chain`,
      });
      continue;
    }
    if (entry.seq > expectedSeq) problems.push(missing(expectedSeq, entry.seq - 1, `before entry ${entry.seq}`));
    if (!intact.has(entry)) {
      problems.push({
        seq: entry.seq,
        kind: 'edited',
        message: `entry ${entry.seq} was edited: its content no longer matches its hash`,
      });
    }
    const expectedPrev = previous ? previous.hash : GENESIS_HASH;
    if (entry.seq === expectedSeq && entry.prevHash !== expectedPrev) {
      if (!previous) {
        problems.push({
          seq: entry.seq,
          kind: 'edited',
          message: `entry ${entry.seq} does not start from the genesis hash`,
        });
      } else if (intact.has(previous)) {
        problems.push({
          seq: previous.seq,
          kind: 'edited',
          message: `entry ${previous.seq} was rewritten and re-hashed: entry ${entry.seq} no longer links to it`,
        });
      }
    }
    previous = entry;
  }

  if (anchor) {
    const lastSeq = previous?.seq ?? 0;
    if (lastSeq < anchor.seq)
      problems.push(missing(lastSeq + 1, anchor.seq, `after entry ${lastSeq} (the anchor records ${anchor.seq})`));
    const anchored = chain.find((entry) => entry.seq === anchor.seq);
    if (anchored && anchor.hash !== undefined && anchored.hash !== anchor.hash) {
      problems.push({
        seq: anchor.seq,
        kind: 'edited',
        message: `entry ${anchor.seq} does not match the anchored hash: the chain up to it was rewritten`,
      });
    }
  }
  return { ok: problems.length === 0, problems };
}

function withoutHash(entry: AuditEntry): Omit<AuditEntry, 'hash'> {
  const { hash: _hash, ...rest } = entry;
  return rest;
}

function fits(entry: AuditEntry, previous: AuditEntry | undefined, intact: Set<AuditEntry>): boolean {
  return intact.has(entry) && entry.prevHash === (previous ? previous.hash : GENESIS_HASH);
}

function missing(from: number, through: number, where: string): ChainProblem {
  const which = from === through ? `entry ${from} is` : `entries ${from} to ${through} are`;
  return {
    seq: from,
    ...(through > from ? { throughSeq: through } : {}),
    kind: 'removed',
    message: `${which} missing ${where}`,
  };
}
