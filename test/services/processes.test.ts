import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/compose.js';
import { REQUEST_COLLECTION } from '../../src/domain/mission/request.js';
import { PUBLIC_UNCLASSIFIED } from '../../src/domain/security/label.js';
import type { Services } from '../../src/services/index.js';

let dir: string;
let file: string;
const opened: Services[] = [];
const open = async () => {
  const services = await openApp({ db: file, demo: true, auditDir: dir });
  opened.push(services);
  return services;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'c2-processes-'));
  file = join(dir, 'c2.db');
});
afterEach(async () => {
  for (const services of opened.splice(0)) await services.close();
  rmSync(dir, { recursive: true, force: true });
});

const planner = (nation: 'USA' | 'JPN') => ({
  id: `${nation === 'USA' ? 'us' : 'jp'}.planner`,
  name: 'planner',
  nation,
  clearance: 'SECRET',
  caveats: [],
  roles: ['planner'],
});
const US_PLANNER = planner('USA');
const JP_PLANNER = planner('JPN');

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { code?: string }) => error.code,
  );

describe('sign-in throttling', () => {
  it('counts failures across every process on one database, and a restart does not forgive them', async () => {
    const [a, b] = [await open(), await open()];
    const address = { address: '192.0.2.7' };
    // Five failures in all (the limit), spread over two processes.
    for (const services of [a, a, b, b, a]) {
      expect(await codeOf(services.sessions.login('jp.viewer', 'wrong-password-123', address))).toBe(
        'C2_UNAUTHENTICATED',
      );
    }
    expect(await codeOf(b.sessions.login('jp.viewer', 'jpn-viewer-demo-2024', address))).toBe('C2_RATE_LIMITED');
    expect(await codeOf(a.sessions.login('jp.viewer', 'jpn-viewer-demo-2024', address))).toBe('C2_RATE_LIMITED');
    await a.close();
    await b.close();
    opened.length = 0;
    const restarted = await open();
    expect(await codeOf(restarted.sessions.login('jp.viewer', 'jpn-viewer-demo-2024', address))).toBe(
      'C2_RATE_LIMITED',
    );
    // Another address is not held up by this one's failures, and a success clears its own count.
    const other = { address: '198.51.100.9' };
    expect(await codeOf(restarted.sessions.login('jp.viewer', 'wrong-password-123', other))).toBe('C2_UNAUTHENTICATED');
    expect(await codeOf(restarted.sessions.login('jp.viewer', 'jpn-viewer-demo-2024', other))).toBe('ok');
    expect(
      await restarted.store.failuresAfter(
        `user:${JSON.stringify(['jp.viewer', '198.51.100.9'])}`,
        '2000-01-01T00:00:00.000Z',
      ),
    ).toEqual([]);
  }, 60_000);
});

describe('mission edits from two processes', () => {
  it('never lose an update: a writer that read a version another process replaced is refused with C2_CONFLICT', async () => {
    const [a, b] = [await open(), await open()];
    for (let round = 0; round < 5; round++) {
      const results = await Promise.allSettled([
        a.missions.update(US_PLANNER, 'm-mar-usa', { description: `from a, round ${round}` }),
        b.missions.update(US_PLANNER, 'm-mar-usa', { name: `Maritime security (b, round ${round})` }),
      ]);
      const final = await a.missions.get(US_PLANNER, 'm-mar-usa');
      const [fromA, fromB] = results;
      if (fromA.status === 'fulfilled' && fromB.status === 'fulfilled') {
        // Both went through only if one read the other's write first: then both edits are there.
        expect(final.description).toBe(`from a, round ${round}`);
        expect(final.name).toBe(`Maritime security (b, round ${round})`);
      } else {
        // One was refused, and the edit that went through is there.
        const refused = [fromA, fromB].find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason.code).toBe('C2_CONFLICT');
        if (fromA.status === 'fulfilled') expect(final.description).toBe(`from a, round ${round}`);
        if (fromB.status === 'fulfilled') expect(final.name).toBe(`Maritime security (b, round ${round})`);
      }
    }
    expect((await a.missions.history(US_PLANNER, 'm-mar-usa')).length).toBeGreaterThan(5);
  }, 60_000);
});

describe('coordination from two processes', () => {
  it('an acknowledgement is never overwritten by another process marking the request overdue from a stale read', async () => {
    const [a, b] = [await open(), await open()];
    // notification-0003 (JMSDF Self-Defense Fleet to CNFJ) was due on 10 November 2026 and is still only sent.
    // Process b acknowledges it just after process a has read the requests to mark the overdue ones.
    const read = a.store.listDocuments.bind(a.store);
    let interleaved = false;
    a.store.listDocuments = (async (collection: string, options?: { knownAt?: string }) => {
      const versions = await read(collection, options);
      if (collection === REQUEST_COLLECTION && !interleaved) {
        interleaved = true;
        await b.coordination.acknowledge(US_PLANNER, 'notification-0003', 'received');
      }
      return versions;
    }) as typeof a.store.listDocuments;
    expect(await a.coordination.detectOverdue(US_PLANNER).catch((error: { code: string }) => error.code)).toBe(
      'C2_CONFLICT',
    );
    expect(interleaved).toBe(true);
    const request = await b.coordination.get(US_PLANNER, 'notification-0003');
    expect(request.transitions.map((transition) => transition.to)).toContain('ACKNOWLEDGED');
    // Tried again on what is now stored, nothing is overdue any more: acknowledged in time counts.
    expect((await a.coordination.detectOverdue(US_PLANNER)).recorded).not.toContain('notification-0003');
  }, 60_000);
});

describe('the force from two processes', () => {
  const at = { at: '2026-06-01T00:00:00.000Z' };
  const cell = {
    id: 'test-cell',
    name: 'Test cell',
    shortName: 'CELL',
    nation: 'JPN',
    service: 'JPN:GSDF',
    echelon: 'TEAM' as const,
    sidc: '10031000111100000000',
    homeStation: null,
    personnel: { authorized: null, assigned: 5 },
    roles: [],
    valid: { from: '2026-01-01T00:00:00.000Z', to: null },
    label: PUBLIC_UNCLASSIFIED,
  };
  const opcon = (id: string, superiorId: string) => ({
    id,
    kind: 'OPCON' as const,
    superiorId,
    subordinateId: 'test-cell',
    valid: { from: '2026-02-01T00:00:00.000Z', to: null },
    basis: 'notional test order',
    transfer: 'ASSIGNED' as const,
    label: PUBLIC_UNCLASSIFIED,
  });
  const opconSuperiors = (services: Services) =>
    services.force
      .detail(JP_PLANNER, 'test-cell', at)
      .superiors.filter((s) => s.relationship.kind === 'OPCON')
      .map((s) => s.unit.id);

  it('reads what another process committed, and serializes writes so doctrine holds across processes', async () => {
    const [a, b] = [await open(), await open()];
    await a.force.createUnit(JP_PLANNER, cell);
    // Within a second, without asking, the other process reads it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(b.force.listUnits(JP_PLANNER, at).map((unit) => unit.id)).toContain('test-cell');
    // Two processes each give the cell an OPCON superior at once: one wins; the other, re-checked on the structure
    // that now holds the winner's edge, is refused for a second OPCON superior instead of storing it.
    const results = await Promise.allSettled([
      a.force.startRelationship(JP_PLANNER, opcon('opcon-wa-cell', 'western-army')),
      b.force.startRelationship(JP_PLANNER, opcon('opcon-15bde-cell', '15bde')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.code).toBe('C2_DOCTRINE_VIOLATION');
    const fresh = await open();
    expect(opconSuperiors(fresh)).toHaveLength(1);
    await a.force.catchUp();
    await b.force.catchUp();
    expect(opconSuperiors(a)).toEqual(opconSuperiors(fresh));
    expect(opconSuperiors(b)).toEqual(opconSuperiors(fresh));
  }, 60_000);
});

describe('plans from two processes', () => {
  it('two edits of one draft at once: both are in its history, or the later reader is refused', async () => {
    const [a, b] = [await open(), await open()];
    const draft = (title: string) => ({
      id: 'usfj-jfhq',
      title,
      label: PUBLIC_UNCLASSIFIED,
      phases: [{ id: 'p1', name: 'Only phase', effectiveDate: '2026-01-01', operations: [] }],
    });
    const results = await Promise.allSettled([
      a.plans.update(US_PLANNER, 'usfj-jfhq', draft('Edited in a')),
      b.plans.update(US_PLANNER, 'usfj-jfhq', draft('Edited in b')),
    ]);
    const edits = (await a.plans.get(US_PLANNER, 'usfj-jfhq')).history.filter((entry) => entry.action === 'edit');
    const fulfilled = results.filter((r) => r.status === 'fulfilled').length;
    expect(fulfilled).toBeGreaterThan(0);
    expect(edits).toHaveLength(fulfilled);
    for (const result of results) {
      if (result.status === 'rejected') expect((result.reason as { code: string }).code).toBe('C2_CONFLICT');
    }
  }, 60_000);
});
