import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { describeStoreContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'c2-store-contract-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite (file, WAL)', async () => new SqliteStore(join(dir, `store-${++n}.db`)), {
  connectAgain: async (first) => new SqliteStore((first as SqliteStore).db.name),
});

describeStoreContract('sqlite (:memory:)', async () => new SqliteStore(':memory:'));
