import type { Store } from './port.js';
import { PostgresStore } from './postgres/index.js';
import { SqliteStore } from './sqlite/index.js';

export interface OpenStoreOptions {
  /** PostgreSQL only: keep the tables in this schema. */
  schema?: string;
}

/**
 * Opens a store from a location: `postgres://…` or `postgresql://…` → PostgreSQL; `sqlite:path`, `:memory:` or a
 * plain file path → SQLite. Call migrate() before use.
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(location)) {
    return new PostgresStore({ url: location, ...(options.schema ? { schema: options.schema } : {}) });
  }
  const path = location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;
  if (path === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) throw new Error(`cannot open a store at '${location}'`);
  return new SqliteStore(path);
}
