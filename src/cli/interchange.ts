import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { toInstant } from '../domain/time/instant.js';
import { FORMATS, formatForFile, formatNamed } from '../interchange/formats.js';
import { SYSTEM_ACTOR } from '../services/actor.js';
import type { Services } from '../services/index.js';
import type { Reader } from './client.js';
import type { Output } from './output.js';
import { table } from './output.js';

interface Actions {
  action<A extends unknown[]>(
    run: (services: Services, out: Output, ...args: A) => Promise<void> | void,
  ): (...args: A) => Promise<void>;
  readAction<A extends unknown[]>(
    run: (reader: Reader, out: Output, ...args: A) => Promise<void> | void,
  ): (...args: A) => Promise<void>;
}

const FORMAT_NAMES = FORMATS.map((format) => format.name).join(', ');

/** Pairs like 'Blue=USA' into a map: which nation an ORBAT Mapper side or MSDL force side is. */
function sidePairs(values: string[] | undefined): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  return Object.fromEntries(
    values.map((pair) => {
      const [side, nation] = pair.split('=');
      if (!side || !nation || !/^[A-Z]{3}$/.test(nation))
        throw new Error(`--side '${pair}': expected NAME=TRIGRAPH, e.g. Blue=USA`);
      return [side, nation];
    }),
  );
}

/** Files this large show a bar while they are read (CSV reports as it goes; the other formats once read). */
const PROGRESS_FROM_BYTES = 1024 * 1024;

/**
 * A progress bar on standard error (standard output stays for the result) for a large file on a terminal unless
 * --json, or whenever --progress asks.
 */
function readingBar(
  size: number,
  title: string,
  when: { json: boolean; forced: boolean },
): { update: (done: number) => void; stop: () => void } | undefined {
  if (!when.forced && (when.json || !process.stderr.isTTY || size < PROGRESS_FROM_BYTES)) return undefined;
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const bar = new SingleBar(
    {
      stream: process.stderr,
      noTTYOutput: when.forced,
      notTTYSchedule: 1000,
      hideCursor: true,
      format: `reading ${title} {bar} {percentage}% | {done} of {size} MiB`,
    },
    Presets.shades_classic,
  );
  bar.start(size, 0, { done: mib(0), size: mib(size) });
  return { update: (done) => bar.update(done, { done: mib(done) }), stop: () => bar.stop() };
}

/** c2 import / c2 export / c2 formats: every peer format, previewed before anything is written. */
export function registerInterchangeCommands(program: Command, { action, readAction }: Actions): void {
  program
    .command('formats')
    .description('the file formats c2 reads and writes')
    .action(
      action((_services, out) => {
        const rows = FORMATS.map((f) => ({
          name: f.name,
          title: f.title,
          extensions: f.extensions.join(' '),
          read: Boolean(f.read),
        }));
        out.print(
          table(
            ['FORMAT', 'WHAT', 'EXTENSIONS', 'READ'],
            rows.map((r) => [r.name, r.title, r.extensions, r.read ? 'yes' : 'export only']),
          ),
          rows,
        );
      }),
    );

  program
    .command('import <file>')
    .description(`import units and relationships from a file (${FORMAT_NAMES}); a preview with --dry-run`)
    .option('-f, --format <name>', 'the file format (default: from the file extension)')
    .option('--dry-run', 'show what would be created, unchanged or refused, and write nothing')
    .option('--side <NAME=NATION...>', 'ORBAT Mapper / MSDL side → nation, e.g. --side Blue=USA Red=UNK')
    .option('--valid-from <date>', 'valid-from for records the file gives no date for')
    .option('--progress', 'show a progress bar on standard error even when it is not a terminal')
    .action(
      action(
        async (
          services,
          out,
          file: string,
          options: { format?: string; dryRun?: boolean; side?: string[]; validFrom?: string; progress?: boolean },
        ) => {
          const format = options.format ? formatNamed(options.format) : formatForFile(file);
          const size = statSync(file).size;
          const sides = sidePairs(options.side);
          const bar = readingBar(size, format.title, { json: out.json, forced: Boolean(options.progress) });
          const result = await services.interchange
            .importFile(SYSTEM_ACTOR, readFileSync(file), {
              format: format.name,
              dryRun: Boolean(options.dryRun),
              convert: {
                ...(sides ? { sideNations: sides } : {}),
                ...(options.validFrom ? { validFrom: toInstant(options.validFrom, '--valid-from') } : {}),
                ...(bar ? { onProgress: (done: number) => bar.update(done) } : {}),
              },
            })
            .finally(() => bar?.stop());
          const where = (issue: { line?: number; row?: number; path?: string }) =>
            issue.line ? `line ${issue.line}` : issue.row ? `row ${issue.row}` : (issue.path ?? '');
          const lines = [
            `${format.title}: ${result.issues.filter((i) => i.severity === 'error').length} error(s), ${result.issues.filter((i) => i.severity === 'warning').length} warning(s) reading the file`,
            ...result.issues.slice(0, 40).map((issue) => `  ${issue.severity} ${where(issue)}: ${issue.message}`),
            ...(result.issues.length > 40 ? [`  … and ${result.issues.length - 40} more (--json lists all)`] : []),
            `would create ${result.create.units} unit slice(s) and ${result.create.relationships} relationship(s); ${result.unchanged} unchanged`,
            ...result.refused.map((refusal) => `refused ${refusal.path}: ${refusal.reason}`),
            ...result.violations.map(
              (violation) => `${violation.severity ?? 'error'} ${violation.code}: ${violation.message}`,
            ),
            result.committed ? `committed as transaction ${result.committed.id}` : 'nothing written',
          ];
          out.print(lines.join('\n'), result);
          if (!options.dryRun && !result.committed) process.exitCode = 1;
        },
      ),
    );

  program
    .command('export')
    .description(`export what you may read, in a format (${FORMAT_NAMES}); the first line or banner states its marking`)
    .option('-f, --format <name>', 'the file format (default: from --out, else c2)')
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .option('--at <date>', 'for formats that hold one state per unit: the state at this date (default: latest)')
    .option('--known-at <date>', 'record time')
    .action(
      readAction(async (reader, out, options: { format?: string; out?: string; at?: string; knownAt?: string }) => {
        const format = options.format
          ? formatNamed(options.format)
          : options.out
            ? formatForFile(options.out)
            : formatNamed('c2');
        const document = await reader.force.exportDocument(
          SYSTEM_ACTOR,
          options.knownAt ? { knownAt: toInstant(options.knownAt, '--known-at') } : {},
        );
        const content = await format.write(document, {
          now: reader.clock.now(),
          ...(options.at ? { at: toInstant(options.at, '--at') } : {}),
        });
        if (!options.out) {
          process.stdout.write(content);
          return;
        }
        writeFileSync(options.out, content);
        out.print(
          `${document.marking}: wrote ${document.units.length} unit slice(s) and ${document.relationships.length} relationship(s) as ${format.title} to ${options.out}`,
          {
            file: options.out,
            format: format.name,
            marking: document.marking,
            units: document.units.length,
            relationships: document.relationships.length,
          },
        );
      }),
    );
}
