import { exportCsv, importCsv } from '../src/interchange/csv.js';
import { exportOrbatMapper, importOrbatMapper } from '../src/interchange/orbatmapper.js';
import { generateForce } from '../src/domain/force/generate.js';
import type { ForceDocument } from '../src/domain/force/document.js';
import { fmt, heading, report, time } from './measure.js';

/**
 * Issue 7's bar: importing a 100,000-unit CSV and ORBAT Mapper file, time and memory, beside a plain JSON.parse of the
 * same data in the same run. Memory is the heap growth the import causes (the process's peak RSS is shared by all).
 */
export async function run(options: { units?: number } = {}): Promise<void> {
  const count = options.units ?? 100_000;
  heading(`Interchange: import of ${count.toLocaleString('en-US')} units`);
  const { units, relationships } = generateForce({ units: count, levels: 7, relationshipsPerUnit: 2, years: 1, seed: 3 });
  const document: ForceDocument = {
    format: 'alliance-c2/force',
    version: 1,
    marking: 'UNCLASSIFIED',
    meta: { title: 'generated' },
    units,
    relationships: relationships.filter((r) => r.kind === 'OPCON'),
  };
  const csv = exportCsv(document);
  const orbat = exportOrbatMapper(document, { hierarchyKind: 'OPCON' });
  const json = JSON.stringify(units);
  console.log(`files: CSV ${fmt(csv.length / 2 ** 20)} MiB, ORBAT Mapper ${fmt(orbat.length / 2 ** 20)} MiB, plain JSON ${fmt(json.length / 2 ** 20)} MiB`);

  const heapGrowth = <T>(work: () => T) => {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const timed = time(work);
    const after = process.memoryUsage().heapUsed;
    return { ...timed, mib: (after - before) / 2 ** 20 };
  };
  const baseline = heapGrowth(() => JSON.parse(json) as unknown[]);
  const fromCsv = heapGrowth(() => importCsv(csv));
  const fromOrbat = heapGrowth(() => importOrbatMapper(orbat));
  const read = (result: { document: ForceDocument }) => result.document.units.length;
  console.log(`units read: CSV ${read(fromCsv.result)}, ORBAT Mapper ${read(fromOrbat.result)}, JSON ${baseline.result.length}`);
  report('CSV import (ms)', fmt(fromCsv.ms, 0), `${fmt(baseline.ms, 0)} JSON`, baseline.ms / fromCsv.ms);
  report('ORBAT Mapper import (ms)', fmt(fromOrbat.ms, 0), `${fmt(baseline.ms, 0)} JSON`, baseline.ms / fromOrbat.ms);
  report('CSV import heap (MiB)', fmt(fromCsv.mib, 0), `${fmt(baseline.mib, 0)} JSON`, baseline.mib / Math.max(1, fromCsv.mib));
  report('ORBAT Mapper import heap (MiB)', fmt(fromOrbat.mib, 0), `${fmt(baseline.mib, 0)} JSON`, baseline.mib / Math.max(1, fromOrbat.mib));
}
