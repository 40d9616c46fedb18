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
   * set, a target inserted by a later transaction is a C2_CONFLICT too, so a lost update cannot slip through.
   */
  basedOnTxId?: number;
}

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
   * or an inserted version collides with a current one.
   */
  commit(change: ChangeSet, meta: TxMeta): Promise<TxRecord>;
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
  close(): Promise<void>;
}

export type { ChangeSet, StoredDocument };
