import type { Store } from './port.js';
import { PostgresStore } from './postgres/index.js';
import { SqliteStore } from './sqlite/index.js';

export interface OpenStoreOptions {
  /** PostgreSQL only: keep the tables in this schema. */
  schema?: string;
}

/**
 * Opens a store from a location: `postgres://…[?schema=NAME]` or `postgresql://…` → PostgreSQL; `sqlite:path`, `:memory:` or a
 * plain file path → SQLite. Call migrate() before use.
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(location)) {
    // `?schema=NAME` in the URL keeps the tables in their own schema (one per test server, or per tenant).
    const url = new URL(location);
    const schema = options.schema ?? url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    return new PostgresStore({ url: url.toString(), ...(schema ? { schema } : {}) });
  }
  const path = location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;
  if (path === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) throw new Error(`cannot open a store at '${location}'`);
  return new SqliteStore(path);
}
