import { afterAll } from 'vitest';
import { PostgresTrackStore } from '../../src/store/postgres/tracks.js';
import { dropTestSchemas, openTestStore, probePostgres } from './postgres.js';
import { describeWithService, POSTGRES_URL } from './services.js';
import { describeTrackStoreContract } from './tracks.contract.js';

describeWithService('TrackStore contract: postgres', 'PostgreSQL', POSTGRES_URL, await probePostgres(), () => {
  afterAll(dropTestSchemas);
  describeTrackStoreContract('postgres', async () => {
    const store = openTestStore(`c2_tracks_${process.pid}_${Math.random().toString(36).slice(2, 8)}`);
    await store.migrate();
    return { tracks: new PostgresTrackStore(store.pool), close: () => store.close() };
  });
});
