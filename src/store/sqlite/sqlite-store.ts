import Database from 'better-sqlite3';
import type { AuditEntry } from '../../domain/audit/chain.js';
import type { Relationship } from '../../domain/command/relationship.js';
import type { ChangeSet } from '../../domain/force/change.js';
import type { UnitSlice } from '../../domain/force/unit.js';
import type { StoredDocument } from '../../domain/records.js';
import type { Versioned } from '../../domain/time/bitemporal.js';
import type { Instant } from '../../domain/time/instant.js';
import {
  checkChangeSet,
  documentChanged,
  documentsFromRows,
  duplicateRelationship,
  loadPages,
  duplicateUsername,
  OPEN_END,
  parseDetail,
  relationshipNotCurrent,
  sliceOverlaps,
  staleWriter,
  timeGoesBack,
  txRecord,
  sinceFilter,
  unitNotCurrent,
  versionPageSql,
} from '../commit-rules.js';
import { pendingMigrations } from '../migration.js';
import type {
  AuditSeal,
  SessionRecord,
  Store,
  StoredForce,
  TokenRecord,
  TxMeta,
  TxRecord,
  UserRecord,
} from '../port.js';
import { MIGRATIONS } from './schema.js';

export interface SqliteStoreOptions {
  /** How long a writer waits for another connection's write lock before failing (ms). */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

type Row = unknown[];

/**
 * The embedded store: one SQLite file (or ':memory:'). better-sqlite3 is synchronous, so each method does its work in
 * one go; writes take the write lock up front (BEGIN IMMEDIATE) so the checks and the writes see the same state even
 * when another process shares the file.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  /** The raw handle, for benchmarks and baseline queries (chainByRecursiveCte); writes must go through commit(). */
  readonly db: Database.Database;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.db = new Database(path, { readonly: options.readonly ?? false });
    if (!options.readonly) this.db.pragma('journal_mode = WAL');
    // FULL: a transaction acknowledged to the caller survives power loss, not just a process crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    // REPLACE conflict resolution deletes rows; with recursive triggers on, the no-delete triggers catch it too.
    this.db.pragma('recursive_triggers = ON');
    this.db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  }

  async migrate(): Promise<void> {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
    );
    const apply = this.db.transaction(() => {
      const applied =
        (this.db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
      const record = this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
      for (const migration of pendingMigrations(MIGRATIONS, applied)) {
        this.db.exec(migration.sql);
        record.run(migration.version, migration.name, new Date().toISOString());
      }
    });
    apply.immediate();
  }

  async commit(change: ChangeSet, meta: TxMeta, audit?: AuditSeal): Promise<TxRecord> {
    checkChangeSet(change, meta);
    const s = this.statements();
    const run = this.db.transaction((): TxRecord => {
      const [lastId, lastAt] = (s.lastTx.get() as [number, Instant] | undefined) ?? [0, undefined];
      if (meta.expectLastTxId !== undefined && lastId !== meta.expectLastTxId)
        throw staleWriter(meta.expectLastTxId, lastId);
      if (lastAt !== undefined && meta.at < lastAt) throw timeGoesBack(meta.at, lastAt);
      const detail = meta.detail === undefined ? null : JSON.stringify(meta.detail);
      const txId = Number(s.insertTx.run(meta.at, meta.actor, meta.summary, detail).lastInsertRowid);
      const basis = meta.basedOnTxId ?? Number.MAX_SAFE_INTEGER;
      for (const { id, validFrom } of change.retireUnitSlices) {
        if (s.retireUnit.run(meta.at, txId, id, validFrom, basis).changes !== 1) throw unitNotCurrent(id, validFrom);
      }
      for (const id of change.retireRelationships) {
        if (s.retireRelationship.run(meta.at, txId, id, basis).changes !== 1) throw relationshipNotCurrent(id);
      }
      for (const u of change.insertUnitSlices) {
        const row = [u.id, u.valid.from, u.valid.to, meta.at, txId, u.name, u.shortName, u.nation, u.service];
        if (!insertUnique(s.insertUnit, [...row, JSON.stringify(u)])) throw sliceOverlaps(u.id, u.valid.from);
      }
      const overlap = s.overlap.get(txId) as [string, string] | undefined;
      if (overlap) throw sliceOverlaps(overlap[0], overlap[1]);
      for (const r of change.insertRelationships) {
        const row = [r.id, r.kind, r.superiorId, r.subordinateId, r.valid.from, r.valid.to, meta.at, txId];
        if (!insertUnique(s.insertRelationship, [...row, JSON.stringify(r)])) throw duplicateRelationship(r.id);
      }
      for (const d of change.putDocuments ?? []) {
        const current = s.currentDocumentTx.get(d.collection, d.id) as number | undefined;
        if (current !== undefined && current > basis) throw documentChanged(d.collection, d.id, current);
        s.retireDocument.run(meta.at, txId, d.collection, d.id);
        const json = [JSON.stringify(d.body), JSON.stringify(d.label)];
        s.insertDocument.run(d.collection, d.id, ...json, d.retired ? 1 : 0, meta.at, txId);
      }
      const tx = txRecord(txId, meta.at, meta.actor, meta.summary, meta.detail);
      if (audit) this.appendSealed((previous) => audit(tx, previous));
      return tx;
    });
    return run.immediate();
  }

  async loadForce(): Promise<StoredForce> {
    const s = this.statements();
    return {
      units: await loadPages<UnitSlice>((after, limit) => s.allUnits.get({ after, limit }) as Page),
      relationships: await loadPages<Relationship>((after, limit) => s.allRelationships.get({ after, limit }) as Page),
    };
  }

  async loadForceSince(afterTxId: number): Promise<StoredForce> {
    const s = this.statements();
    return {
      units: await loadPages<UnitSlice>((after, limit) => s.unitsSince.get({ after, limit, tx: afterTxId }) as Page),
      relationships: await loadPages<Relationship>(
        (after, limit) => s.relationshipsSince.get({ after, limit, tx: afterTxId }) as Page,
      ),
    };
  }

  async transactions(filter: { unitId?: string; afterTxId?: number; limit?: number } = {}): Promise<TxRecord[]> {
    const s = this.statements();
    const after = filter.afterTxId ?? 0;
    const limit = filter.limit ?? -1;
    const rows =
      filter.unitId === undefined ? s.txs.all(after, limit) : s.txsOfUnit.all({ unit: filter.unitId, after, limit });
    return (rows as Row[]).map(([id, at, actor, summary, detail]) =>
      txRecord(id as number, at as string, actor as string, summary as string, parseDetail(detail as string | null)),
    );
  }

  async lastTxId(): Promise<number> {
    return (this.statements().lastTxId.get() as number | null) ?? 0;
  }

  async listDocuments<T>(
    collection: string,
    options: { knownAt?: Instant } = {},
  ): Promise<Versioned<StoredDocument<T>>[]> {
    const s = this.statements();
    const rows =
      options.knownAt === undefined
        ? s.currentDocs.all(collection)
        : s.docsKnownAt.all(collection, options.knownAt, options.knownAt);
    return documentsFromRows<T>(rows);
  }

  async documentHistory<T>(collection: string, id: string): Promise<Versioned<StoredDocument<T>>[]> {
    return documentsFromRows<T>(this.statements().docHistory.all(collection, id));
  }

  async saveUser(user: UserRecord): Promise<void> {
    const s = this.statements();
    const owner = s.userIdByName.get(user.username) as string | undefined;
    if (owner !== undefined && owner !== user.id) throw duplicateUsername(user.username);
    s.upsertUser.run(user.id, user.username, JSON.stringify(user));
  }

  async findUser(by: { id: string } | { username: string }): Promise<UserRecord | undefined> {
    const s = this.statements();
    const json = ('id' in by ? s.userById.get(by.id) : s.userByName.get(by.username)) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as UserRecord);
  }

  async listUsers(): Promise<UserRecord[]> {
    return (this.statements().users.all() as string[]).map((json) => JSON.parse(json) as UserRecord);
  }

  async saveSession(session: SessionRecord): Promise<void> {
    this.statements().upsertSession.run(session.idHash, session.userId, session.expiresAt, JSON.stringify(session));
  }

  async findSession(idHash: string): Promise<SessionRecord | undefined> {
    const json = this.statements().session.get(idHash) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as SessionRecord);
  }

  async deleteSessions(filter: { idHash: string } | { userId: string } | { expiredBefore: Instant }): Promise<number> {
    const s = this.statements();
    if ('idHash' in filter) return s.deleteSession.run(filter.idHash).changes;
    if ('userId' in filter) return s.deleteUserSessions.run(filter.userId).changes;
    return s.deleteExpiredSessions.run(filter.expiredBefore).changes;
  }

  async recordFailure(key: string, at: Instant, forgetBefore: Instant): Promise<void> {
    const s = this.statements();
    this.db.transaction(() => {
      s.forgetFailures.run(key, forgetBefore);
      s.insertFailure.run(key, at);
    })();
  }

  async failuresAfter(key: string, after: Instant): Promise<Instant[]> {
    return this.statements().failuresAfter.all(key, after) as Instant[];
  }

  async clearFailures(key: string): Promise<void> {
    this.statements().clearFailures.run(key);
  }

  async saveToken(token: TokenRecord): Promise<void> {
    this.statements().upsertToken.run(token.id, token.hash, token.userId, JSON.stringify(token));
  }

  async findToken(by: { id: string } | { hash: string }): Promise<TokenRecord | undefined> {
    const s = this.statements();
    const json = ('id' in by ? s.tokenById.get(by.id) : s.tokenByHash.get(by.hash)) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as TokenRecord);
  }

  async listTokens(userId: string): Promise<TokenRecord[]> {
    return (this.statements().tokensOf.all(userId) as string[]).map((json) => JSON.parse(json) as TokenRecord);
  }

  async appendAudit(seal: (previous: AuditEntry | null) => AuditEntry): Promise<AuditEntry> {
    return this.db.transaction(() => this.appendSealed(seal)).immediate();
  }

  /** Inside a write transaction (which holds SQLite's one write lock): chains the entry to the last one. */
  private appendSealed(seal: (previous: AuditEntry | null) => AuditEntry): AuditEntry {
    const s = this.statements();
    const last = s.lastAudit.get() as string | undefined;
    const entry = seal(last === undefined ? null : (JSON.parse(last) as AuditEntry));
    s.insertAudit.run(entry.seq, JSON.stringify(entry));
    return entry;
  }

  async auditEntries(options: { afterSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = this.statements().audit.all(options.afterSeq ?? 0, options.limit ?? -1) as string[];
    return rows.map((json) => JSON.parse(json) as AuditEntry);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private prepared?: ReturnType<typeof prepareStatements>;

  /** Prepared lazily: the tables exist only after migrate(). */
  private statements(): ReturnType<typeof prepareStatements> {
    this.prepared ??= prepareStatements(this.db);
    return this.prepared;
  }
}

const VERSION_TAIL = 'recorded_from, recorded_to, tx_id';
const param = (n: number) => ['', '$after', '$limit', '$tx'][n] ?? '';
type Page = [number | null, string | null];

/** Raw (array) rows throughout: no per-row object for the driver to build. */
function prepareStatements(db: Database.Database) {
  const raw = (sql: string) => db.prepare(sql).raw(true);
  const docColumns = `collection, id, body, label, retired, ${VERSION_TAIL}`;
  return {
    lastTx: db.prepare('SELECT id, at FROM transactions ORDER BY id DESC LIMIT 1').raw(),
    lastTxId: db.prepare('SELECT max(id) FROM transactions').pluck(),
    insertTx: db.prepare('INSERT INTO transactions (at, actor, summary, detail) VALUES (?, ?, ?, ?)'),
    retireUnit: db.prepare(
      'UPDATE unit_versions SET recorded_to = ?, retired_tx_id = ? WHERE unit_id = ? AND valid_from = ? AND recorded_to IS NULL AND tx_id <= ?',
    ),
    retireRelationship: db.prepare(
      'UPDATE relationship_versions SET recorded_to = ?, retired_tx_id = ? WHERE id = ? AND recorded_to IS NULL AND tx_id <= ?',
    ),
    currentDocumentTx: db
      .prepare('SELECT tx_id FROM documents WHERE collection = ? AND id = ? AND recorded_to IS NULL')
      .pluck(),
    retireDocument: db.prepare(
      'UPDATE documents SET recorded_to = ?, retired_tx_id = ? WHERE collection = ? AND id = ? AND recorded_to IS NULL',
    ),
    insertUnit: db.prepare(
      `INSERT INTO unit_versions (unit_id, valid_from, valid_to, recorded_from, tx_id, name, short_name, nation, service, slice)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertRelationship: db.prepare(
      `INSERT INTO relationship_versions (id, kind, superior_id, subordinate_id, valid_from, valid_to, recorded_from, tx_id, relationship)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertDocument: db.prepare(
      'INSERT INTO documents (collection, id, body, label, retired, recorded_from, tx_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    // A slice inserted by this transaction that overlaps another current slice of its unit (the unique index already
    // caught equal starts).
    overlap: raw(
      `SELECT n.unit_id, n.valid_from FROM unit_versions n JOIN unit_versions c
         ON c.unit_id = n.unit_id AND c.recorded_to IS NULL AND c.seq <> n.seq
       WHERE n.tx_id = ? AND c.valid_from < coalesce(n.valid_to, '${OPEN_END}')
         AND n.valid_from < coalesce(c.valid_to, '${OPEN_END}')
       LIMIT 1`,
    ),
    allUnits: raw(versionPageSql('unit_versions', 'slice', '', param)),
    allRelationships: raw(versionPageSql('relationship_versions', 'relationship', '', param)),
    unitsSince: raw(versionPageSql('unit_versions', 'slice', sinceFilter('unit_versions', param), param)),
    relationshipsSince: raw(
      versionPageSql('relationship_versions', 'relationship', sinceFilter('relationship_versions', param), param),
    ),
    txs: raw('SELECT id, at, actor, summary, detail FROM transactions WHERE id > ? ORDER BY id LIMIT ?'),
    txsOfUnit: raw(
      `SELECT id, at, actor, summary, detail FROM transactions WHERE id > $after AND id IN (
         SELECT tx_id FROM unit_versions WHERE unit_id = $unit
         UNION SELECT retired_tx_id FROM unit_versions WHERE unit_id = $unit
         UNION SELECT tx_id FROM relationship_versions WHERE superior_id = $unit OR subordinate_id = $unit
         UNION SELECT retired_tx_id FROM relationship_versions WHERE superior_id = $unit OR subordinate_id = $unit
       ) ORDER BY id LIMIT $limit`,
    ),
    currentDocs: raw(
      `SELECT ${docColumns} FROM documents WHERE collection = ? AND recorded_to IS NULL AND retired = 0 ORDER BY id`,
    ),
    docsKnownAt: raw(
      `SELECT ${docColumns} FROM documents WHERE collection = ? AND recorded_from <= ?
         AND (recorded_to IS NULL OR recorded_to > ?) AND retired = 0 ORDER BY id`,
    ),
    docHistory: raw(`SELECT ${docColumns} FROM documents WHERE collection = ? AND id = ? ORDER BY seq`),
    userIdByName: db.prepare('SELECT id FROM users WHERE username = ?').pluck(),
    upsertUser: db.prepare(
      'INSERT INTO users (id, username, record) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET username = excluded.username, record = excluded.record',
    ),
    userById: db.prepare('SELECT record FROM users WHERE id = ?').pluck(),
    userByName: db.prepare('SELECT record FROM users WHERE username = ?').pluck(),
    users: db.prepare('SELECT record FROM users ORDER BY username').pluck(),
    forgetFailures: db.prepare('DELETE FROM sign_in_failures WHERE key = ? AND at < ?'),
    insertFailure: db.prepare('INSERT INTO sign_in_failures (key, at) VALUES (?, ?)'),
    failuresAfter: db.prepare('SELECT at FROM sign_in_failures WHERE key = ? AND at > ? ORDER BY at').pluck(),
    clearFailures: db.prepare('DELETE FROM sign_in_failures WHERE key = ?'),
    upsertSession: db.prepare(
      'INSERT INTO sessions (id_hash, user_id, expires_at, record) VALUES (?, ?, ?, ?) ON CONFLICT (id_hash) DO UPDATE SET expires_at = excluded.expires_at, record = excluded.record',
    ),
    session: db.prepare('SELECT record FROM sessions WHERE id_hash = ?').pluck(),
    deleteSession: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    deleteUserSessions: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
    deleteExpiredSessions: db.prepare('DELETE FROM sessions WHERE expires_at < ?'),
    upsertToken: db.prepare(
      'INSERT INTO api_tokens (id, hash, user_id, record) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record',
    ),
    tokenById: db.prepare('SELECT record FROM api_tokens WHERE id = ?').pluck(),
    tokenByHash: db.prepare('SELECT record FROM api_tokens WHERE hash = ?').pluck(),
    tokensOf: db.prepare('SELECT record FROM api_tokens WHERE user_id = ? ORDER BY id').pluck(),
    lastAudit: db.prepare('SELECT entry FROM audit_log ORDER BY seq DESC LIMIT 1').pluck(),
    insertAudit: db.prepare('INSERT INTO audit_log (seq, entry) VALUES (?, ?)'),
    audit: db.prepare('SELECT entry FROM audit_log WHERE seq > ? ORDER BY pos LIMIT ?').pluck(),
  };
}

/** Runs an insert; false when it hit a unique index (a current version with the same key). */
function insertUnique(statement: Database.Statement, values: unknown[]): boolean {
  try {
    statement.run(...values);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
    throw error;
  }
}
