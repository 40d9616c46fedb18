import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditEntry, sealEntry, verifyChain } from '../../src/domain/audit/chain.js';
import type { Relationship } from '../../src/domain/command/relationship.js';
import { C2Error } from '../../src/domain/errors.js';
import type { ChangeSet } from '../../src/domain/force/change.js';
import type { UnitSlice } from '../../src/domain/force/unit.js';
import type { StoredDocument } from '../../src/domain/records.js';
import { addMs, DAY_MS, type Instant } from '../../src/domain/time/instant.js';
import { STALE_WRITER, type Store, type TxMeta, type TxRecord, type UserRecord } from '../../src/store/port.js';

/** Day n after 1 Jan 2025, as a canonical instant. */
export function day(n: number): Instant {
  return addMs('2025-01-01T00:00:00.000Z', n * DAY_MS);
}

export function unitSlice(
  id: string,
  from: Instant,
  to: Instant | null = null,
  extra: Partial<UnitSlice> = {},
): UnitSlice {
  return {
    id,
    name: `Unit ${id}`,
    shortName: id.toUpperCase(),
    nation: 'USA',
    service: 'USA:JOINT',
    echelon: 'COMMAND',
    sidc: '10031000261211000000',
    homeStation: null,
    personnel: { authorized: null, assigned: null },
    roles: [],
    valid: { from, to },
    label: { classification: 'UNCLASSIFIED', releasableTo: null, caveats: [] },
    ...extra,
  };
}

export function relationship(
  id: string,
  superiorId: string,
  subordinateId: string,
  from: Instant,
  to: Instant | null = null,
  extra: Partial<Relationship> = {},
): Relationship {
  return {
    id,
    kind: 'OPCON',
    superiorId,
    subordinateId,
    valid: { from, to },
    basis: `order ${id}`,
    label: { classification: 'UNCLASSIFIED', releasableTo: null, caveats: [] },
    ...extra,
  };
}

export function change(parts: Partial<ChangeSet>): ChangeSet {
  return { retireUnitSlices: [], retireRelationships: [], insertUnitSlices: [], insertRelationships: [], ...parts };
}

function meta(at: Instant, summary = 'test change', detail?: unknown, basedOnTxId?: number): TxMeta {
  if (basedOnTxId !== undefined) return { actor: 'tester', at, summary, basedOnTxId };
  return detail === undefined ? { actor: 'tester', at, summary } : { actor: 'tester', at, summary, detail };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof C2Error) return error.code;
    throw error;
  }
  return 'no error';
}

/** Everything a store can show, to prove a failed commit changed nothing. */
async function dump(store: Store) {
  return {
    force: await store.loadForce(),
    txs: await store.transactions(),
    last: await store.lastTxId(),
    docs: await store.documentHistory('plans', 'p1'),
  };
}

export interface StoreContractOptions {
  /** A second connection to the same database as `first`, so the race test can use two writers. */
  connectAgain?: (first: Store) => Promise<Store>;
}

/** The behaviour every Store adapter must show. `open` gives a fresh, empty store each call. */
export function describeStoreContract(name: string, open: () => Promise<Store>, options: StoreContractOptions = {}) {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    const extra: Store[] = [];

    beforeEach(async () => {
      store = await open();
      await store.migrate();
    });

    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await store.close();
    });

    it('migrate() is idempotent and keeps the data', async () => {
      await store.commit(change({ insertUnitSlices: [unitSlice('a', day(0))] }), meta(day(1)));
      await store.migrate();
      await store.migrate();
      expect(await store.lastTxId()).toBe(1);
      expect((await store.loadForce()).units.map((v) => v.record.id)).toEqual(['a']);
    });

    it('round-trips every field of units, relationships and the change log exactly', async () => {
      const full = unitSlice('usfj', day(0), day(400), {
        name: 'United States Forces, Japan',
        nation: 'USA',
        service: 'USA:JOINT',
        echelon: 'REGION',
        homeStation: { name: 'Yokota Air Base', lat: 35.748333333, lon: 139.348611 },
        personnel: { authorized: 55000, assigned: 54321, source: 'public figure, 2024' },
        roles: ['JOINT_FORCE_HQ', 'SUBORDINATE_UNIFIED_COMMAND'],
        label: { classification: 'SECRET', releasableTo: ['USA', 'JPN'], caveats: ['X'] },
        sources: ['s1', 's2'],
        notes: 'quotes \' " and unicode 横田 ✓',
      });
      const rel = relationship('r1', 'indopacom', 'usfj', day(0), null, {
        kind: 'SUPPORT',
        transfer: 'ATTACHED',
        supportCategory: 'DIRECT',
        establishedBy: 'secdef',
        notes: 'n',
      });
      const detail = { command: 'import', nested: { list: [1, 2.5, null, 'x'] } };
      const tx = await store.commit(
        change({ insertUnitSlices: [full, unitSlice('indopacom', day(0))], insertRelationships: [rel] }),
        meta(day(1), 'import', detail),
      );
      expect(tx).toEqual({ id: 1, actor: 'tester', at: day(1), summary: 'import', detail });
      const force = await store.loadForce();
      expect(force.units).toEqual([
        { record: full, recorded: { from: day(1), to: null }, txId: 1 },
        { record: unitSlice('indopacom', day(0)), recorded: { from: day(1), to: null }, txId: 1 },
      ]);
      expect(force.relationships).toEqual([{ record: rel, recorded: { from: day(1), to: null }, txId: 1 }]);
      expect(await store.transactions()).toEqual([tx]);
      const bare = await store.commit(change({}), meta(day(2), 'no detail'));
      expect((await store.transactions())[1]).toEqual(bare);
      expect('detail' in bare).toBe(false);
    });

    it('retiring closes the record time and keeps the old version', async () => {
      await store.commit(
        change({
          insertUnitSlices: [unitSlice('a', day(0))],
          insertRelationships: [relationship('r', 'b', 'a', day(0))],
        }),
        meta(day(1)),
      );
      const renamed = unitSlice('a', day(0), null, { name: 'Renamed' });
      const moved = relationship('r', 'c', 'a', day(0));
      await store.commit(
        change({
          retireUnitSlices: [{ id: 'a', validFrom: day(0) }],
          retireRelationships: ['r'],
          insertUnitSlices: [renamed],
          insertRelationships: [moved],
        }),
        meta(day(2)),
      );
      const force = await store.loadForce();
      expect(force.units).toEqual([
        { record: unitSlice('a', day(0)), recorded: { from: day(1), to: day(2) }, txId: 1 },
        { record: renamed, recorded: { from: day(2), to: null }, txId: 2 },
      ]);
      expect(force.relationships.map((v) => [v.record.superiorId, v.recorded.to, v.txId])).toEqual([
        ['b', day(2), 1],
        ['c', null, 2],
      ]);
    });

    it('rejects retiring a version that is not current, and changes nothing', async () => {
      await store.commit(
        change({
          insertUnitSlices: [unitSlice('a', day(0)), unitSlice('b', day(0))],
          insertRelationships: [relationship('r', 'a', 'b', day(0))],
        }),
        meta(day(1)),
      );
      await store.commit(
        change({ retireUnitSlices: [{ id: 'a', validFrom: day(0) }], insertUnitSlices: [unitSlice('a', day(1))] }),
        meta(day(2)),
      );
      const before = await dump(store);
      // 'b' is current, so the first retirement would succeed on its own; the stale 'a' must undo it.
      const stale = change({
        retireUnitSlices: [
          { id: 'b', validFrom: day(0) },
          { id: 'a', validFrom: day(0) },
        ],
        insertUnitSlices: [unitSlice('a', day(0))],
        putDocuments: [doc('p1', { v: 1 })],
      });
      const error = await store.commit(stale, meta(day(3))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(C2Error);
      expect((error as C2Error).code).toBe('C2_CONFLICT');
      expect((error as C2Error).violations[0]?.units).toEqual(['a']);
      const unknown = await store.commit(change({ retireRelationships: ['r', 'nope'] }), meta(day(3))).catch((e) => e);
      expect((unknown as C2Error).code).toBe('C2_CONFLICT');
      expect((unknown as C2Error).violations[0]?.relationshipIds).toEqual(['nope']);
      expect(await dump(store)).toEqual(before);
    });

    it('rejects a slice overlapping a current slice of the same unit in valid time', async () => {
      await store.commit(change({ insertUnitSlices: [unitSlice('a', day(0), day(10))] }), meta(day(1)));
      const before = await dump(store);
      expect(await codeOf(store.commit(change({ insertUnitSlices: [unitSlice('a', day(5))] }), meta(day(2))))).toBe(
        'C2_CONFLICT',
      );
      expect(
        await codeOf(store.commit(change({ insertUnitSlices: [unitSlice('a', day(0), day(1))] }), meta(day(2)))),
      ).toBe('C2_CONFLICT');
      const twoNew = change({ insertUnitSlices: [unitSlice('b', day(0), day(5)), unitSlice('b', day(4))] });
      expect(await codeOf(store.commit(twoNew, meta(day(2))))).toBe('C2_CONFLICT');
      expect(await dump(store)).toEqual(before);
      // Adjacent slices do not overlap (intervals are half-open); retiring first frees the valid time.
      await store.commit(change({ insertUnitSlices: [unitSlice('a', day(10))] }), meta(day(2)));
      await store.commit(
        change({
          retireUnitSlices: [{ id: 'a', validFrom: day(10) }],
          insertUnitSlices: [unitSlice('a', day(10), day(20))],
        }),
        meta(day(3)),
      );
      const current = (await store.loadForce()).units.filter((v) => v.recorded.to === null).map((v) => v.record.valid);
      expect(current).toEqual([
        { from: day(0), to: day(10) },
        { from: day(10), to: day(20) },
      ]);
    });

    it('rejects a relationship id that is already current', async () => {
      await store.commit(change({ insertRelationships: [relationship('r', 'a', 'b', day(0))] }), meta(day(1)));
      const again = change({ insertRelationships: [relationship('r', 'a', 'c', day(0))] });
      expect(await codeOf(store.commit(again, meta(day(2))))).toBe('C2_DUPLICATE_ID');
      const twice = change({
        insertRelationships: [relationship('s', 'a', 'b', day(0)), relationship('s', 'a', 'c', day(0))],
      });
      expect(await codeOf(store.commit(twice, meta(day(2))))).toBe('C2_DUPLICATE_ID');
      expect(await store.lastTxId()).toBe(1);
    });

    it('keeps record time monotonic', async () => {
      await store.commit(change({}), meta(day(5)));
      expect(await codeOf(store.commit(change({}), meta(day(4))))).toBe('C2_BAD_TIME');
      expect(await codeOf(store.commit(change({}), meta('2025-01-09T00:00:00Z')))).toBe('C2_BAD_TIME');
      await store.commit(change({}), meta(day(5)));
      expect((await store.transactions()).map((t) => t.at)).toEqual([day(5), day(5)]);
    });

    it('loadForceSince returns versions inserted or retired after a transaction', async () => {
      await store.commit(change({ insertUnitSlices: [unitSlice('a', day(0)), unitSlice('b', day(0))] }), meta(day(1)));
      const tx2 = await store.commit(
        change({
          retireUnitSlices: [{ id: 'a', validFrom: day(0) }],
          insertRelationships: [relationship('r', 'b', 'c', day(0))],
        }),
        meta(day(2)),
      );
      const since1 = await store.loadForceSince(1);
      expect(since1.units).toEqual([
        { record: unitSlice('a', day(0)), recorded: { from: day(1), to: day(2) }, txId: 1 },
      ]);
      expect(since1.relationships.map((v) => v.record.id)).toEqual(['r']);
      expect(await store.loadForceSince(tx2.id)).toEqual({ units: [], relationships: [] });
      expect((await store.loadForceSince(0)).units).toHaveLength(2);
    });

    it('finds the transactions touching a unit, through its slices and its relationships', async () => {
      await store.commit(change({ insertUnitSlices: [unitSlice('a', day(0))] }), meta(day(1), 'create a'));
      await store.commit(change({ insertUnitSlices: [unitSlice('b', day(0))] }), meta(day(2), 'create b'));
      await store.commit(
        change({ insertRelationships: [relationship('r', 'b', 'c', day(0))] }),
        meta(day(3), 'b over c'),
      );
      await store.commit(change({ retireUnitSlices: [{ id: 'a', validFrom: day(0) }] }), meta(day(4), 'retire a'));
      const summaries = async (filter: Parameters<Store['transactions']>[0]) =>
        (await store.transactions(filter)).map((t) => t.summary);
      expect(await summaries({ unitId: 'a' })).toEqual(['create a', 'retire a']);
      expect(await summaries({ unitId: 'b' })).toEqual(['create b', 'b over c']);
      expect(await summaries({ unitId: 'c' })).toEqual(['b over c']);
      expect(await summaries({ unitId: 'zz' })).toEqual([]);
      expect(await summaries({ afterTxId: 1, limit: 2 })).toEqual(['create b', 'b over c']);
      expect(await summaries({ unitId: 'a', afterTxId: 1 })).toEqual(['retire a']);
    });

    it('versions documents: put, list, history, knownAt and retired', async () => {
      await store.commit(change({ putDocuments: [doc('p1', { v: 1 }), doc('p2', { v: 1 })] }), meta(day(1)));
      await store.commit(change({ putDocuments: [doc('p1', { v: 2 })] }), meta(day(2)));
      await store.commit(change({ putDocuments: [{ ...doc('p2', { v: 1 }), retired: true }] }), meta(day(3)));
      await store.commit(change({ putDocuments: [doc('m1', { v: 1 }, 'missions')] }), meta(day(3)));
      const bodies = (versions: Array<{ record: StoredDocument<{ v: number }> }>) =>
        versions.map((v) => `${v.record.id}:${v.record.body.v}`);
      expect(bodies(await store.listDocuments('plans'))).toEqual(['p1:2']);
      expect(bodies(await store.listDocuments('plans', { knownAt: day(1) }))).toEqual(['p1:1', 'p2:1']);
      expect(bodies(await store.listDocuments('plans', { knownAt: addMs(day(2), 1) }))).toEqual(['p1:2', 'p2:1']);
      expect(await store.listDocuments('plans', { knownAt: day(0) })).toEqual([]);
      expect(await store.documentHistory('plans', 'p1')).toEqual([
        { record: doc('p1', { v: 1 }), recorded: { from: day(1), to: day(2) }, txId: 1 },
        { record: doc('p1', { v: 2 }), recorded: { from: day(2), to: null }, txId: 2 },
      ]);
      const p2 = await store.documentHistory('plans', 'p2');
      expect(p2.map((v) => [v.record.retired ?? false, v.recorded.to])).toEqual([
        [false, day(3)],
        [true, null],
      ]);
      expect(bodies(await store.listDocuments('missions'))).toEqual(['m1:1']);
    });

    it('refuses to retire a version replaced after the writer read (basedOnTxId)', async () => {
      await store.commit(change({ insertUnitSlices: [unitSlice('a', day(0))] }), meta(day(1)));
      const replace = (name: string) =>
        change({
          retireUnitSlices: [{ id: 'a', validFrom: day(0) }],
          insertUnitSlices: [unitSlice('a', day(0), null, { name })],
        });
      await store.commit(replace('second'), meta(day(2), 'second', undefined, 1));
      // Same key, different version: without a basis the store cannot tell, with one it must refuse.
      expect(await codeOf(store.commit(replace('stale'), meta(day(3), 'stale', undefined, 1)))).toBe('C2_CONFLICT');
      await store.commit(replace('fresh'), meta(day(3), 'fresh', undefined, 2));
      expect((await store.loadForce()).units.map((v) => v.record.name)).toEqual(['Unit a', 'second', 'fresh']);
    });

    it('refuses to put a document over a version recorded after the writer read (basedOnTxId)', async () => {
      const put = (v: number) => change({ putDocuments: [doc('d', { v })] });
      const first = await store.commit(put(1), meta(day(1)));
      const second = await store.commit(put(2), meta(day(2), 'second', undefined, first.id));
      // A writer that read the first version puts over the second: refused, nothing stored.
      expect(await codeOf(store.commit(put(99), meta(day(3), 'stale', undefined, first.id)))).toBe('C2_CONFLICT');
      expect((await store.listDocuments('plans')).map((v) => v.record.body)).toEqual([{ v: 2 }]);
      await store.commit(put(3), meta(day(3), 'fresh', undefined, second.id));
      // A new document has nothing to be stale against.
      await store.commit(change({ putDocuments: [doc('e', { v: 1 })] }), meta(day(4), 'new', undefined, 1));
      expect((await store.documentHistory('plans', 'd')).map((v) => v.record.body)).toEqual([
        { v: 1 },
        { v: 2 },
        { v: 3 },
      ]);
    });

    it('commits with expectLastTxId only while that is still the last transaction (STALE_WRITER otherwise)', async () => {
      const first = await store.commit(change({ insertUnitSlices: [unitSlice('a', day(0))] }), meta(day(1)));
      await store.commit(change({ insertUnitSlices: [unitSlice('b', day(0))] }), meta(day(2)));
      const stale = store.commit(change({ insertUnitSlices: [unitSlice('c', day(0))] }), {
        ...meta(day(3)),
        expectLastTxId: first.id,
      });
      const error = await stale.catch((e: C2Error) => e);
      expect(error).toBeInstanceOf(C2Error);
      expect((error as C2Error).violations.map((v) => v.path)).toEqual([STALE_WRITER]);
      expect((await store.loadForce()).units.map((v) => v.record.id)).toEqual(['a', 'b']);
      const fresh = await store.commit(change({ insertUnitSlices: [unitSlice('c', day(0))] }), {
        ...meta(day(3)),
        expectLastTxId: first.id + 1,
      });
      expect(fresh.id).toBe(first.id + 2);
    });

    it('lets exactly one of two racing writers retire the same version', async () => {
      await store.commit(change({ insertUnitSlices: [unitSlice('a', day(0))] }), meta(day(1)));
      const other = options.connectAgain ? await options.connectAgain(store) : store;
      if (other !== store) extra.push(other);
      const rename = (s: Store, name: string) =>
        s.commit(
          change({
            retireUnitSlices: [{ id: 'a', validFrom: day(0) }],
            insertUnitSlices: [unitSlice('a', day(0), null, { name })],
          }),
          meta(day(2), name, undefined, 1),
        );
      const results = await Promise.allSettled([rename(store, 'first'), rename(other, 'second')]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.map((r) => (r.reason as C2Error).code)).toEqual(['C2_CONFLICT']);
      const current = (await store.loadForce()).units.filter((v) => v.recorded.to === null);
      expect(current).toHaveLength(1);
      expect(await store.transactions()).toHaveLength(2);
    });

    it('commits a 10k-row change set in one transaction', async () => {
      const units = Array.from({ length: 5000 }, (_, i) => unitSlice(`u${i}`, day(0)));
      const rels = Array.from({ length: 5000 }, (_, i) => relationship(`r${i}`, `u${(i * 7) % 5000}`, `u${i}`, day(0)));
      await store.commit(change({ insertUnitSlices: units, insertRelationships: rels }), meta(day(1)));
      const force = await store.loadForce();
      expect(force.units.map((v) => v.record)).toEqual(units);
      expect(force.relationships.map((v) => v.record)).toEqual(rels);
      expect(new Set([...force.units, ...force.relationships].map((v) => v.txId))).toEqual(new Set([1]));
    });

    it('keeps users by id with a unique username, and finds them either way', async () => {
      const alice = user('u1', 'alice');
      await store.saveUser(alice);
      await store.saveUser({ ...alice, name: 'Alice Renamed', roles: ['viewer', 'fdo'] });
      expect(await store.findUser({ username: 'alice' })).toEqual({
        ...alice,
        name: 'Alice Renamed',
        roles: ['viewer', 'fdo'],
      });
      expect(await store.findUser({ id: 'u1' })).toEqual(await store.findUser({ username: 'alice' }));
      expect(await store.findUser({ username: 'nobody' })).toBeUndefined();
      expect(await codeOf(store.saveUser(user('u2', 'alice')))).toBe('C2_DUPLICATE_ID');
      await store.saveUser(user('u2', 'bob'));
      expect((await store.listUsers()).map((u) => u.username)).toEqual(['alice', 'bob']);
    });

    it('stores sessions and tokens by hash, deletes sessions by id, user or expiry, and revokes tokens', async () => {
      await store.saveUser(user('u1', 'alice'));
      await store.saveUser(user('u2', 'bob'));
      const session = (idHash: string, userId: string, expiresAt: Instant) => ({
        idHash,
        userId,
        csrfHash: `csrf-${idHash}`,
        createdAt: day(0),
        lastSeenAt: day(0),
        expiresAt,
      });
      await store.saveSession(session('s1', 'u1', day(1)));
      await store.saveSession(session('s2', 'u1', day(3)));
      await store.saveSession(session('s3', 'u2', day(3)));
      await store.saveSession({ ...session('s3', 'u2', day(3)), lastSeenAt: day(2) });
      expect((await store.findSession('s3'))?.lastSeenAt).toBe(day(2));
      expect(await store.deleteSessions({ expiredBefore: day(2) })).toBe(1);
      expect(await store.findSession('s1')).toBeUndefined();
      expect(await store.deleteSessions({ userId: 'u1' })).toBe(1);
      expect(await store.deleteSessions({ idHash: 's3' })).toBe(1);
      expect(await store.findSession('s3')).toBeUndefined();

      const token = {
        id: 't1',
        userId: 'u1',
        name: 'script',
        hash: 'h1',
        createdAt: day(0),
        expiresAt: day(30),
        revokedAt: null,
        lastUsedAt: null,
      };
      await store.saveToken(token);
      await store.saveToken({ ...token, id: 't2', hash: 'h2', expiresAt: null });
      await store.saveToken({ ...token, revokedAt: day(1) });
      expect(await store.findToken({ hash: 'h1' })).toEqual({ ...token, revokedAt: day(1) });
      expect(await store.findToken({ id: 't2' })).toMatchObject({ hash: 'h2', expiresAt: null });
      expect((await store.listTokens('u1')).map((t) => t.id)).toEqual(['t1', 't2']);
      expect(await store.listTokens('u2')).toEqual([]);
    });

    it('keeps failed sign-ins per key: counted after an instant, old ones forgotten on the next record, cleared', async () => {
      await store.recordFailure('user:a', day(1), day(0));
      await store.recordFailure('user:a', day(2), day(0));
      await store.recordFailure('address:x', day(2), day(0));
      expect(await store.failuresAfter('user:a', day(0))).toEqual([day(1), day(2)]);
      expect(await store.failuresAfter('user:a', day(1))).toEqual([day(2)]);
      // Recording on day 5 with a window from day 2 forgets day 1 (and keeps day 2, not before the cut-off).
      await store.recordFailure('user:a', day(5), day(2));
      expect(await store.failuresAfter('user:a', day(0))).toEqual([day(2), day(5)]);
      await store.clearFailures('user:a');
      expect(await store.failuresAfter('user:a', day(0))).toEqual([]);
      expect(await store.failuresAfter('address:x', day(0))).toEqual([day(2)]);
    });

    it('appends audit entries chained to the last one, in storage order, and refuses a second writer of one seq', async () => {
      const next = (action: string) => (previous: AuditEntry | null) =>
        sealEntry(
          previous,
          { seq: (previous?.seq ?? 0) + 1, at: day(1), actor: 'tester', action, outcome: 'ok', detail: { n: 1 } },
          sha256,
        );
      await store.appendAudit(next('a'));
      await store.appendAudit(next('b'));
      const third = await store.appendAudit(next('c'));
      expect(third.seq).toBe(3);
      const entries = await store.auditEntries();
      expect(entries.map((e) => e.action)).toEqual(['a', 'b', 'c']);
      expect(verifyChain(entries, sha256, { seq: 3, hash: third.hash }).ok).toBe(true);
      expect((await store.auditEntries({ afterSeq: 1, limit: 1 })).map((e) => e.seq)).toEqual([2]);
      const concurrent = await Promise.all(Array.from({ length: 5 }, (_, i) => store.appendAudit(next(`x${i}`))));
      expect(concurrent.map((e) => e.seq).sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8]);
      expect(verifyChain(await store.auditEntries(), sha256).ok).toBe(true);
      const stale = (previous: AuditEntry | null) =>
        sealEntry(previous, { seq: 2, at: day(1), actor: 't', action: 'late', outcome: 'ok' }, sha256);
      expect(await codeOf(store.appendAudit(stale))).toBe('C2_CONFLICT');
      expect(await store.auditEntries()).toHaveLength(8);
    });

    it('appends a commit’s audit entry in the commit’s transaction: a failed seal stores neither', async () => {
      const seal = (tx: TxRecord, previous: AuditEntry | null) =>
        sealEntry(
          previous,
          {
            seq: (previous?.seq ?? 0) + 1,
            at: tx.at,
            actor: tx.actor,
            action: 'store.commit',
            target: `tx:${tx.id}`,
            outcome: 'ok',
          },
          sha256,
        );
      const tx = await store.commit(change({ insertUnitSlices: [unitSlice('a', day(0))] }), meta(day(1)), seal);
      expect((await store.auditEntries()).map((e) => [e.seq, e.target])).toEqual([[1, `tx:${tx.id}`]]);
      // A seal that cannot chain (seq 7 after 1) throws inside the transaction.
      const refused = store.commit(change({ insertUnitSlices: [unitSlice('b', day(0))] }), meta(day(2)), (t, p) =>
        sealEntry(p, { seq: 7, at: t.at, actor: t.actor, action: 'store.commit', outcome: 'ok' }, sha256),
      );
      expect(await codeOf(refused)).toBe('C2_CONFLICT');
      expect((await store.loadForce()).units.map((v) => v.record.id)).toEqual(['a']);
      expect(await store.lastTxId()).toBe(tx.id);
      expect(await store.auditEntries()).toHaveLength(1);
      const next = await store.commit(change({ insertUnitSlices: [unitSlice('c', day(0))] }), meta(day(3)), seal);
      const entries = await store.auditEntries();
      expect(entries.map((e) => e.target)).toEqual([`tx:${tx.id}`, `tx:${next.id}`]);
      expect(verifyChain(entries, sha256).ok).toBe(true);
    });
  });
}

function user(id: string, username: string): UserRecord {
  return {
    id,
    username,
    name: username,
    nation: 'USA',
    clearance: 'SECRET',
    caveats: [],
    roles: ['viewer'],
    homeCommand: 'usfj',
    disabled: false,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    createdAt: day(0),
    updatedAt: day(0),
  };
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

function doc(id: string, body: { v: number }, collection = 'plans'): StoredDocument<{ v: number }> {
  return { collection, id, body, label: { classification: 'UNCLASSIFIED', releasableTo: ['USA', 'JPN'], caveats: [] } };
}
