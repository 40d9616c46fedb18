import type Database from 'better-sqlite3';
import type { Instant } from '../../domain/time/instant.js';
import { type Migration, pendingMigrations } from '../migration.js';
import { DEFAULT_TRACK_LIMIT, type TrackPoint, type TrackQuery, type TrackStore } from '../tracks.js';

/**
 * Track history on SQLite. Position is indexed by an R*Tree (kept in step by triggers, so pruning is one DELETE); the
 * R*Tree holds 32-bit floats rounded outwards, so it finds candidates and the exact lat/lon test decides. The track
 * tables have their own migration list: the COP's schema evolves apart from the force store's.
 */
export const TRACK_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'track points with R*Tree position index',
    sql: `
CREATE TABLE track_points (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL,
  type TEXT NOT NULL,
  affiliation TEXT NOT NULL,
  source TEXT NOT NULL,
  time_ms INTEGER NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  body TEXT NOT NULL
) STRICT;
CREATE INDEX track_points_time ON track_points (time_ms);
CREATE INDEX track_points_uid ON track_points (uid, time_ms);
CREATE VIRTUAL TABLE track_points_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);
CREATE TRIGGER track_points_index AFTER INSERT ON track_points
BEGIN INSERT INTO track_points_rtree VALUES (NEW.id, NEW.lon, NEW.lon, NEW.lat, NEW.lat); END;
CREATE TRIGGER track_points_unindex AFTER DELETE ON track_points
BEGIN DELETE FROM track_points_rtree WHERE id = OLD.id; END;`,
  },
];

/** WHERE clause and parameters for a query; shared by query() and latest(). */
function where(filter: TrackQuery): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.bbox) {
    const [west, south, east, north] = filter.bbox;
    clauses.push('lat BETWEEN ? AND ?');
    params.push(south, north);
    if (west <= east) {
      clauses.push(
        'id IN (SELECT id FROM track_points_rtree WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?)',
        'lon BETWEEN ? AND ?',
      );
      params.push(west, east, south, north, west, east);
    } else {
      // Across the antimeridian: two lon ranges; the time and uid indexes carry the query.
      clauses.push('(lon >= ? OR lon <= ?)');
      params.push(west, east);
    }
  }
  if (filter.from !== undefined) {
    clauses.push('time_ms >= ?');
    params.push(Date.parse(filter.from));
  }
  if (filter.to !== undefined) {
    clauses.push('time_ms <= ?');
    params.push(Date.parse(filter.to));
  }
  if (filter.type !== undefined) {
    clauses.push("(type = ? OR substr(type, 1, ?) = ? || '-')");
    params.push(filter.type, filter.type.length + 1, filter.type);
  }
  for (const key of ['affiliation', 'source', 'uid'] as const) {
    if (filter[key] !== undefined) {
      clauses.push(`${key} = ?`);
      params.push(filter[key]);
    }
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export class SqliteTrackStore implements TrackStore {
  constructor(private readonly db: Database.Database) {}

  async migrate(): Promise<void> {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS track_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
    );
    const apply = this.db.transaction(() => {
      const applied =
        (this.db.prepare('SELECT max(version) FROM track_schema_migrations').pluck().get() as number | null) ?? 0;
      const record = this.db.prepare(
        'INSERT INTO track_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
      );
      for (const migration of pendingMigrations(TRACK_MIGRATIONS, applied)) {
        this.db.exec(migration.sql);
        record.run(migration.version, migration.name, new Date().toISOString());
      }
    });
    apply.immediate();
  }

  async append(points: readonly TrackPoint[]): Promise<void> {
    if (points.length === 0) return;
    const insert = this.statement(
      'INSERT INTO track_points (uid, type, affiliation, source, time_ms, lat, lon, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const p of points) {
        insert.run(p.uid, p.type, p.affiliation, p.source, Date.parse(p.time), p.lat, p.lon, JSON.stringify(p));
      }
    })();
  }

  async query(filter: TrackQuery): Promise<TrackPoint[]> {
    const { sql, params } = where(filter);
    return this.accepted(`SELECT body FROM track_points ${sql} ORDER BY time_ms, id`, params, filter);
  }

  async latest(filter: TrackQuery): Promise<TrackPoint[]> {
    const { sql, params } = where(filter);
    return this.accepted(
      `SELECT body FROM (SELECT body, time_ms, uid, row_number() OVER (PARTITION BY uid ORDER BY time_ms DESC, id DESC) AS n
         FROM track_points ${sql}) WHERE n = 1 ORDER BY time_ms, uid`,
      params,
      filter,
    );
  }

  /** Rows in order, read one by one until `limit` of them are accepted (one statement: one consistent read). */
  private accepted(sql: string, params: unknown[], filter: TrackQuery): TrackPoint[] {
    const limit = filter.limit ?? DEFAULT_TRACK_LIMIT;
    const out: TrackPoint[] = [];
    if (limit <= 0) return out;
    for (const row of this.db.prepare(sql).pluck().iterate(...params) as Iterable<string>) {
      const point = JSON.parse(row) as TrackPoint;
      if (filter.accept && !filter.accept(point)) continue;
      out.push(point);
      if (out.length >= limit) break;
    }
    return out;
  }

  async prune(before: Instant): Promise<number> {
    return this.statement('DELETE FROM track_points WHERE time_ms < ?').run(Date.parse(before)).changes;
  }

  async count(): Promise<number> {
    return this.db.prepare('SELECT count(*) FROM track_points').pluck().get() as number;
  }

  private readonly statements = new Map<string, Database.Statement>();

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
