import pg from 'pg';
import type { Relationship } from '../../domain/command/relationship.js';
import type { ChangeSet } from '../../domain/force/change.js';
import type { UnitSlice } from '../../domain/force/unit.js';
import type { StoredDocument } from '../../domain/records.js';
import type { Versioned } from '../../domain/time/bitemporal.js';
import type { Instant } from '../../domain/time/instant.js';
import {
  checkChangeSet,
  documentsFromRows,
  duplicateRelationship,
  OPEN_END,
  parseDetail,
  relationshipNotCurrent,
  sliceOverlaps,
  timeGoesBack,
  txRecord,
  unitNotCurrent,
  versionsFromRows,
} from '../commit-rules.js';
import { pendingMigrations } from '../migration.js';
import type { Store, StoredForce, TxMeta, TxRecord } from '../port.js';
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

  async commit(change: ChangeSet, meta: TxMeta): Promise<TxRecord> {
    checkChangeSet(change, meta);
    return this.inTransaction(async (client) => {
      await client.query('LOCK TABLE transactions IN EXCLUSIVE MODE');
      const last = await client.query('SELECT at FROM transactions ORDER BY id DESC LIMIT 1');
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
        await client.query(SQL.retireDocuments, [...stamp, JSON.stringify(keys)]);
        await client.query(SQL.insertDocuments, [...stamp, JSON.stringify(documents)]);
      }
      return txRecord(txId, meta.at, meta.actor, meta.summary, meta.detail);
    });
  }

  async loadForce(): Promise<StoredForce> {
    const [units, relationships] = await Promise.all([this.rows(SQL.allUnits), this.rows(SQL.allRelationships)]);
    return { units: versionsFromRows<UnitSlice>(units), relationships: versionsFromRows<Relationship>(relationships) };
  }

  async loadForceSince(afterTxId: number): Promise<StoredForce> {
    const [units, relationships] = await Promise.all([
      this.rows(SQL.unitsSince, [afterTxId]),
      this.rows(SQL.relationshipsSince, [afterTxId]),
    ]);
    return { units: versionsFromRows<UnitSlice>(units), relationships: versionsFromRows<Relationship>(relationships) };
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

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
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
const SINCE = 'WHERE tx_id > $1 OR retired_tx_id > $1 ORDER BY seq';
const ELEMENTS = 'jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t (e, ord)';

/** Set-based statements: a 10k-row change set is a handful of round trips, with the rows passed as one JSON array. */
const SQL = {
  retireUnits: `UPDATE unit_versions u SET recorded_to = $1, retired_tx_id = $2
    FROM jsonb_to_recordset($3::jsonb) AS r (id text, "validFrom" text)
    WHERE u.unit_id = r.id AND u.valid_from = r."validFrom" AND u.recorded_to IS NULL AND u.tx_id <= $4
    RETURNING u.unit_id, u.valid_from`,
  retireRelationships: `UPDATE relationship_versions SET recorded_to = $1, retired_tx_id = $2
    WHERE id = ANY ($3::text[]) AND recorded_to IS NULL AND tx_id <= $4 RETURNING id`,
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
  allUnits: `SELECT slice::text, ${VERSION_TAIL} FROM unit_versions ORDER BY seq`,
  allRelationships: `SELECT relationship::text, ${VERSION_TAIL} FROM relationship_versions ORDER BY seq`,
  unitsSince: `SELECT slice::text, ${VERSION_TAIL} FROM unit_versions ${SINCE}`,
  relationshipsSince: `SELECT relationship::text, ${VERSION_TAIL} FROM relationship_versions ${SINCE}`,
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
