import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import type { PostgresStore } from '../../src/store/postgres/index.js';
import { MIGRATIONS } from '../../src/store/postgres/schema.js';
import { dropTestSchemas, openTestStore, probePostgres } from '../contract/postgres.js';
import { describeWithService, POSTGRES_URL } from '../contract/services.js';
import { change, day, unitSlice } from '../contract/store.contract.js';

describeWithService('PostgresStore', 'PostgreSQL', POSTGRES_URL, await probePostgres(), () => {
  let store: PostgresStore;
  beforeEach(async () => {
    store = openTestStore();
    await store.migrate();
  });
  afterEach(() => store.close());
  afterAll(dropTestSchemas);

  it('records each migration once, in its own schema', async () => {
    await store.migrate();
    const applied = await store.pool.query(
      'SELECT version, current_schema() AS schema FROM schema_migrations ORDER BY version',
    );
    expect(applied.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(applied.rows[0].schema).toMatch(/^c2_test_\d+_\d+$/);
  });

  it('refuses, in the database itself, to delete or rewrite history', async () => {
    await store.commit(change({ insertUnitSlices: [unitSlice('a', day(0))] }), {
      actor: 't',
      at: day(1),
      summary: 'one',
    });
    await store.commit(change({ retireUnitSlices: [{ id: 'a', validFrom: day(0) }] }), {
      actor: 't',
      at: day(2),
      summary: 'two',
    });
    const raw = (sql: string) => store.pool.query(sql);
    await expect(raw('DELETE FROM unit_versions')).rejects.toThrow(/append-only/);
    await expect(raw("UPDATE unit_versions SET name = 'x'")).rejects.toThrow(/append-only/);
    await expect(raw(`UPDATE unit_versions SET recorded_to = '${day(3)}', retired_tx_id = 2`)).rejects.toThrow(
      /append-only/,
    );
    await expect(raw("UPDATE transactions SET summary = 'x'")).rejects.toThrow(/append-only/);
    await expect(raw('DELETE FROM transactions')).rejects.toThrow(/append-only/);
    await expect(raw('TRUNCATE unit_versions')).rejects.toThrow(/append-only/);
    expect((await store.loadForce()).units.map((v) => v.recorded)).toEqual([{ from: day(1), to: day(2) }]);
  });
});
