import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainByRecursiveCte, SqliteStore } from '../../src/store/sqlite/index.js';
import { MIGRATIONS } from '../../src/store/sqlite/schema.js';
import { change, day, relationship, unitSlice } from '../contract/store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'c2-sqlite-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteStore', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = new SqliteStore(join(dir, `s${++n}.db`));
    await store.migrate();
  });
  afterEach(() => store.close());

  it('runs in WAL mode with full sync and foreign keys, and records each migration once', async () => {
    await store.migrate();
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual(
      MIGRATIONS.map((m) => m.version),
    );
  });

  it('refuses, in the database itself, to delete or rewrite history', async () => {
    await store.commit(change({ insertUnitSlices: [unitSlice('a', day(0))], putDocuments: [plan()] }), {
      actor: 't',
      at: day(1),
      summary: 'one',
    });
    await store.commit(change({ retireUnitSlices: [{ id: 'a', validFrom: day(0) }] }), {
      actor: 't',
      at: day(2),
      summary: 'two',
    });
    const raw = (sql: string) => () => store.db.exec(sql);
    expect(raw('DELETE FROM unit_versions')).toThrow(/append-only/);
    expect(raw("UPDATE unit_versions SET name = 'x'")).toThrow(/append-only/);
    expect(raw(`UPDATE unit_versions SET recorded_to = '${day(3)}', retired_tx_id = 2`)).toThrow(/retired once/);
    expect(raw("UPDATE transactions SET summary = 'x'")).toThrow(/append-only/);
    expect(raw('DELETE FROM transactions')).toThrow(/append-only/);
    expect(raw("UPDATE documents SET body = '{}'")).toThrow(/append-only/);
    const seq = store.db.prepare('SELECT seq FROM documents').pluck().get();
    // REPLACE deletes the old row first; with recursive triggers on, the delete trigger still fires.
    expect(
      raw(`INSERT OR REPLACE INTO documents (seq, collection, id, body, label, retired, recorded_from, tx_id)
           VALUES (${seq}, 'plans', 'p', '{}', '{}', 0, '${day(1)}', 1)`),
    ).toThrow(/append-only/);
    expect((await store.loadForce()).units.map((v) => v.recorded)).toEqual([{ from: day(1), to: day(2) }]);
  });
});

describe('chainByRecursiveCte', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    await store.migrate();
    // Known on day 1: A over B over C over D (OPCON), X holds TACON of D.
    await store.commit(
      change({
        insertRelationships: [
          relationship('r1', 'A', 'B', day(0)),
          relationship('r2', 'B', 'C', day(0)),
          relationship('r4', 'C', 'D', day(0)),
          relationship('r5', 'X', 'D', day(0), null, { kind: 'TACON' }),
        ],
      }),
      { actor: 't', at: day(1), summary: 'initial' },
    );
    // Learned on day 5: C leaves B on day 10 for E.
    await store.commit(
      change({
        retireRelationships: ['r2'],
        insertRelationships: [relationship('r2', 'B', 'C', day(0), day(10)), relationship('r3', 'E', 'C', day(10))],
      }),
      { actor: 't', at: day(5), summary: 'C moves to E' },
    );
    // Learned on day 7: bad data closes a cycle (D over A).
    await store.commit(change({ insertRelationships: [relationship('r6', 'D', 'A', day(0))] }), {
      actor: 't',
      at: day(7),
      summary: 'cycle',
    });
  });
  afterEach(() => store.close());

  const chain = (at: string, knownAt: string, kind: 'OPCON' | 'TACON' = 'OPCON') =>
    chainByRecursiveCte(store.db, 'D', kind, at, knownAt).map((l) => `${l.depth}:${l.unitId}:${l.relationshipId}`);

  it('walks superiors of one kind valid at an instant, as known at a record time', () => {
    expect(chain(day(20), day(2))).toEqual(['1:C:r4', '2:B:r2', '3:A:r1']);
    expect(chain(day(20), day(6))).toEqual(['1:C:r4', '2:E:r3']);
    expect(chain(day(9), day(6))).toEqual(['1:C:r4', '2:B:r2', '3:A:r1']);
    expect(chain(day(20), day(6), 'TACON')).toEqual(['1:X:r5']);
    expect(chain(day(20), day(0))).toEqual([]);
  });

  it('stops at a cycle instead of looping', () => {
    expect(chain(day(9), day(8))).toEqual(['1:C:r4', '2:B:r2', '3:A:r1']);
    expect(chainByRecursiveCte(store.db, 'A', 'OPCON', day(9), day(8)).map((l) => l.unitId)).toEqual(['D', 'C', 'B']);
  });
});

function plan() {
  return {
    collection: 'plans',
    id: 'p',
    body: { v: 1 },
    label: { classification: 'U', releasableTo: null, caveats: [] },
  };
}
