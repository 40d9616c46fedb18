import type pg from 'pg';
import type { Instant } from '../../domain/time/instant.js';
import { type Migration, pendingMigrations } from '../migration.js';
import { DEFAULT_TRACK_LIMIT, type TrackPoint, type TrackQuery, type TrackStore } from '../tracks.js';

/**
 * Track history on PostgreSQL without PostGIS: a GiST index on the built-in point(lon, lat) answers bounding boxes
 * (`<@ box`), a btree answers time windows. Its own migration list, as on SQLite.
 */
export const TRACK_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'track points with GiST position index',
    sql: `
CREATE TABLE track_points (
  id bigserial PRIMARY KEY,
  uid text NOT NULL,
  type text NOT NULL,
  affiliation text NOT NULL,
  source text NOT NULL,
  time_ms bigint NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  body jsonb NOT NULL
);
CREATE INDEX track_points_time ON track_points (time_ms);
CREATE INDEX track_points_uid ON track_points (uid, time_ms);
CREATE INDEX track_points_position ON track_points USING gist (point(lon, lat));`,
  },
];

function where(filter: TrackQuery): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.bbox) {
    const [west, south, east, north] = filter.bbox;
    if (west <= east) {
      clauses.push(
        `point(lon, lat) <@ box(point(${param(west)}, ${param(south)}), point(${param(east)}, ${param(north)}))`,
      );
    } else {
      clauses.push(
        `lat BETWEEN ${param(south)} AND ${param(north)} AND (lon >= ${param(west)} OR lon <= ${param(east)})`,
      );
    }
  }
  if (filter.from !== undefined) clauses.push(`time_ms >= ${param(Date.parse(filter.from))}`);
  if (filter.to !== undefined) clauses.push(`time_ms <= ${param(Date.parse(filter.to))}`);
  if (filter.type !== undefined) {
    const type = param(filter.type);
    clauses.push(`(type = ${type} OR starts_with(type, ${type} || '-'))`);
  }
  for (const key of ['affiliation', 'source', 'uid'] as const) {
    if (filter[key] !== undefined) clauses.push(`${key} = ${param(filter[key])}`);
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export class PostgresTrackStore implements TrackStore {
  constructor(private readonly pool: pg.Pool) {}

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('c2-track-migrate:' || current_schema()))");
      await client.query(
        'CREATE TABLE IF NOT EXISTS track_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)',
      );
      const applied = await client.query('SELECT coalesce(max(version), 0) AS v FROM track_schema_migrations');
      for (const migration of pendingMigrations(TRACK_MIGRATIONS, applied.rows[0].v as number)) {
        await client.query(migration.sql);
        await client.query('INSERT INTO track_schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [
          migration.version,
          migration.name,
        ]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async append(points: readonly TrackPoint[]): Promise<void> {
    if (points.length === 0) return;
    // One statement per batch: unnest of column arrays keeps the parameter count at eight whatever the batch size.
    await this.pool.query(
      `INSERT INTO track_points (uid, type, affiliation, source, time_ms, lat, lon, body)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::float8[], $7::float8[], $8::jsonb[])`,
      [
        points.map((p) => p.uid),
        points.map((p) => p.type),
        points.map((p) => p.affiliation),
        points.map((p) => p.source),
        points.map((p) => Date.parse(p.time)),
        points.map((p) => p.lat),
        points.map((p) => p.lon),
        points.map((p) => JSON.stringify(p)),
      ],
    );
  }

  async query(filter: TrackQuery): Promise<TrackPoint[]> {
    const { sql, params } = where(filter);
    return this.accepted(
      filter,
      params,
      (after, limit) =>
        `SELECT body, time_ms AS k1, id AS k2 FROM track_points ${sql}
           ${after ? `${sql ? 'AND' : 'WHERE'} (time_ms, id) > (${after})` : ''}
         ORDER BY time_ms, id LIMIT ${limit}`,
    );
  }

  async latest(filter: TrackQuery): Promise<TrackPoint[]> {
    const { sql, params } = where(filter);
    return this.accepted(
      filter,
      params,
      (after, limit) =>
        `SELECT body, time_ms AS k1, uid AS k2 FROM (SELECT DISTINCT ON (uid) body, time_ms, uid FROM track_points ${sql}
           ORDER BY uid, time_ms DESC, id DESC) t ${after ? `WHERE (time_ms, uid) > (${after})` : ''}
         ORDER BY time_ms, uid LIMIT ${limit}`,
    );
  }

  /**
   * Pages through the rows in order (keyset on the sort key, so rows written meanwhile neither repeat nor shift a
   * page) until `limit` of them are accepted or none are left.
   */
  private async accepted(
    filter: TrackQuery,
    params: unknown[],
    page: (after: string | undefined, limit: string) => string,
  ): Promise<TrackPoint[]> {
    const limit = filter.limit ?? DEFAULT_TRACK_LIMIT;
    const out: TrackPoint[] = [];
    let after: [unknown, unknown] | undefined;
    while (out.length < limit) {
      const size = filter.accept ? Math.max(limit - out.length, 500) : limit;
      const n = params.length;
      const result = await this.pool.query(
        page(after ? `$${n + 2}, $${n + 3}` : undefined, `$${n + 1}`),
        after ? [...params, size, ...after] : [...params, size],
      );
      for (const row of result.rows) {
        const point = row.body as TrackPoint;
        if (filter.accept && !filter.accept(point)) continue;
        out.push(point);
        if (out.length >= limit) break;
      }
      if (result.rows.length < size) break;
      const last = result.rows[result.rows.length - 1];
      after = [last.k1, last.k2];
    }
    return out;
  }

  async prune(before: Instant): Promise<number> {
    const result = await this.pool.query('DELETE FROM track_points WHERE time_ms < $1', [Date.parse(before)]);
    return result.rowCount ?? 0;
  }

  async count(): Promise<number> {
    const result = await this.pool.query('SELECT count(*)::int AS n FROM track_points');
    return result.rows[0].n as number;
  }
}
