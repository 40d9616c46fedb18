import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDemoScenario } from '../../src/compose.js';
import { chainOfCommand } from '../../src/domain/command/queries.js';
import { RELATIONSHIP_KINDS } from '../../src/domain/command/relationship.js';
import { emptyChangeSet } from '../../src/domain/force/change.js';
import { generateForce } from '../../src/domain/force/generate.js';
import { ForceStructure } from '../../src/domain/force/structure.js';
import type { UnitSlice } from '../../src/domain/force/unit.js';
import type { Relationship } from '../../src/domain/command/relationship.js';
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
        insertUnitSlices: ['A', 'B', 'C', 'D', 'E', 'X'].map((id) => unitSlice(id, day(0))),
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

  it('needs the start unit to exist, and skips an edge to a superior that does not exist then', async () => {
    await store.commit(
      change({
        retireUnitSlices: [{ id: 'B', validFrom: day(0) }],
        insertUnitSlices: [unitSlice('B', day(0), day(8))],
      }),
      { actor: 't', at: day(8), summary: 'B disbanded on day 8' },
    );
    expect(chain(day(7), day(8))).toEqual(['1:C:r4', '2:B:r2', '3:A:r1']);
    expect(chain(day(9), day(8))).toEqual(['1:C:r4']);
    expect(chain(day(9), day(7))).toEqual(['1:C:r4', '2:B:r2', '3:A:r1']);
    expect(chainByRecursiveCte(store.db, 'B', 'OPCON', day(9), day(8))).toEqual([]);
  });

  it('takes COCOM where a unit has no OPCON superior, as an OPCON chain does', async () => {
    await store.commit(
      change({
        insertUnitSlices: [unitSlice('CCMD', day(0))],
        insertRelationships: [
          relationship('r7', 'CCMD', 'E', day(0), null, { kind: 'COCOM' }),
          relationship('r8', 'CCMD', 'C', day(0), null, { kind: 'COCOM' }),
        ],
      }),
      { actor: 't', at: day(8), summary: 'E and C assigned to a combatant command' },
    );
    expect(chain(day(20), day(8))).toEqual(['1:C:r4', '2:E:r3', '3:CCMD:r7']);
    expect(chain(day(20), day(8), 'TACON')).toEqual(['1:X:r5']);
    expect(chainByRecursiveCte(store.db, 'C', 'COCOM', day(20), day(8)).map((l) => l.relationshipId)).toEqual(['r8']);
  });

  it('stops at a cycle instead of looping', () => {
    expect(chain(day(9), day(8))).toEqual(['1:C:r4', '2:B:r2', '3:A:r1']);
    expect(chainByRecursiveCte(store.db, 'A', 'OPCON', day(9), day(8)).map((l) => l.unitId)).toEqual(['D', 'C', 'B']);
  });
});

describe('chainByRecursiveCte, the benchmark baseline', () => {
  // The benchmark compares the in-memory chain with this SQL: only fair if both answer the same question.
  it.each([
    ['the demo scenario', () => readDemoScenario(), ['2020-06-01', '2023-01-01', '2024-06-15', '2026-11-25']],
    [
      'a generated force',
      () => generateForce({ units: 400, levels: 6, relationshipsPerUnit: 3, years: 6, seed: 3 }),
      ['2020-03-01', '2021-07-09', '2023-02-11', '2025-12-30'],
    ],
  ])('gives the recorded links of chainOfCommand for every unit, kind and date in %s', async (_, load, dates) => {
    const { units, relationships } = load() as { units: UnitSlice[]; relationships: Relationship[] };
    const store = new SqliteStore(':memory:');
    await store.migrate();
    await store.commit(
      { ...emptyChangeSet(), insertUnitSlices: units, insertRelationships: relationships },
      { actor: 't', at: '2026-11-25T00:00:00.000Z', summary: 'load' },
    );
    const tl = ForceStructure.from(await store.loadForce()).timeline();
    let links = 0;
    for (const id of new Set(units.map((u) => u.id))) {
      for (const kind of RELATIONSHIP_KINDS) {
        for (const date of dates) {
          const at = `${date}T00:00:00.000Z`;
          const ours = chainOfCommand(tl, id, kind, at).flatMap((link) => (link.via ? [link.via.id] : []));
          const sql = chainByRecursiveCte(store.db, id, kind, at, '2026-11-26T00:00:00.000Z');
          expect(
            sql.map((link) => link.relationshipId),
            `${kind} chain of ${id} on ${date}`,
          ).toEqual(ours);
          links += ours.length;
        }
      }
    }
    expect(links).toBeGreaterThan(100);
    await store.close();
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
