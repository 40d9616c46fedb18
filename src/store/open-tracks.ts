import type { Store } from './port.js';
import { PostgresStore } from './postgres/index.js';
import { PostgresTrackStore } from './postgres/tracks.js';
import { SqliteStore } from './sqlite/index.js';
import { SqliteTrackStore } from './sqlite/tracks.js';
import type { TrackStore } from './tracks.js';

/** The track store beside an opened store: same SQLite handle or PostgreSQL pool, so one location holds both. */
export function openTrackStore(store: Store): TrackStore {
  if (store instanceof SqliteStore) return new SqliteTrackStore(store.db);
  if (store instanceof PostgresStore) return new PostgresTrackStore(store.pool);
  throw new Error(`no track store for a ${store.kind} store`);
}
