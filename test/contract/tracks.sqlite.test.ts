import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { SqliteTrackStore } from '../../src/store/sqlite/tracks.js';
import { describeTrackStoreContract } from './tracks.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'c2-tracks-contract-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeTrackStoreContract('sqlite (file)', async () => {
  const store = new SqliteStore(join(dir, `tracks-${++n}.db`));
  return { tracks: new SqliteTrackStore(store.db), close: () => store.close() };
});
