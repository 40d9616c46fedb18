import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres/index.js';
import { POSTGRES_URL, type Probe, probe } from './services.js';

/** Test stores for PostgreSQL: each in a fresh schema of its own, all dropped by dropTestSchemas(). */
export function probePostgres(): Promise<Probe> {
  return probe(async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
    await client.connect();
    await client.end();
  });
}

const schemas: string[] = [];
const schemaOfStore = new WeakMap<PostgresStore, string>();

export function openTestStore(schema = `c2_test_${process.pid}_${schemas.length + 1}`): PostgresStore {
  if (!schemas.includes(schema)) schemas.push(schema);
  const store = new PostgresStore({ url: POSTGRES_URL, schema });
  schemaOfStore.set(store, schema);
  return store;
}

export function schemaOf(store: PostgresStore): string {
  const schema = schemaOfStore.get(store);
  if (!schema) throw new Error('not a test store');
  return schema;
}

export async function dropTestSchemas(): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
