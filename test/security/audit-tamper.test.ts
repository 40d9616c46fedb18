import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/compose.js';
import { SYSTEM_ACTOR } from '../../src/services/actor.js';

/** The bar: edit, delete and reorder audit entries in the SQLite file; `c2 audit verify` names each. */

const REPO = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
let root: string;
let pristine: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'c2-audit-'));
  pristine = join(root, 'pristine');
  const services = await openApp({ db: join(pristine, 'c2.db') });
  for (const action of ['one', 'two', 'three', 'four', 'five']) {
    await services.audit.record({
      actor: SYSTEM_ACTOR.id,
      action: `test.${action}`,
      outcome: 'ok',
      detail: { action },
    });
  }
  await services.close();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the pristine store (database, key and anchor), tampered with as someone holding the file could. */
function tampered(name: string, sql: string): string {
  const dir = join(root, name);
  cpSync(pristine, dir, { recursive: true });
  const db = new Database(join(dir, 'c2.db'));
  // The triggers stop the application, not an attacker with the file: they drop them first.
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.exec(sql);
  db.close();
  return join(dir, 'c2.db');
}

async function verify(db: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', '--db', db, 'audit', 'verify'],
      {
        cwd: REPO,
      },
    );
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

const CASES = {
  pristine: '',
  edited: `UPDATE audit_log SET entry = json_set(entry, '$.actor', 'mallory') WHERE seq = 3`,
  deleted: 'DELETE FROM audit_log WHERE seq = 2',
  truncated: 'DELETE FROM audit_log WHERE seq >= 4',
  reordered: `UPDATE audit_log SET pos = 100 WHERE seq = 2; UPDATE audit_log SET pos = 2 WHERE seq = 4;
    UPDATE audit_log SET pos = 4 WHERE seq = 2 AND pos = 100;`,
  // Recomputing the hash with plain SHA-256, or any value, without the key does not make an edit pass.
  rehashed: `UPDATE audit_log SET entry = json_set(entry, '$.outcome', 'refused', '$.hash', lower(hex(randomblob(32)))) WHERE seq = 5`,
};
const results = {} as Record<keyof typeof CASES, { code: number; out: string }>;

describe('c2 audit verify on a tampered SQLite file', () => {
  beforeAll(async () => {
    // One child process per case, all at once: each is a cold CLI start.
    await Promise.all(
      Object.entries(CASES).map(async ([name, sql]) => {
        const db = sql ? tampered(name, sql) : join(pristine, 'c2.db');
        results[name as keyof typeof CASES] = await verify(db);
      }),
    );
  }, 120_000);

  it('passes the untouched log', () => {
    expect(results.pristine.out).toContain('OK: 5 entries');
    expect(results.pristine.code).toBe(0);
  });

  it('names an edited entry, and only it', () => {
    expect(results.edited.code).toBe(1);
    expect(results.edited.out).toMatch(/seq 3 edited/);
    expect(results.edited.out).not.toMatch(/seq [1245] /);
  });

  it('names a deleted entry, in the middle and at the tail (the anchor outside the database remembers it)', () => {
    expect(results.deleted.code).toBe(1);
    expect(results.deleted.out).toMatch(/seq 2 removed/);
    expect(results.truncated.code).toBe(1);
    expect(results.truncated.out).toMatch(/seq 4-5 removed/);
  });

  it('names reordered entries', () => {
    expect(results.reordered.code).toBe(1);
    expect(results.reordered.out).toMatch(/seq [23] reordered/);
  });

  it('names an entry re-hashed without the key', () => {
    expect(results.rehashed.code).toBe(1);
    expect(results.rehashed.out).toMatch(/seq 5 edited/);
  });
});
