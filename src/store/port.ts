import type { AuditEntry } from '../domain/audit/chain.js';
import type { Relationship } from '../domain/command/relationship.js';
import type { ChangeSet } from '../domain/force/change.js';
import type { StoredDocument } from '../domain/records.js';
import type { UnitSlice } from '../domain/force/unit.js';
import type { Versioned } from '../domain/time/bitemporal.js';
import type { Instant } from '../domain/time/instant.js';

/**
 * The storage port. Adapters (sqlite, postgres) implement it; one contract suite (test/contract) runs against each.
 * Writes are change sets applied atomically: retire current versions (close their record time) and insert new ones,
 * in one transaction with one append-only change-log entry. Nothing is updated in place or deleted.
 */
export interface TxMeta {
  /** Who made the change (user id, or 'system' for the demo loader). */
  actor: string;
  /** Record time of the change; the store rejects one earlier than the last committed transaction. */
  at: Instant;
  /** What the change was, for the history: e.g. 'create unit USFJ', 'plan P-1 phase 2 executed'. */
  summary: string;
  /** Machine-readable detail of the request that caused it (the command as given). */
  detail?: unknown;
  /**
   * Optimistic concurrency: the last transaction id the writer had read when it built the change. Retire targets are
   * named by key (unit id + valid.from, relationship id), which a concurrent writer's replacement can share; with this
   * set, a target inserted by a later transaction is a C2_CONFLICT too, so a lost update cannot slip through. The
   * same holds for a document put over a version recorded after it.
   */
  basedOnTxId?: number;
  /**
   * Stricter: the change applies only if this is still the store's last transaction, else C2_CONFLICT with the path
   * STALE_WRITER (nothing written). A writer that validated its change on a structure as of that transaction retries
   * on the fresh one: writers in several processes are serialized as if there were one.
   */
  expectLastTxId?: number;
}

/** The violation path of the C2_CONFLICT a commit answers when `expectLastTxId` is no longer the last transaction. */
export const STALE_WRITER = 'expectLastTxId';

export interface TxRecord extends TxMeta {
  id: number;
}

export interface StoredForce {
  units: Versioned<UnitSlice>[];
  relationships: Versioned<Relationship>[];
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Create or upgrade the schema. Idempotent. */
  migrate(): Promise<void>;
  /**
   * Apply a change set atomically. Fails with C2_CONFLICT (and changes nothing) if a version to retire is not current
   * or an inserted version collides with a current one. `audit` seals the change's audit entry, which is appended in
   * the same transaction: a change is never stored without it, and a failed seal stores neither.
   */
  commit(change: ChangeSet, meta: TxMeta, audit?: AuditSeal): Promise<TxRecord>;
  /** Every version ever stored, current and retired, in transaction order. */
  loadForce(): Promise<StoredForce>;
  /** Versions inserted or retired by transactions after `afterTxId`: lets a cache (or a second node) catch up. */
  loadForceSince(afterTxId: number): Promise<StoredForce>;
  /** The change log, oldest first; filter by unit id to get one unit's history. */
  transactions(filter?: { unitId?: string; afterTxId?: number; limit?: number }): Promise<TxRecord[]>;
  lastTxId(): Promise<number>;
  /** Current versions of a collection's documents (or as known at `knownAt`), retired ones left out. */
  listDocuments<T>(collection: string, options?: { knownAt?: Instant }): Promise<Versioned<StoredDocument<T>>[]>;
  /** Every version of one document, oldest first. */
  documentHistory<T>(collection: string, id: string): Promise<Versioned<StoredDocument<T>>[]>;

  /** Insert or replace a user by id. C2_DUPLICATE_ID when another user already has the username. */
  saveUser(user: UserRecord): Promise<void>;
  findUser(by: { id: string } | { username: string }): Promise<UserRecord | undefined>;
  listUsers(): Promise<UserRecord[]>;
  /** Insert or replace a session by its hashed id. */
  saveSession(session: SessionRecord): Promise<void>;
  findSession(idHash: string): Promise<SessionRecord | undefined>;
  /** Delete one session, every session of a user, or every session that expired before an instant; returns how many. */
  deleteSessions(filter: { idHash: string } | { userId: string } | { expiredBefore: Instant }): Promise<number>;
  /** Insert or replace an API token by id. */
  saveToken(token: TokenRecord): Promise<void>;
  findToken(by: { id: string } | { hash: string }): Promise<TokenRecord | undefined>;
  listTokens(userId: string): Promise<TokenRecord[]>;
  /**
   * Failed sign-ins by key (a username at an address, or an address), kept in the store so that every process on it
   * counts the same failures: record one at `at` (forgetting the key's failures before `forgetBefore`), list those
   * after an instant (oldest first), or clear a key after a success.
   */
  recordFailure(key: string, at: Instant, forgetBefore: Instant): Promise<void>;
  failuresAfter(key: string, after: Instant): Promise<Instant[]>;
  clearFailures(key: string): Promise<void>;
  /**
   * Append one audit entry: `seal` gets the last entry (null for the first) and returns the new one, inside the write
   * lock, so two writers cannot both chain to the same predecessor. The audit table is append-only (triggers).
   */
  appendAudit(seal: (previous: AuditEntry | null) => AuditEntry): Promise<AuditEntry>;
  /** Audit entries in storage order (not seq order: a verifier must see a reordering), from `afterSeq` on. */
  auditEntries(options?: { afterSeq?: number; limit?: number }): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

/** Seals a commit's audit entry after the last one (null for the first), inside the commit's transaction. */
export type AuditSeal = (tx: TxRecord, previous: AuditEntry | null) => AuditEntry;

/** A person who signs in. `username` is stored lower-case; `passwordHash` is an argon2id PHC string. */
export interface UserRecord {
  id: string;
  username: string;
  name: string;
  nation: string;
  clearance: string;
  caveats: string[];
  roles: string[];
  homeCommand?: string;
  disabled: boolean;
  passwordHash: string | null;
  createdAt: Instant;
  updatedAt: Instant;
}

/** A browser session, keyed by the SHA-256 of its random id: the cookie value itself is never stored. */
export interface SessionRecord {
  idHash: string;
  userId: string;
  /** SHA-256 of the double-submit CSRF token issued with the session. */
  csrfHash: string;
  createdAt: Instant;
  lastSeenAt: Instant;
  /** Absolute end, however active the session is. */
  expiresAt: Instant;
}

export interface TokenRecord {
  id: string;
  userId: string;
  name: string;
  /** SHA-256 hex of the token. */
  hash: string;
  createdAt: Instant;
  expiresAt: Instant | null;
  revokedAt: Instant | null;
  lastUsedAt: Instant | null;
}

export type { ChangeSet, StoredDocument };
