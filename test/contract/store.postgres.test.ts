import { afterAll } from 'vitest';
import type { PostgresStore } from '../../src/store/postgres/index.js';
import { dropTestSchemas, openTestStore, probePostgres, schemaOf } from './postgres.js';
import { describeWithService, POSTGRES_URL } from './services.js';
import { describeStoreContract } from './store.contract.js';

describeWithService('Store contract: postgres', 'PostgreSQL', POSTGRES_URL, await probePostgres(), () => {
  afterAll(dropTestSchemas);
  describeStoreContract('postgres', async () => openTestStore(), {
    connectAgain: async (first) => openTestStore(schemaOf(first as PostgresStore)),
  });
});
