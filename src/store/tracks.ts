import type { CotEvent } from '../domain/cop/track.js';
import type { SecurityLabel } from '../domain/security/label.js';
import type { Instant } from '../domain/time/instant.js';

/**
 * Track history: one row per position report, kept for a retention period and then pruned. Unlike the force and the
 * documents this is not append-only history of record: it is sensor data with a shelf life, so old rows are deleted.
 * Each adapter indexes position (SQLite: an R*Tree; PostgreSQL: a GiST index on point(lon, lat)) and time.
 */
export interface TrackPoint {
  uid: string;
  type: string;
  how?: string;
  time: Instant;
  stale: Instant;
  lat: number;
  lon: number;
  hae: number;
  callsign?: string;
  course?: number;
  speed?: number;
  /** CoT affiliation letter (f, h, n, u, a, s, j, k, o, p) or '' for non-atom types. */
  affiliation: string;
  source: string;
  label: SecurityLabel;
  /** The whole event (detail tree and wire layout included), so a replay sends what was received. */
  event: CotEvent;
}

export interface TrackQuery {
  /** [west, south, east, north], degrees. */
  bbox?: [number, number, number, number];
  from?: Instant;
  to?: Instant;
  /** CoT type prefix, e.g. 'a-h-S' matches every hostile sea-surface type. */
  type?: string;
  affiliation?: string;
  source?: string;
  uid?: string;
  /** Rows are returned in time order; at most this many (default 10,000), counting only accepted rows. */
  limit?: number;
  /**
   * Only rows this accepts are returned, and only they count toward the limit (a reader's access check: filtering
   * after the limit would leave a reader with fewer rows, or none, while readable ones lie further on).
   */
  accept?: (point: TrackPoint) => boolean;
}

export interface TrackStore {
  migrate(): Promise<void>;
  append(points: readonly TrackPoint[]): Promise<void>;
  query(filter: TrackQuery): Promise<TrackPoint[]>;
  /** The last point of each uid matching the filter (time window: its last point inside the window). */
  latest(filter: TrackQuery): Promise<TrackPoint[]>;
  /** Deletes points whose time is before `before`; returns how many. */
  prune(before: Instant): Promise<number>;
  count(): Promise<number>;
}

export const DEFAULT_TRACK_LIMIT = 10_000;

/** The affiliation letter of an atom type (`a-h-S-...` → 'h'), '' otherwise. */
export function affiliationOf(type: string): string {
  return type.startsWith('a-') ? (type.split('-')[1] ?? '') : '';
}
