import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'c2-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The writer: commits transactions as fast as it can, each inserting a varying number of rows and retiring the
 * previous version of one unit, and prints `ack <id>` only after commit() has returned.
 */
const WRITER = `
const { SqliteStore } = await import(process.env.STORE_MODULE);
const store = new SqliteStore(process.env.DB_PATH);
await store.migrate();
const label = { classification: 'UNCLASSIFIED', releasableTo: null, caveats: [] };
const unit = (id, name) => ({ id, name, shortName: id, nation: 'USA', service: 'USA:ARMY', echelon: 'BRIGADE',
  sidc: '10031000181211000000', homeStation: null, personnel: { authorized: null, assigned: null }, roles: [],
  valid: { from: '2025-01-01T00:00:00.000Z', to: null }, label });
for (let i = 1; i <= 100000; i++) {
  const units = 1 + (i % 7), relationships = i % 4, retire = i > 1 ? 1 : 0;
  const change = {
    retireUnitSlices: retire ? [{ id: 'moving', validFrom: '2025-01-01T00:00:00.000Z' }] : [],
    retireRelationships: [],
    insertUnitSlices: [unit('moving', 'v' + i), ...Array.from({ length: units - 1 }, (_, k) => unit('u' + i + '-' + k, 'x'))],
    insertRelationships: Array.from({ length: relationships }, (_, k) => ({ id: 'r' + i + '-' + k, kind: 'OPCON',
      superiorId: 'moving', subordinateId: 'u' + i + '-0', valid: { from: '2025-01-01T00:00:00.000Z', to: null },
      basis: 'order', label })),
  };
  const at = new Date(Date.UTC(2025, 0, 2) + i * 1000).toISOString();
  const tx = await store.commit(change, { actor: 'writer', at, summary: 'tx ' + i, detail: { units, relationships, retire } });
  process.stdout.write('ack ' + tx.id + '\\n');
}
`;

function runUntilKilled(dbPath: string, killAfterAcks: number): Promise<number[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', WRITER], {
      cwd: repoRoot,
      env: { ...process.env, DB_PATH: dbPath, STORE_MODULE: join(repoRoot, 'src/store/sqlite/index.ts') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: number[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) acks.push(Number(line.slice('ack '.length)));
      if (acks.length >= killAfterAcks) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolvePromise(acks);
      else reject(new Error(`writer exited with ${code} before it was killed: ${stderr}`));
    });
  });
}

describe('SQLite crash safety', () => {
  it('keeps every acknowledged transaction, whole, after the writer is SIGKILLed mid-stream', async () => {
    const dbPath = join(dir, 'crash.db');
    const acks = await runUntilKilled(dbPath, 300);
    expect(acks.length).toBeGreaterThanOrEqual(300);

    const db = new Database(dbPath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = new Set(db.prepare('SELECT id FROM transactions').pluck().all() as number[]);
      expect(acks.filter((id) => !ids.has(id))).toEqual([]);
      const txs = db.prepare('SELECT id, detail FROM transactions ORDER BY id').raw().all() as [number, string][];
      const count = (sql: string) => db.prepare(sql).pluck();
      const units = count('SELECT count(*) FROM unit_versions WHERE tx_id = ?');
      const rels = count('SELECT count(*) FROM relationship_versions WHERE tx_id = ?');
      const retired = count('SELECT count(*) FROM unit_versions WHERE retired_tx_id = ?');
      const halfApplied = txs.filter(([id, detail]) => {
        const want = JSON.parse(detail) as { units: number; relationships: number; retire: number };
        return units.get(id) !== want.units || rels.get(id) !== want.relationships || retired.get(id) !== want.retire;
      });
      expect(halfApplied).toEqual([]);
      // Exactly one current version of the unit every transaction rewrote: no retirement without its replacement.
      expect(count("SELECT count(*) FROM unit_versions WHERE unit_id = 'moving' AND recorded_to IS NULL").get()).toBe(
        1,
      );
    } finally {
      db.close();
    }
  });
});
