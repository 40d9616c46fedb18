import type { Command } from 'commander';
import { toInstant } from '../domain/time/instant.js';
import { SYSTEM_ACTOR } from '../services/actor.js';
import type { Services } from '../services/index.js';
import { type Output, table } from './output.js';

/** main.ts's wrapper: opens the app, runs, closes, and reports errors with an exit code. */
export interface ActionHelper {
  action<A extends unknown[]>(
    run: (services: Services, out: Output, ...args: A) => Promise<void> | void,
  ): (...args: A) => Promise<void>;
}

export const atOf = (services: Services, at?: string) => (at ? toInstant(at, '--at') : services.clock.now());
const knownOf = (knownAt?: string) => (knownAt ? toInstant(knownAt, '--known-at') : undefined);
const span = (valid: { from: string; to: string | null }) =>
  `${valid.from.slice(0, 10)}..${valid.to?.slice(0, 10) ?? ''}`;

/** `c2 missions …`: missions, their checks and who is responsible for what, as the local system user. */
export function registerMissionCommands(program: Command, { action }: ActionHelper): void {
  const missions = program.command('missions').description('missions, responsibilities and their checks');

  missions
    .command('list')
    .description('missions (active at a date with --at)')
    .option('--at <date>', 'only missions active then')
    .option('--known-at <date>', 'record time')
    .action(
      action(async (services, out, options: { at?: string; knownAt?: string }) => {
        const known = knownOf(options.knownAt);
        const list = await services.missions.list(SYSTEM_ACTOR, {
          ...(options.at ? { at: toInstant(options.at, '--at') } : {}),
          ...(known ? { knownAt: known } : {}),
        });
        out.print(
          table(
            ['ID', 'LEAD', 'KIND', 'VALID', 'MARKING', 'NAME'],
            list.map((m) => [m.id, m.lead ?? '(none)', m.kind, span(m.valid), services.marking([m]), m.name]),
            70,
          ),
          list,
        );
      }),
    );

  missions
    .command('show <mission>')
    .description('one mission: lead, supporting commands, forces')
    .action(
      action(async (services, out, id: string) => {
        const m = await services.missions.get(SYSTEM_ACTOR, id);
        const lines = [
          `${m.name} (${m.id})  [${services.marking([m])}]`,
          `  lead ${m.lead ?? '(none)'} · ${m.kind ?? 'no kind'} · valid ${span(m.valid)}`,
          ...m.supporting.map((s) => `  ${s.category.padEnd(10)} ${s.unitId}`),
          ...(m.forces?.length ? [`  forces ${m.forces.join(', ')}`] : []),
          ...(m.description ? ['', m.description] : []),
        ];
        out.print(lines.join('\n'), m);
      }),
    );

  missions
    .command('check')
    .description('run the mission checks (exit code 1 when any finding)')
    .option('--known-at <date>', 'record time')
    .action(
      action(async (services, out, options: { knownAt?: string }) => {
        const known = knownOf(options.knownAt);
        const findings = await services.missions.check(SYSTEM_ACTOR, known ? { knownAt: known } : {});
        out.print(
          findings.length === 0
            ? 'Every mission passes the checks.'
            : `${table(
                ['CODE', 'MESSAGE'],
                findings.map((f) => [f.code, f.message]),
                160,
              )}\n${findings.length} finding(s)`,
          findings,
        );
        if (findings.length > 0) process.exitCode = 1;
      }),
    );

  missions
    .command('matrix')
    .description('responsibility matrix at a date: missions by commands (L lead, S support, C coordinate)')
    .option('--at <date>', 'valid time (default now)')
    .action(
      action(async (services, out, options: { at?: string }) => {
        const matrix = await services.missions.matrix(SYSTEM_ACTOR, atOf(services, options.at));
        const letter = { LEAD: 'L', SUPPORT: 'S', COORDINATE: 'C' } as const;
        const rows = matrix.missionIds.map((id) => [
          id,
          ...matrix.unitIds.map((unitId) => {
            const role = matrix.cells[id]?.[unitId];
            return role ? letter[role] : '·';
          }),
        ]);
        out.print(table(['MISSION', ...matrix.unitIds], rows, 40), matrix);
      }),
    );

  missions
    .command('responsible')
    .description('commands responsible for a point at a date')
    .requiredOption('--lat <deg>', 'latitude', Number.parseFloat)
    .requiredOption('--lon <deg>', 'longitude', Number.parseFloat)
    .option('--at <date>', 'valid time (default now)')
    .action(
      action(async (services, out, options: { lat: number; lon: number; at?: string }) => {
        const entries = await services.missions.responsible(
          SYSTEM_ACTOR,
          { point: { lat: options.lat, lon: options.lon } },
          atOf(services, options.at),
        );
        out.print(
          table(
            ['MISSION', 'COMMAND', 'ROLE'],
            entries.map((e) => [e.missionId, e.unitId, e.role]),
          ),
          entries,
        );
      }),
    );

  missions
    .command('of <command>')
    .description('missions a command takes part in at a date, with its role')
    .option('--at <date>', 'valid time (default now)')
    .action(
      action(async (services, out, unitId: string, options: { at?: string }) => {
        const entries = await services.missions.ofCommand(SYSTEM_ACTOR, unitId, atOf(services, options.at));
        out.print(
          table(
            ['ROLE', 'MISSION', 'NAME'],
            entries.map((e) => [e.role, e.mission.id, e.mission.name]),
            70,
          ),
          entries,
        );
      }),
    );
}
