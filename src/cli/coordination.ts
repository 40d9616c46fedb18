import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../services/actor.js';
import { type ActionHelper, atOf } from './missions.js';
import { table } from './output.js';

/** `c2 coord …`: counterparts, coordination bodies, requests and HQ separation, as the local system user. */
export function registerCoordinationCommands(program: Command, { action }: ActionHelper): void {
  const coord = program.command('coord').description('bilateral coordination: counterparts, bodies, requests');

  for (const box of ['inbox', 'outbox'] as const) {
    coord
      .command(`${box} <command>`)
      .description(`requests in a command's ${box}, with counts by state`)
      .action(
        action(async (services, out, commandId: string) => {
          const result = await services.coordination.list(SYSTEM_ACTOR, { commandId, box });
          const counts = Object.entries(result.counts)
            .filter(([, n]) => n > 0)
            .map(([state, n]) => `${state} ${n}`)
            .join(', ');
          out.print(
            `${table(
              ['ID', 'KIND', 'PRIORITY', 'STATE', 'FROM', 'TO', 'DEADLINE', 'SUBJECT'],
              result.requests.map((r) => [
                r.id,
                r.kind,
                r.priority,
                r.state,
                r.from.shortName,
                r.to.shortName,
                r.deadlineDtg?.zulu,
                r.subject,
              ]),
              60,
            )}\n${counts || 'no requests'}`,
            result,
          );
        }),
      );
  }

  coord
    .command('show <request>')
    .description('one request: deadline in Zulu and local DTGs, transitions, thread')
    .action(
      action(async (services, out, id: string) => {
        const r = await services.coordination.get(SYSTEM_ACTOR, id);
        const lines = [
          `${r.kind} ${r.id}: ${r.subject}  [${services.marking([r, ...r.thread])}]`,
          `  ${r.from.shortName} → ${r.to.shortName} · ${r.priority} · ${r.state}`,
          ...(r.deadlineDtg
            ? [`  deadline ${r.deadlineDtg.zulu} (${r.deadlineDtg.local.map((l) => l.dtg ?? l.timeZone).join(' / ')})`]
            : []),
          ...r.transitions.map((t) => `  ${t.at.slice(0, 16)}Z ${t.action.padEnd(11)} ${t.from} → ${t.to} by ${t.by}`),
          '',
          r.body,
          ...r.thread.map((reply) => `\n[${reply.kind} from ${reply.fromId}, ${reply.at.slice(0, 16)}Z] ${reply.body}`),
        ];
        out.print(lines.join('\n'), r);
      }),
    );

  coord
    .command('counterparts [command]')
    .description('counterpart links (of one command)')
    .option('--at <date>', 'valid time (default now)')
    .action(
      action(async (services, out, unitId: string | undefined, options: { at?: string }) => {
        const links = await services.coordination.counterparts(SYSTEM_ACTOR, {
          at: atOf(services, options.at),
          ...(unitId ? { unitId } : {}),
        });
        out.print(
          table(
            ['A', 'B', 'LEVEL', 'FROM', 'BASIS'],
            links.map((l) => [l.a, l.b, l.level, l.valid.from.slice(0, 10), l.basis]),
          ),
          links,
        );
      }),
    );

  coord
    .command('bodies')
    .description('bodies of the Alliance Coordination Mechanism and their members')
    .option('--at <date>', 'valid time (default now)')
    .action(
      action(async (services, out, options: { at?: string }) => {
        const bodies = await services.coordination.bodies(SYSTEM_ACTOR, { at: atOf(services, options.at) });
        out.print(
          table(
            ['ID', 'LEVEL', 'NAME', 'MEMBERS'],
            bodies.map((b) => [b.id, b.level, b.name, b.memberUnits.map((m) => m.shortName).join(', ')]),
            90,
          ),
          bodies,
        );
      }),
    );

  coord
    .command('separation <a> <b>')
    .description('distance, time difference and shared working hours of two headquarters')
    .option('--at <date>', 'instant (default now)')
    .option('--date <yyyy-mm-dd>', "working day in the first HQ's zone")
    .action(
      action((services, out, a: string, b: string, options: { at?: string; date?: string }) => {
        const s = services.coordination.separation(SYSTEM_ACTOR, a, b, atOf(services, options.at), options.date);
        const hours = s.workingHours
          ? `${(s.workingHours.minutes / 60).toFixed(1)} h shared on ${s.workingHours.date}` +
            s.workingHours.intervals.map((i) => ` [${i.from.zulu}–${i.to.zulu}]`).join('')
          : 'working hours unknown (no time zone)';
        out.print(
          [
            `${s.a.shortName} → ${s.b.shortName}: ${Math.round(s.distanceKm).toLocaleString('en-US')} km, bearing ${Math.round(s.bearingDeg)}°`,
            `time difference ${s.timeDifferenceHours ?? '?'} h; now ${s.at.zulu} = ${s.at.local.map((l) => l.dtg).join(' = ')}`,
            hours,
          ].join('\n'),
          s,
        );
      }),
    );

  coord
    .command('detect-overdue')
    .description('record the lapse of every request past its deadline')
    .action(
      action(async (services, out) => {
        const result = await services.coordination.detectOverdue(SYSTEM_ACTOR);
        out.print(`${result.recorded.length} request(s) recorded overdue at ${result.at}`, result);
      }),
    );
}
