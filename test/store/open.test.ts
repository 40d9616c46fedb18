import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';

const dir = mkdtempSync(join(tmpdir(), 'c2-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openStore', () => {
  it('opens SQLite for a file path, a sqlite: location and :memory:', async () => {
    for (const [location, file] of [
      [join(dir, 'plain.db'), join(dir, 'plain.db')],
      [`sqlite:${join(dir, 'prefixed.db')}`, join(dir, 'prefixed.db')],
      [':memory:', null],
    ] as const) {
      const store = await openStore(location);
      await store.migrate();
      expect(store.kind).toBe('sqlite');
      expect(await store.lastTxId()).toBe(0);
      await store.close();
      if (file) expect(existsSync(file)).toBe(true);
    }
  });

  it('opens PostgreSQL for a postgres:// URL without connecting yet', async () => {
    const store = await openStore('postgres://nobody@127.0.0.1:1/none');
    expect(store.kind).toBe('postgres');
    await store.close();
  });

  it('rejects a location it cannot serve', async () => {
    await expect(openStore('http://example.org/db')).rejects.toThrow(/cannot open a store/);
    await expect(openStore('sqlite:')).rejects.toThrow(/cannot open a store/);
  });
});
