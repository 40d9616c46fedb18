import type { Command } from 'commander';
import { openApp } from '../compose.js';
import type { Services } from '../services/index.js';
import { output, reportError, table } from './output.js';

/** `c2 audit verify|list` on the local store, with the key and anchor kept beside it. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  const globals = () => program.opts<{ db: string; json?: boolean }>();
  const run = (work: (services: Services, out: ReturnType<typeof output>) => Promise<void>) => async () => {
    const out = output(Boolean(globals().json));
    let services: Services | undefined;
    try {
      services = await openApp({ db: globals().db });
      await work(services, out);
    } catch (error) {
      process.exitCode = reportError(error, out.json);
    } finally {
      await services?.close();
    }
  };

  audit
    .command('verify')
    .description('check every entry against the chain, the key and the anchor; exit 1 naming each problem by seq')
    .action(
      run(async (services, out) => {
        const report = await services.audit.verify();
        const anchor = report.anchor ? `, anchor at seq ${report.anchor.seq}` : ', no anchor';
        out.print(
          report.ok
            ? `OK: ${report.entries} entries, chain intact${anchor}`
            : [
                `FAILED: ${report.problems.length} problem(s) in ${report.entries} entries${anchor}`,
                ...report.problems.map(
                  (p) => `  seq ${p.seq}${p.throughSeq ? `-${p.throughSeq}` : ''} ${p.kind}: ${p.message}`,
                ),
              ].join('\n'),
          report,
        );
        if (!report.ok) process.exitCode = 1;
      }),
    );

  audit
    .command('list')
    .description('audit entries, newest last')
    .option('--limit <n>', 'how many', (value) => Number.parseInt(value, 10), 50)
    .option('--action <name>', 'only this action, or a prefix such as auth')
    .action(async (options: { limit: number; action?: string }) =>
      run(async (services, out) => {
        const entries = await services.audit.list({
          limit: options.limit,
          ...(options.action ? { action: options.action } : {}),
        });
        out.print(
          table(
            ['SEQ', 'AT', 'ACTOR', 'ACTION', 'TARGET', 'OUTCOME'],
            entries.map((e) => [e.seq, e.at.slice(0, 19).replace('T', ' '), e.actor, e.action, e.target, e.outcome]),
            60,
          ),
          entries,
        );
      })(),
    );
}
