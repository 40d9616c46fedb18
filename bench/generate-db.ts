/**
 * Writes a generated force into a fresh SQLite file, in its own process so that generating the data does not count
 * toward the peak memory of the process that loads and queries it. Usage: tsx bench/generate-db.ts FILE UNITS
 */
import { emptyChangeSet } from '../src/domain/force/change.js';
import { generateForce } from '../src/domain/force/generate.js';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { time, timeAsync } from './measure.js';

const [file, count] = process.argv.slice(2);
const generated = time(() => generateForce({ units: Number(count), levels: 7, relationshipsPerUnit: 3, years: 10, seed: 7 }));
const store = new SqliteStore(file!);
await store.migrate();
const { units, relationships } = generated.result;
const write = await timeAsync(() =>
  store.commit(
    { ...emptyChangeSet(), insertUnitSlices: units, insertRelationships: relationships },
    { actor: 'bench', at: new Date().toISOString(), summary: 'generated force' },
  ),
);
await store.close();
process.stdout.write(
  JSON.stringify({ units: units.length, relationships: relationships.length, generateMs: generated.ms, commitMs: write.ms }),
);
