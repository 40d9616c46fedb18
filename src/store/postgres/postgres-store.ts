import pg from 'pg';
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

export interface PostgresStoreOptions {
  /** A postgres:// connection URL. */
  url: string;
  /** Keep every table in this schema (created by migrate()); tests use one fresh schema each. */
  schema?: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** bigint ids (OID 20) come back as numbers: tx ids stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * The scale-out store. Each commit runs in one transaction that first takes an EXCLUSIVE lock on `transactions`:
 * commits are serialized (so two writers cannot both retire one version, record time stays monotonic and tx ids
 * become visible in order, which loadForceSince relies on) while readers never wait.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  /** The raw pool, for tests and benchmarks; writes must go through commit(). */
  readonly pool: pg.Pool;
  private readonly schema: string | undefined;

  constructor(options: PostgresStoreOptions) {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
      throw new Error(`bad schema name '${options.schema}': use lower-case letters, digits and '_'`);
    }
    this.schema = options.schema;
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
  }

  async migrate(): Promise<void> {
    await this.inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`c2-migrate:${this.schema ?? ''}`]);
      if (this.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)',
      );
      const applied = await client.query('SELECT coalesce(max(version), 0) AS v FROM schema_migrations');
      for (const migration of pendingMigrations(MIGRATIONS, applied.rows[0].v as number)) {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [
          migration.version,
          migration.name,
        ]);
      }
    });
  }

  async commit(change: ChangeSet, meta: TxMeta, audit?: AuditSeal): Promise<TxRecord> {
    checkChangeSet(change, meta);
    return this.inTransaction(async (client) => {
      await client.query('LOCK TABLE transactions IN EXCLUSIVE MODE');
      const last = await client.query('SELECT id, at FROM transactions ORDER BY id DESC LIMIT 1');
      const lastId = Number(last.rows[0]?.id ?? 0);
      if (meta.expectLastTxId !== undefined && lastId !== meta.expectLastTxId)
        throw staleWriter(meta.expectLastTxId, lastId);
      const lastAt = last.rows[0]?.at as Instant | undefined;
      if (lastAt !== undefined && meta.at < lastAt) throw timeGoesBack(meta.at, lastAt);
      const detail = meta.detail === undefined ? null : JSON.stringify(meta.detail);
      const inserted = await client.query(
        'INSERT INTO transactions (at, actor, summary, detail) VALUES ($1, $2, $3, $4::jsonb) RETURNING id',
        [meta.at, meta.actor, meta.summary, detail],
      );
      const txId = inserted.rows[0].id as number;
      const stamp = [meta.at, txId];
      const basis = meta.basedOnTxId ?? Number.MAX_SAFE_INTEGER;
      if (change.retireUnitSlices.length > 0) {
        const done = await client.query(SQL.retireUnits, [...stamp, JSON.stringify(change.retireUnitSlices), basis]);
        const retired = new Set(done.rows.map((r) => `${r.unit_id}@${r.valid_from}`));
        const missing = change.retireUnitSlices.find((r) => !retired.has(`${r.id}@${r.validFrom}`));
        if (missing) throw unitNotCurrent(missing.id, missing.validFrom);
      }
      if (change.retireRelationships.length > 0) {
        const done = await client.query(SQL.retireRelationships, [...stamp, change.retireRelationships, basis]);
        const retired = new Set(done.rows.map((r) => r.id as string));
        const missing = change.retireRelationships.find((id) => !retired.has(id));
        if (missing !== undefined) throw relationshipNotCurrent(missing);
      }
      if (change.insertUnitSlices.length > 0) {
        const slices = JSON.stringify(change.insertUnitSlices);
        const overlap = await client.query(SQL.overlap, [slices]);
        if (overlap.rows[0]) throw sliceOverlaps(overlap.rows[0].unit_id, overlap.rows[0].valid_from);
        await client.query(SQL.insertUnits, [...stamp, slices]);
      }
      if (change.insertRelationships.length > 0) {
        const ids = change.insertRelationships.map((r) => r.id);
        const current = await client.query(SQL.currentRelationship, [ids]);
        if (current.rows[0]) throw duplicateRelationship(current.rows[0].id);
        await client.query(SQL.insertRelationships, [...stamp, JSON.stringify(change.insertRelationships)]);
      }
      const documents = change.putDocuments ?? [];
      if (documents.length > 0) {
        const keys = documents.map((d) => ({ collection: d.collection, id: d.id }));
        const later = await client.query(SQL.documentsAfter, [JSON.stringify(keys), basis]);
        if (later.rows[0])
          throw documentChanged(later.rows[0].collection, later.rows[0].id, Number(later.rows[0].tx_id));
        await client.query(SQL.retireDocuments, [...stamp, JSON.stringify(keys)]);
        await client.query(SQL.insertDocuments, [...stamp, JSON.stringify(documents)]);
      }
      const tx = txRecord(txId, meta.at, meta.actor, meta.summary, meta.detail);
      if (audit) await appendSealed(client, (previous) => audit(tx, previous));
      return tx;
    });
  }

  async loadForce(): Promise<StoredForce> {
    const [units, relationships] = await Promise.all([
      loadPages<UnitSlice>((after, limit) => this.page(SQL.allUnits, [after, limit])),
      loadPages<Relationship>((after, limit) => this.page(SQL.allRelationships, [after, limit])),
    ]);
    return { units, relationships };
  }

  async loadForceSince(afterTxId: number): Promise<StoredForce> {
    const [units, relationships] = await Promise.all([
      loadPages<UnitSlice>((after, limit) => this.page(SQL.unitsSince, [after, limit, afterTxId])),
      loadPages<Relationship>((after, limit) => this.page(SQL.relationshipsSince, [after, limit, afterTxId])),
    ]);
    return { units, relationships };
  }

  async transactions(filter: { unitId?: string; afterTxId?: number; limit?: number } = {}): Promise<TxRecord[]> {
    const after = filter.afterTxId ?? 0;
    const limit = filter.limit ?? null;
    const rows =
      filter.unitId === undefined
        ? await this.rows(SQL.txs, [after, limit])
        : await this.rows(SQL.txsOfUnit, [after, limit, filter.unitId]);
    return rows.map(([id, at, actor, summary, detail]) =>
      txRecord(id as number, at as string, actor as string, summary as string, parseDetail(detail as string | null)),
    );
  }

  async lastTxId(): Promise<number> {
    const result = await this.pool.query('SELECT coalesce(max(id), 0) AS id FROM transactions');
    return result.rows[0].id as number;
  }

  async listDocuments<T>(
    collection: string,
    options: { knownAt?: Instant } = {},
  ): Promise<Versioned<StoredDocument<T>>[]> {
    const rows =
      options.knownAt === undefined
        ? await this.rows(SQL.currentDocs, [collection])
        : await this.rows(SQL.docsKnownAt, [collection, options.knownAt]);
    return documentsFromRows<T>(rows);
  }

  async documentHistory<T>(collection: string, id: string): Promise<Versioned<StoredDocument<T>>[]> {
    return documentsFromRows<T>(await this.rows(SQL.docHistory, [collection, id]));
  }

  async saveUser(user: UserRecord): Promise<void> {
    await this.inTransaction(async (client) => {
      const owner = await client.query('SELECT id FROM users WHERE username = $1 FOR UPDATE', [user.username]);
      if (owner.rows[0] && owner.rows[0].id !== user.id) throw duplicateUsername(user.username);
      await client.query(
        `INSERT INTO users (id, username, record) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (id) DO UPDATE SET username = excluded.username, record = excluded.record`,
        [user.id, user.username, JSON.stringify(user)],
      );
    }).catch((error: { code?: string }) => {
      // Two first-time writers of one username: the unique index decides.
      if (error.code === '23505') throw duplicateUsername(user.username);
      throw error;
    });
  }

  async findUser(by: { id: string } | { username: string }): Promise<UserRecord | undefined> {
    const [column, value] = 'id' in by ? ['id', by.id] : ['username', by.username];
    return this.record<UserRecord>(`SELECT record::text FROM users WHERE ${column} = $1`, [value]);
  }

  async listUsers(): Promise<UserRecord[]> {
    const rows = await this.rows('SELECT record::text FROM users ORDER BY username COLLATE "C"');
    return rows.map(([json]) => JSON.parse(json as string) as UserRecord);
  }

  async saveSession(session: SessionRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO sessions (id_hash, user_id, expires_at, record) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (id_hash) DO UPDATE SET expires_at = excluded.expires_at, record = excluded.record`,
      [session.idHash, session.userId, session.expiresAt, JSON.stringify(session)],
    );
  }

  async findSession(idHash: string): Promise<SessionRecord | undefined> {
    return this.record<SessionRecord>('SELECT record::text FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteSessions(filter: { idHash: string } | { userId: string } | { expiredBefore: Instant }): Promise<number> {
    const [where, value] =
      'idHash' in filter
        ? ['id_hash = $1', filter.idHash]
        : 'userId' in filter
          ? ['user_id = $1', filter.userId]
          : ['expires_at < $1', filter.expiredBefore];
    return (await this.pool.query(`DELETE FROM sessions WHERE ${where}`, [value])).rowCount ?? 0;
  }

  async recordFailure(key: string, at: Instant, forgetBefore: Instant): Promise<void> {
    await this.inTransaction(async (client) => {
      await client.query('DELETE FROM sign_in_failures WHERE key = $1 AND at < $2', [key, forgetBefore]);
      await client.query('INSERT INTO sign_in_failures (key, at) VALUES ($1, $2)', [key, at]);
    });
  }

  async failuresAfter(key: string, after: Instant): Promise<Instant[]> {
    const rows = await this.rows('SELECT at FROM sign_in_failures WHERE key = $1 AND at > $2 ORDER BY at', [
      key,
      after,
    ]);
    return rows.map(([at]) => at as Instant);
  }

  async clearFailures(key: string): Promise<void> {
    await this.pool.query('DELETE FROM sign_in_failures WHERE key = $1', [key]);
  }

  async saveToken(token: TokenRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO api_tokens (id, hash, user_id, record) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (id) DO UPDATE SET record = excluded.record`,
      [token.id, token.hash, token.userId, JSON.stringify(token)],
    );
  }

  async findToken(by: { id: string } | { hash: string }): Promise<TokenRecord | undefined> {
    const [column, value] = 'id' in by ? ['id', by.id] : ['hash', by.hash];
    return this.record<TokenRecord>(`SELECT record::text FROM api_tokens WHERE ${column} = $1`, [value]);
  }

  async listTokens(userId: string): Promise<TokenRecord[]> {
    const rows = await this.rows('SELECT record::text FROM api_tokens WHERE user_id = $1 ORDER BY id', [userId]);
    return rows.map(([json]) => JSON.parse(json as string) as TokenRecord);
  }

  async appendAudit(seal: (previous: AuditEntry | null) => AuditEntry): Promise<AuditEntry> {
    return this.inTransaction((client) => appendSealed(client, seal));
  }

  async auditEntries(options: { afterSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = await this.rows('SELECT entry::text FROM audit_log WHERE seq > $1 ORDER BY pos LIMIT $2', [
      options.afterSeq ?? 0,
      options.limit ?? null,
    ]);
    return rows.map(([json]) => JSON.parse(json as string) as AuditEntry);
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private async record<T>(text: string, values: unknown[]): Promise<T | undefined> {
    const [row] = await this.rows(text, values);
    return row ? (JSON.parse(row[0] as string) as T) : undefined;
  }

  private async page(text: string, values: unknown[]): Promise<[number | null, string | null]> {
    return (await this.rows(text, values))[0] as [number | null, string | null];
  }

  private async rows(text: string, values: unknown[] = []): Promise<unknown[][]> {
    return (await this.pool.query({ text, values, rowMode: 'array' })).rows;
  }

  private async inTransaction<R>(work: (client: pg.PoolClient) => Promise<R>): Promise<R> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

const VERSION_TAIL = 'recorded_from, recorded_to, tx_id';
const DOC_COLUMNS = `collection, id, body::text, label::text, retired, ${VERSION_TAIL}`;
const param = (n: number) => `$${n}`;
const ELEMENTS = 'jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t (e, ord)';

/** Set-based statements: a 10k-row change set is a handful of round trips, with the rows passed as one JSON array. */
const SQL = {
  retireUnits: `UPDATE unit_versions u SET recorded_to = $1, retired_tx_id = $2
    FROM jsonb_to_recordset($3::jsonb) AS r (id text, "validFrom" text)
    WHERE u.unit_id = r.id AND u.valid_from = r."validFrom" AND u.recorded_to IS NULL AND u.tx_id <= $4
    RETURNING u.unit_id, u.valid_from`,
  retireRelationships: `UPDATE relationship_versions SET recorded_to = $1, retired_tx_id = $2
    WHERE id = ANY ($3::text[]) AND recorded_to IS NULL AND tx_id <= $4 RETURNING id`,
  documentsAfter: `SELECT d.collection, d.id, d.tx_id FROM documents d
    JOIN jsonb_to_recordset($1::jsonb) AS r (collection text, id text) ON d.collection = r.collection AND d.id = r.id
    WHERE d.recorded_to IS NULL AND d.tx_id > $2 LIMIT 1`,
  retireDocuments: `UPDATE documents d SET recorded_to = $1, retired_tx_id = $2
    FROM jsonb_to_recordset($3::jsonb) AS r (collection text, id text)
    WHERE d.collection = r.collection AND d.id = r.id AND d.recorded_to IS NULL`,
  // The first new slice that overlaps, in valid time, a current slice of its unit or another new slice of it.
  overlap: `WITH n AS (
      SELECT e->>'id' AS unit_id, (e->'valid'->>'from') COLLATE "C" AS vf, (e->'valid'->>'to') COLLATE "C" AS vt, ord
      FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t (e, ord)
    ), c AS (
      SELECT unit_id, valid_from AS vf, valid_to AS vt, 0::bigint AS ord FROM unit_versions
      WHERE recorded_to IS NULL AND unit_id IN (SELECT unit_id FROM n)
      UNION ALL SELECT unit_id, vf, vt, ord FROM n
    )
    SELECT n.unit_id, n.vf AS valid_from FROM n JOIN c ON c.unit_id = n.unit_id AND c.ord <> n.ord
    WHERE c.vf < coalesce(n.vt, '${OPEN_END}') AND n.vf < coalesce(c.vt, '${OPEN_END}')
    ORDER BY n.ord LIMIT 1`,
  insertUnits: `INSERT INTO unit_versions
      (unit_id, valid_from, valid_to, recorded_from, tx_id, name, short_name, nation, service, slice)
    SELECT e->>'id', e->'valid'->>'from', e->'valid'->>'to', $1, $2, e->>'name', e->>'shortName', e->>'nation',
      e->>'service', e
    FROM ${ELEMENTS} ORDER BY ord`,
  currentRelationship:
    'SELECT id FROM relationship_versions WHERE recorded_to IS NULL AND id = ANY ($1::text[]) LIMIT 1',
  insertRelationships: `INSERT INTO relationship_versions
      (id, kind, superior_id, subordinate_id, valid_from, valid_to, recorded_from, tx_id, relationship)
    SELECT e->>'id', e->>'kind', e->>'superiorId', e->>'subordinateId', e->'valid'->>'from', e->'valid'->>'to', $1, $2, e
    FROM ${ELEMENTS} ORDER BY ord`,
  insertDocuments: `INSERT INTO documents (collection, id, body, label, retired, recorded_from, tx_id)
    SELECT e->>'collection', e->>'id', e->'body', e->'label', coalesce((e->>'retired')::boolean, false), $1, $2
    FROM ${ELEMENTS} ORDER BY ord`,
  allUnits: versionPageSql('unit_versions', 'slice::text', '', param),
  allRelationships: versionPageSql('relationship_versions', 'relationship::text', '', param),
  unitsSince: versionPageSql('unit_versions', 'slice::text', sinceFilter('unit_versions', param), param),
  relationshipsSince: versionPageSql(
    'relationship_versions',
    'relationship::text',
    sinceFilter('relationship_versions', param),
    param,
  ),
  txs: 'SELECT id, at, actor, summary, detail::text FROM transactions WHERE id > $1 ORDER BY id LIMIT $2',
  txsOfUnit: `SELECT id, at, actor, summary, detail::text FROM transactions WHERE id > $1 AND id IN (
      SELECT tx_id FROM unit_versions WHERE unit_id = $3
      UNION SELECT retired_tx_id FROM unit_versions WHERE unit_id = $3
      UNION SELECT tx_id FROM relationship_versions WHERE superior_id = $3 OR subordinate_id = $3
      UNION SELECT retired_tx_id FROM relationship_versions WHERE superior_id = $3 OR subordinate_id = $3
    ) ORDER BY id LIMIT $2`,
  currentDocs: `SELECT ${DOC_COLUMNS} FROM documents
    WHERE collection = $1 AND recorded_to IS NULL AND NOT retired ORDER BY id COLLATE "C"`,
  docsKnownAt: `SELECT ${DOC_COLUMNS} FROM documents WHERE collection = $1 AND recorded_from <= $2
      AND (recorded_to IS NULL OR recorded_to > $2) AND NOT retired ORDER BY id COLLATE "C"`,
  docHistory: `SELECT ${DOC_COLUMNS} FROM documents WHERE collection = $1 AND id = $2 ORDER BY seq`,
};

/** Inside a transaction: locks the audit log (so two writers cannot chain to one entry) and appends after the last. */
async function appendSealed(
  client: pg.PoolClient,
  seal: (previous: AuditEntry | null) => AuditEntry,
): Promise<AuditEntry> {
  await client.query('LOCK TABLE audit_log IN EXCLUSIVE MODE');
  const last = await client.query({
    text: 'SELECT entry::text FROM audit_log ORDER BY seq DESC LIMIT 1',
    rowMode: 'array',
  });
  const entry = seal(last.rows[0] ? (JSON.parse(last.rows[0][0]) as AuditEntry) : null);
  await client.query('INSERT INTO audit_log (seq, entry) VALUES ($1, $2::jsonb)', [entry.seq, JSON.stringify(entry)]);
  return entry;
}
