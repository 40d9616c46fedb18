import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainOfCommand, subtree } from '../src/domain/command/queries.js';
import type { Relationship, RelationshipKind } from '../src/domain/command/relationship.js';
import { DEFAULT_DOCTRINE } from '../src/domain/command/settings.js';
import { affectedUnits, validateForce } from '../src/domain/command/validate.js';
import { emptyChangeSet } from '../src/domain/force/change.js';
import { mulberry32 } from '../src/domain/force/generate.js';
import { ForceStructure } from '../src/domain/force/structure.js';
import { chainByRecursiveCte, SqliteStore } from '../src/store/sqlite/index.js';
import { fmt, heading, latencies, peakRssMiB, percentile, report, settle, time, timeAsync } from './measure.js';

function endEarly(edge: Relationship) {
  return {
    ...emptyChangeSet(),
    retireRelationships: [edge.id],
    insertRelationships: [{ ...edge, valid: { from: edge.valid.from, to: '2030-01-01T00:00:00.000Z' } }],
  };
}

const SUBTREE_SQL = `
WITH RECURSIVE tree (unitId, depth) AS (
  SELECT $root, 0
  UNION ALL
  SELECT e.subordinate_id, t.depth + 1 FROM tree t JOIN relationship_versions e ON e.superior_id = t.unitId
   AND e.kind = $kind AND e.valid_from <= $at AND (e.valid_to IS NULL OR $at < e.valid_to)
   AND e.recorded_to IS NULL
  WHERE t.depth < 64
)
SELECT count(*) AS n FROM tree`;

/**
 * Issue 2's bar: a generated force of 100,000 units in 6+ levels with 300,000 relationship intervals over 10 years.
 * Every query is answered twice, by the in-memory bitemporal index and by a recursive CTE over the same SQLite rows.
 */
export async function run(options: { units?: number } = {}): Promise<void> {
  const unitCount = options.units ?? 100_000;
  heading(`Force structure: ${unitCount.toLocaleString('en-US')} units`);
  const dir = mkdtempSync(join(tmpdir(), 'c2-bench-'));
  const file = join(dir, 'force.db');
  const made = JSON.parse(
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'generate-db.ts'), file, String(unitCount)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    ),
  ) as { units: number; relationships: number; generateMs: number; commitMs: number };
  console.log(
    `generated ${made.units.toLocaleString('en-US')} unit slices and ${made.relationships.toLocaleString('en-US')} relationship intervals over 10 years in ${fmt(made.generateMs, 0)} ms; one SQLite commit ${fmt(made.commitMs, 0)} ms (separate process)`,
  );
  const store = new SqliteStore(file, { readonly: true });
  try {
    const loaded = await timeAsync(() => store.loadForce());
    const built = time(() => ForceStructure.from(loaded.result));
    const loadMs = loaded.ms + built.ms;
    const rawRead = time(() => {
      let rows = 0;
      for (const table of ['unit_versions', 'relationship_versions']) {
        for (const row of store.db.prepare(`SELECT * FROM ${table}`).raw().iterate())
          rows += (row as unknown[]).length > 0 ? 1 : 0;
      }
      return rows;
    });
    report('load: read store + build index (ms)', fmt(loadMs, 0), `${fmt(rawRead.ms, 0)} rows`, rawRead.ms / loadMs);

    const structure = built.result;
    const units = [...structure.timeline().unitIds()].map((id) => ({ id }));
    const relationships = [...structure.timeline().allRelationships()];
    const tl = structure.timeline();
    const knownAt = new Date().toISOString();
    const random = mulberry32(11);
    const start = Date.parse('2021-01-01T00:00:00Z');
    const span = 9 * 365 * 86_400_000;
    const sample = (n: number) =>
      Array.from({ length: n }, () => ({
        unitId: units[Math.floor(random() * units.length)]!.id,
        at: new Date(start + Math.floor(random() * span)).toISOString(),
      }));

    for (const kind of ['OPCON', 'ADCON'] as RelationshipKind[]) {
      // The same question on both sides (a unit not in existence that day has an empty chain on both; each step takes
      // OPCON, else COCOM, to a superior that exists that day), each warmed up on other queries first so neither pays
      // for JIT compilation or a cold page cache in what is counted.
      const ourChain = (q: { unitId: string; at: string }) => chainOfCommand(tl, q.unitId, kind, q.at);
      const cteChain = (q: { unitId: string; at: string }) =>
        chainByRecursiveCte(store.db, q.unitId, kind, q.at, knownAt);
      const warmUp = sample(2_000);
      await settle();
      latencies(warmUp, ourChain);
      latencies(warmUp, cteChain);
      const queries = sample(2_000);
      const ours = latencies(queries, ourChain);
      const cte = latencies(queries, cteChain);
      // The baseline is only a baseline if it answers the same question: the recorded links must agree, query by query.
      const agree = queries.filter((q) => {
        const mine = ourChain(q).flatMap((link) => (link.via ? [link.via.id] : []));
        const theirs = cteChain(q).map((link) => link.relationshipId);
        return mine.length === theirs.length && mine.every((id, i) => id === theirs[i]);
      }).length;
      console.log(
        `${kind} chains: the same links from both on ${agree.toLocaleString('en-US')} of ${queries.length.toLocaleString('en-US')} queries  ${agree === queries.length ? '✓' : '✗ the baseline answers another question'}`,
      );
      report(
        `${kind} chain p50 (µs)`,
        fmt(percentile(ours, 50), 1),
        fmt(percentile(cte, 50), 1),
        percentile(cte, 50) / percentile(ours, 50),
        { min: 20, label: '≥20x' },
      );
      report(
        `${kind} chain p99 (µs)`,
        fmt(percentile(ours, 99), 1),
        fmt(percentile(cte, 99), 1),
        percentile(cte, 99) / percentile(ours, 99),
        { min: 20, label: '≥20x' },
      );
    }

    // Subtrees from mid-level commands (those with subordinates), the question "what sits under X on date D".
    const commands = [...new Set(relationships.filter((r) => r.kind === 'OPCON').map((r) => r.superiorId))];
    const roots = Array.from({ length: 300 }, () => ({
      unitId: commands[Math.floor(random() * commands.length)]!,
      at: new Date(start + Math.floor(random() * span)).toISOString(),
    }));
    const subtreeSql = store.db.prepare(SUBTREE_SQL);
    await settle();
    const oursTree = latencies(roots, (q) =>
      tl.unitAt(q.unitId, q.at) ? subtree(tl, q.unitId, ['OPCON'], q.at) : null,
    );
    const cteTree = latencies(roots, (q) => subtreeSql.get({ root: q.unitId, kind: 'OPCON', at: q.at }));
    report(
      'OPCON subtree-at-date p50 (µs)',
      fmt(percentile(oursTree, 50), 1),
      fmt(percentile(cteTree, 50), 1),
      percentile(cteTree, 50) / percentile(oursTree, 50),
    );

    await settle();
    const full = time(() => validateForce(tl, DEFAULT_DOCTRINE));
    console.log(
      `full doctrine validation: ${fmt(full.ms / 1000, 2)} s, ${full.result.length.toLocaleString('en-US')} finding(s)  ${full.ms < 60_000 ? '✓ goal: seconds, not minutes' : '✗ goal: seconds, not minutes'}`,
    );

    // One changed relationship, validated incrementally vs from scratch: a leaf unit's OPCON edge (the common edit) and
    // a command's (whose whole subtree is in scope), each ended a year early.
    const subordinatesOf = new Set(relationships.filter((r) => r.kind === 'OPCON').map((r) => r.superiorId));
    const openOpcon = relationships.filter((r) => r.kind === 'OPCON' && r.valid.to === null && r.valid.from > '2022');
    const leafEdge = openOpcon.find((r) => !subordinatesOf.has(r.subordinateId))!;
    const commandEdge = openOpcon.find((r) => subordinatesOf.has(r.subordinateId))!;
    await settle();
    const fromScratch = time(() => validateForce(structure.project(endEarly(leafEdge)), DEFAULT_DOCTRINE));
    for (const [name, edge] of [
      ['leaf unit', leafEdge],
      ['command', commandEdge],
    ] as const) {
      const change = endEarly(edge);
      const incremental = time(() =>
        validateForce(structure.project(change), DEFAULT_DOCTRINE, { unitIds: affectedUnits(tl, change) }),
      );
      report(
        `re-validate one changed edge, ${name} (ms)`,
        fmt(incremental.ms, 1),
        fmt(fromScratch.ms, 1),
        fromScratch.ms / incremental.ms,
      );
    }

    const rss = peakRssMiB();
    console.log(`peak RSS: ${fmt(rss, 0)} MiB  ${rss < 1024 ? '✓ goal < 1 GiB' : '✗ goal < 1 GiB'}`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
