import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describeOperation } from '../domain/reorg/plan.js';
import type { ResponsibilityImpact } from '../domain/reorg/responsibility.js';
import { toInstant } from '../domain/time/instant.js';
import { renderPlanReport } from '../report/plan-report.js';
import { SYSTEM_ACTOR } from '../services/actor.js';
import type { Services } from '../services/index.js';
import type { PlanStep } from '../services/plans.js';
import { type Output, table } from './output.js';

export interface CommandHelpers {
  /** main.ts's wrapper: opens the app, runs, closes, and reports errors with an exit code. */
  action<A extends unknown[]>(
    run: (services: Services, out: Output, ...args: A) => Promise<void> | void,
  ): (...args: A) => Promise<void>;
}

const STEPS: PlanStep[] = ['propose', 'withdraw', 'approve', 'execute', 'rollback'];

/** `c2 plans …`: the plan workflow from the terminal, as the local system user; `--json` everywhere. */
export function registerPlanCommands(program: Command, { action }: CommandHelpers): void {
  const plans = program.command('plans').description('reorganization plans: draft, validate, brief, approve, execute');

  plans
    .command('list')
    .description('plans and their state')
    .action(
      action(async (services, out) => {
        const list = await services.plans.list(SYSTEM_ACTOR);
        out.print(
          table(
            ['ID', 'STATE', 'PHASES', 'OPS', 'FIRST DATE', 'TITLE'],
            list.map((p) => [p.id, p.state, p.phases, p.operations, p.firstDate?.slice(0, 10), p.title]),
            60,
          ),
          list,
        );
      }),
    );

  plans
    .command('show <plan>')
    .description('one plan: phases, operations, history')
    .action(
      action(async (services, out, id: string) => {
        const plan = await services.plans.get(SYSTEM_ACTOR, id);
        const lines = [`${plan.title} (${plan.id})  [${services.plans.marking(plan)}]`, `  state ${plan.state}`, ''];
        for (const phase of plan.phases) {
          lines.push(`${phase.effectiveDate.slice(0, 10)}  ${phase.name} (${phase.id})`);
          for (const op of phase.operations)
            lines.push(`  ${op.id.padEnd(28)} ${'withheld' in op ? '(withheld)' : describeOperation(op)}`);
        }
        lines.push(
          '',
          'History:',
          ...plan.history.map(
            (h) =>
              `  ${h.at.slice(0, 19).replace('T', ' ')}  ${h.actor}  ${h.action}  ${h.from ?? '—'} → ${h.to}${h.note ? `  (${h.note})` : ''}`,
          ),
        );
        out.print(lines.join('\n'), plan);
      }),
    );

  plans
    .command('create <file>')
    .description('draft a plan from a JSON file (a plan, or an alliance-c2/plan document)')
    .action(
      action(async (services, out, file: string) => {
        const plan = await services.plans.create(SYSTEM_ACTOR, planFromFile(file));
        out.print(`created plan ${plan.id} (${plan.state})`, plan);
      }),
    );

  plans
    .command('edit <plan> <file>')
    .description("replace a draft plan's content from a JSON file")
    .action(
      action(async (services, out, id: string, file: string) => {
        const plan = await services.plans.update(SYSTEM_ACTOR, id, planFromFile(file));
        out.print(`updated plan ${plan.id}`, plan);
      }),
    );

  plans
    .command('validate <plan>')
    .description('doctrine violations the plan introduces at every phase date, and conflicts with other plans')
    .action(
      action(async (services, out, id: string) => {
        const v = await services.plans.validation(SYSTEM_ACTOR, id);
        const lines = [
          v.valid
            ? 'The plan breaks no doctrine rule at any phase date.'
            : `The plan cannot be approved: ${v.errors} error(s).`,
          ...(v.basedOn.length ? [`validated on top of approved plan(s): ${v.basedOn.join(', ')}`] : []),
        ];
        if (v.violations.length > 0) {
          lines.push(
            table(
              ['SEVERITY', 'PHASE', 'OPERATIONS', 'CODE', 'MESSAGE'],
              v.violations.map((x) => [x.severity ?? 'error', x.phaseId, x.operationIds.join(','), x.code, x.message]),
              120,
            ),
          );
        }
        if (v.conflicts.length > 0)
          lines.push('Conflicts:', ...v.conflicts.map((c) => `  ${c.severity ?? 'error'}: ${c.message}`));
        lines.push(`${v.errors} error(s), ${v.warnings} warning(s)`);
        out.print(lines.join('\n'), v);
        if (!v.valid) process.exitCode = 1;
      }),
    );

  plans
    .command('impact <plan>')
    .description(
      'impact of the whole plan (or one phase): relationships, span, personnel, orphans, chains, mission responsibilities, invariants',
    )
    .option('--phase <id>', 'one phase only')
    .action(
      action(async (services, out, id: string, options: { phase?: string }) => {
        const result = await services.plans.impact(SYSTEM_ACTOR, id);
        const impact = options.phase ? result.phases.find((p) => p.phaseId === options.phase)?.impact : result.whole;
        if (!impact) throw new Error(`no phase '${options.phase}' in plan ${id}`);
        const n = (x: string) => impact.names[x] ?? x;
        const kinds = (record: Partial<Record<string, string[]>>) =>
          Object.entries(record)
            .map(([kind, ids]) => `${kind} ${(ids ?? []).map(n).join(',')}`)
            .join('; ');
        const lines = [
          `Impact at ${impact.at.slice(0, 10)}`,
          '',
          table(
            ['COMMAND', 'GAINED', 'LOST', 'SPAN'],
            impact.commands.map((c) => [
              n(c.commandId),
              kinds(c.gained),
              kinds(c.lost),
              `${c.span.before} → ${c.span.after}`,
            ]),
            60,
          ),
          '',
          table(
            ['COMMAND', 'PERSONNEL UNDER OPCON', 'UNITS'],
            impact.personnel.map((p) => [
              n(p.commandId),
              `${p.before.personnel} → ${p.after.personnel}`,
              `${p.before.units} → ${p.after.units}`,
            ]),
          ),
          '',
          impact.orphaned.length
            ? table(
                ['LEFT WITHOUT A SUPERIOR', 'MISSING'],
                impact.orphaned.map((o) => [n(o.unitId), o.missing.join(', ')]),
              )
            : 'No unit is left without a required superior.',
          '',
          table(
            ['CHAIN', 'CHANGE', 'BEFORE', 'AFTER'],
            impact.chains.map((c) => [n(c.unitId), c.change, c.before.map(n).join(' > '), c.after.map(n).join(' > ')]),
            70,
          ),
          '',
          ...responsibilityLines(impact.responsibility),
          '',
          table(
            ['INVARIANT', 'HOLDS'],
            impact.invariants.map((i) => [i.name, i.holds ? 'yes' : 'NO']),
          ),
        ];
        out.print(lines.join('\n'), options.phase ? impact : result);
      }),
    );

  plans
    .command('compare <plan>')
    .description('as-is and to-be side by side: every unit added, removed, moved or changed')
    .option('--at <date>', 'valid date of both charts (default: the last phase date)')
    .option('--kinds <list>', 'relationship kinds the trees follow', 'COCOM,OPCON')
    .action(
      action(async (services, out, id: string, options: { at?: string; kinds: string }) => {
        const comparison = await services.plans.compare(SYSTEM_ACTOR, id, {
          ...(options.at ? { at: toInstant(options.at, '--at') } : {}),
          kinds: options.kinds.split(',').map((k) => k.trim().toUpperCase()) as never,
        });
        const place = (p: { superiorId: string | null; kind: string | null } | null) =>
          p ? `${p.kind ?? ''} ${p.superiorId ?? '(top)'}`.trim() : '—';
        out.print(
          `${table(
            ['UNIT', 'MARK', 'AS-IS', 'TO-BE', 'CHANGED'],
            comparison.rows.map((r) => [r.shortName, r.mark, place(r.asIs), place(r.toBe), r.changes.join(', ')]),
            60,
          )}\n${comparison.rows.length} unit(s) differ at ${comparison.at.slice(0, 10)}`,
          comparison,
        );
      }),
    );

  for (const step of STEPS) {
    plans
      .command(`${step} <plan>`)
      .description(`${step} a plan`)
      .option('--note <text>', 'a note for the history')
      .action(
        action(async (services, out, id: string, options: { note?: string }) => {
          const plan = await services.plans.step(SYSTEM_ACTOR, id, step, options.note);
          const tx =
            plan.executedTx && step === 'execute'
              ? ` in transaction ${plan.executedTx}`
              : plan.rollbackTx
                ? ` in transaction ${plan.rollbackTx}`
                : '';
          out.print(`plan ${plan.id} is now ${plan.state}${tx}`, plan);
        }),
      );
  }

  plans
    .command('report <plan>')
    .description('write the briefing-ready impact report (HTML, prints cleanly to PDF)')
    .requiredOption('-o, --out <file>', 'HTML file to write')
    .action(
      action(async (services, out, id: string, options: { out: string }) => {
        const html = await renderPlanReport(services, SYSTEM_ACTOR, id);
        writeFileSync(options.out, html);
        out.print(`wrote ${options.out} (${html.length.toLocaleString('en-US')} bytes)`, {
          file: options.out,
          bytes: html.length,
        });
      }),
    );
}

/** Mission roles gained, lost and changed per command, and who answers for each changed mission's area. */
function responsibilityLines(r: ResponsibilityImpact): string[] {
  const unit = (id: string) => r.names[id] ?? id;
  const roles = (list: Array<{ missionId: string; role: string }>) =>
    list.map((x) => `${x.role} ${x.missionId}`).join(', ');
  if (r.commands.length === 0) return ['No command gains, loses or changes a mission role.'];
  return [
    table(
      ['COMMAND', 'MISSIONS GAINED', 'LOST', 'ROLE CHANGED'],
      r.commands.map((c) => [
        unit(c.commandId),
        roles(c.gained),
        roles(c.lost),
        c.changed.map((x) => `${x.missionId} ${x.before}→${x.after}`).join(', '),
      ]),
      60,
    ),
    ...(r.responsibleFor.length > 0
      ? [
          '',
          table(
            ['RESPONSIBLE FOR THE AREA OF', 'CHANGES'],
            r.responsibleFor.map((p) => {
              const before = new Map(p.before.map((x) => [x.unitId, x.role]));
              const after = new Map(p.after.map((x) => [x.unitId, x.role]));
              const changes = [...new Set([...before.keys(), ...after.keys()])]
                .filter((id) => before.get(id) !== after.get(id))
                .map((id) => `${unit(id)} ${before.get(id) ?? '—'}→${after.get(id) ?? '—'}`);
              return [p.missionId, changes.join(', ')];
            }),
            90,
          ),
        ]
      : []),
  ];
}

/** A plan file holds either the plan itself or an alliance-c2/plan document around it. */
export function planFromFile(file: string): unknown {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { format?: string; plan?: unknown };
  return json.format === 'alliance-c2/plan' ? json.plan : json;
}
