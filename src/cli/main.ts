#!/usr/bin/env node
import { Command, Option } from 'commander';
import { RELATIONSHIP_KINDS, type RelationshipKind } from '../domain/command/relationship.js';
import { RULES } from '../domain/command/validate.js';
import type { UnitSlice } from '../domain/force/unit.js';
import { toInstant } from '../domain/time/instant.js';
import { DEFAULT_DB, openApp } from '../compose.js';
import { SYSTEM_ACTOR } from '../services/actor.js';
import type { FlatDiff } from '../services/force.js';
import type { TreeView } from '../services/guard.js';
import type { Services } from '../services/index.js';
import { ApiClient, type Reader, remoteReader } from './client.js';
import { output, reportError, table } from './output.js';
import { registerCoordinationCommands } from './coordination.js';
import { registerCopCommands } from './cop.js';
import { registerMissionCommands } from './missions.js';
import { registerPlanCommands } from './plans.js';
import { registerAdminCommands } from './admin.js';
import { registerAuditCommands } from './audit.js';
import { registerAuthCommands } from './auth.js';
import { registerInterchangeCommands } from './interchange.js';
import { registerLabelCommands } from './labels.js';
import { serve } from './serve.js';

const program = new Command('c2')
  .description('Alliance C2: force structure, command relationships over time, plans and the operational picture')
  .option('--db <path>', 'SQLite file, or a postgres:// URL', DEFAULT_DB)
  .option('--json', 'machine-readable output')
  .option('--server <url>', 'ask this server (after c2 login) instead of opening the store; or set C2_SERVER')
  .showHelpAfterError();

const kindOption = () =>
  new Option('-k, --kind <kind>', 'relationship kind').choices([...RELATIONSHIP_KINDS]).default('OPCON');
const timeOptions = (command: Command) =>
  command
    .option('--at <date>', 'valid time: the date the structure is shown for (default now)')
    .option('--known-at <date>', 'record time: what the system knew then (default now)');

interface Globals {
  db: string;
  json?: boolean;
  server?: string;
}

/** Open the app, run one command against it, close, and turn errors into a clear message and exit code 1. */
function action<A extends unknown[]>(
  run: (services: Services, out: ReturnType<typeof output>, ...args: A) => Promise<void> | void,
) {
  return async (...args: A) => {
    const globals = program.opts<Globals>();
    const out = output(Boolean(globals.json));
    let services: Services | undefined;
    try {
      services = await openApp({ db: globals.db });
      await run(services, out, ...args);
    } catch (error) {
      process.exitCode = reportError(error, out.json);
    } finally {
      await services?.close();
    }
  };
}

/**
 * Like `action` for the read commands, which also run against a server: with --server (or C2_SERVER) they ask the
 * REST API with the saved token instead of opening the store.
 */
function readAction<A extends unknown[]>(
  run: (reader: Reader, out: ReturnType<typeof output>, ...args: A) => Promise<void> | void,
) {
  return async (...args: A) => {
    const server = program.opts<Globals>().server ?? process.env.C2_SERVER;
    if (!server) return action(run)(...args);
    const out = output(Boolean(program.opts<Globals>().json));
    try {
      await run(remoteReader(ApiClient.signedIn(server)), out, ...args);
    } catch (error) {
      process.exitCode = reportError(error, out.json);
    }
  };
}

function axes(services: Reader, options: { at?: string; knownAt?: string }) {
  return {
    at: options.at ? toInstant(options.at, '--at') : services.clock.now(),
    ...(options.knownAt ? { knownAt: toInstant(options.knownAt, '--known-at') } : {}),
  };
}

const personnel = (unit: UnitSlice) => unit.personnel.assigned ?? unit.personnel.authorized ?? '';

timeOptions(
  program
    .command('units')
    .description('list units in existence at a date')
    .option('-q, --query <text>', 'search by name or short name')
    .option('--nation <trigraph>', 'only this nation, e.g. USA or JPN'),
).action(
  readAction(async (services, out, options: { at?: string; knownAt?: string; query?: string; nation?: string }) => {
    const units = await services.force.listUnits(SYSTEM_ACTOR, axes(services, options), {
      ...(options.query ? { q: options.query } : {}),
      ...(options.nation ? { nation: options.nation.toUpperCase() } : {}),
    });
    out.print(
      `${table(
        ['ID', 'SHORT NAME', 'NAME', 'NATION', 'SERVICE', 'ECHELON', 'STATION', 'PERSONNEL'],
        units.map((u) => [
          u.id,
          u.shortName,
          u.name,
          u.nation,
          u.service,
          u.echelon,
          u.homeStation?.name,
          personnel(u),
        ]),
        36,
      )}\n${units.length} unit(s)`,
      units,
    );
  }),
);

timeOptions(
  program.command('show <unit>').description('one unit: details, controllers, superiors and subordinates'),
).action(
  readAction(async (services, out, unitId: string, options: { at?: string; knownAt?: string }) => {
    const detail = await services.force.detail(SYSTEM_ACTOR, unitId, axes(services, options));
    const { unit } = detail;
    const lines = [
      `${unit.name} (${unit.shortName})  [${services.marking([unit])}]`,
      `  id ${unit.id} · ${unit.nation} ${unit.service} · ${unit.echelon} · SIDC ${unit.sidc}`,
      `  station ${unit.homeStation ? `${unit.homeStation.name} (${unit.homeStation.lat.toFixed(4)}, ${unit.homeStation.lon.toFixed(4)})` : '—'}`,
      `  personnel authorized ${unit.personnel.authorized ?? '—'}, assigned ${unit.personnel.assigned ?? '—'}${unit.personnel.source ? ` (${unit.personnel.source})` : ''}`,
      `  valid ${unit.valid.from.slice(0, 10)} → ${unit.valid.to?.slice(0, 10) ?? 'open'}`,
      '',
      'Controlled by:',
      ...Object.entries(detail.controllers).map(
        ([kind, holder]) =>
          `  ${kind.padEnd(13)} ${holder.unit.shortName} (${holder.relationship.basis || 'no basis'})`,
      ),
      ...(detail.higherHq
        ? [
            `Higher HQ ${detail.higherHq.unit.shortName}: ${Math.round(detail.higherHq.distanceKm).toLocaleString('en-US')} km` +
              (detail.higherHq.timeDifferenceHours == null
                ? ''
                : `, ${detail.higherHq.timeDifferenceHours} h time difference`),
          ]
        : []),
      '',
      `Subordinates (${detail.subordinates.length}):`,
      ...detail.subordinates.map(
        (edge) => `  ${edge.relationship.kind.padEnd(13)} ${edge.unit.shortName}  ${edge.unit.name}`,
      ),
    ];
    out.print(lines.join('\n'), detail);
  }),
);

timeOptions(
  program
    .command('chain <unit>')
    .description('chain of command from a unit up to the national command authority')
    .addOption(kindOption()),
).action(
  readAction(
    async (services, out, unitId: string, options: { at?: string; knownAt?: string; kind: RelationshipKind }) => {
      const chain = await services.force.chain(SYSTEM_ACTOR, unitId, options.kind, axes(services, options));
      const human = chain
        .map((link, depth) =>
          'unit' in link
            ? `${'  '.repeat(depth)}${depth === 0 ? '' : `↑ ${link.via?.kind ?? link.statute ?? ''} `}${link.unit.shortName}  ${link.unit.name}`
            : `${'  '.repeat(depth)}↑ (withheld)`,
        )
        .join('\n');
      out.print(human, chain);
    },
  ),
);

timeOptions(
  program
    .command('tree [root]')
    .description('what sits under a command (or the whole force) at a date')
    .option('--kinds <list>', 'relationship kinds, comma-separated', 'COCOM,OPCON')
    .option('--nation <trigraph>', 'only this nation')
    .option('--depth <n>', 'levels below the root', (value) => Number.parseInt(value, 10)),
).action(
  readAction(
    async (
      services,
      out,
      root: string | undefined,
      options: { at?: string; knownAt?: string; kinds: string; nation?: string; depth?: number },
    ) => {
      const kinds = options.kinds.split(',').map((kind) => kind.trim().toUpperCase()) as RelationshipKind[];
      const time = axes(services, options);
      const roots = root
        ? [await services.force.subtree(SYSTEM_ACTOR, root, kinds, time, options.depth)]
        : await services.force.forest(SYSTEM_ACTOR, kinds, time, options.nation?.toUpperCase());
      const lines: string[] = [];
      const walk = (node: TreeView, prefix: string, last: boolean, top: boolean) => {
        const text =
          'unit' in node
            ? `${node.via ? `[${node.via.kind}] ` : ''}${node.unit.shortName} — ${node.unit.name}`
            : '(withheld)';
        lines.push(`${top ? '' : `${prefix}${last ? '└─ ' : '├─ '}`}${text}`);
        const children = node.children;
        children.forEach((child, index) => {
          walk(child, top ? '' : `${prefix}${last ? '   ' : '│  '}`, index === children.length - 1, false);
        });
      };
      for (const node of roots) walk(node, '', true, true);
      out.print(lines.join('\n'), roots);
    },
  ),
);

program
  .command('diff')
  .description('how the structure changed between two dates')
  .requiredOption('--from <date>', 'earlier date')
  .requiredOption('--to <date>', 'later date')
  .option('--known-at <date>', 'record time')
  .action(
    readAction(async (services, out, options: { from: string; to: string; knownAt?: string }) => {
      const diff = await services.force.diff(
        SYSTEM_ACTOR,
        toInstant(options.from, '--from'),
        toInstant(options.to, '--to'),
        options.knownAt ? toInstant(options.knownAt, '--known-at') : undefined,
      );
      out.print(formatDiff(diff), diff);
    }),
  );

program
  .command('history <unit>')
  .description('full history of one unit, with when each fact was recorded')
  .action(
    readAction(async (services, out, unitId: string) => {
      const events = await services.force.history(SYSTEM_ACTOR, unitId);
      out.print(
        table(
          ['VALID FROM', 'RECORDED', 'EVENT'],
          events.map((event) => [
            event.validAt.slice(0, 10),
            event.recordedAt.slice(0, 19).replace('T', ' '),
            event.summary,
          ]),
          90,
        ),
        events,
      );
    }),
  );

program
  .command('validate')
  .description('check the whole force against the doctrine rules')
  .option('--known-at <date>', 'record time')
  .action(
    readAction(async (services, out, options: { knownAt?: string }) => {
      const violations = await services.force.validate(
        SYSTEM_ACTOR,
        options.knownAt ? toInstant(options.knownAt, '--known-at') : undefined,
      );
      const errors = violations.filter((violation) => (violation.severity ?? 'error') === 'error');
      out.print(
        violations.length === 0
          ? 'The force satisfies every doctrine rule.'
          : `${table(
              ['SEVERITY', 'CODE', 'MESSAGE'],
              violations.map((v) => [v.severity ?? 'error', v.code, v.message]),
              140,
            )}\n${errors.length} error(s), ${violations.length - errors.length} warning(s)`,
        violations,
      );
      if (errors.length > 0) process.exitCode = 1;
    }),
  );

program
  .command('rules')
  .description('the doctrine rules the system enforces, with their sources')
  .action(() => {
    const out = output(Boolean(program.opts<Globals>().json));
    const rules = RULES.map(({ code, title, doctrine }) => ({ code, title, doctrine }));
    out.print(
      table(
        ['CODE', 'RULE', 'DOCTRINE'],
        rules.map((r) => [r.code, r.title, r.doctrine]),
        80,
      ),
      rules,
    );
  });

program
  .command('serve')
  .description('run the server: REST API, web application')
  .option('--demo', 'load the demo scenario if the store is empty')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'HTTP port', (value) => Number.parseInt(value, 10), 8080)
  .option('--tls-cert <file>', 'PEM certificate: serve HTTPS')
  .option('--tls-key <file>', 'PEM private key for --tls-cert')
  .action(async (options: { demo?: boolean; host: string; port: number; tlsCert?: string; tlsKey?: string }) => {
    const globals = program.opts<Globals>();
    try {
      if (Boolean(options.tlsCert) !== Boolean(options.tlsKey)) throw new Error('give both --tls-cert and --tls-key');
      await serve({
        db: globals.db,
        demo: Boolean(options.demo),
        host: options.host,
        port: options.port,
        ...(options.tlsCert && options.tlsKey ? { tlsCert: options.tlsCert, tlsKey: options.tlsKey } : {}),
      });
    } catch (error) {
      process.exitCode = reportError(error, Boolean(globals.json));
    }
  });

registerAuthCommands(program);
registerAdminCommands(program);
registerAuditCommands(program);

function formatDiff(diff: FlatDiff): string {
  const lines: string[] = [];
  for (const unit of diff.unitsAdded) lines.push(`+ unit ${unit.shortName} (${unit.id})`);
  for (const unit of diff.unitsRemoved) lines.push(`- unit ${unit.shortName} (${unit.id})`);
  for (const change of diff.unitsChanged)
    lines.push(`~ unit ${change.id}: ${change.fields.map((f) => f.field).join(', ')}`);
  for (const rel of diff.relationshipsAdded) lines.push(`+ ${rel.kind} ${rel.superiorId} → ${rel.subordinateId}`);
  for (const rel of diff.relationshipsRemoved) lines.push(`- ${rel.kind} ${rel.superiorId} → ${rel.subordinateId}`);
  return lines.length > 0 ? lines.join('\n') : 'no change';
}

registerInterchangeCommands(program, { action, readAction });
registerLabelCommands(program, { action });
registerPlanCommands(program, { action });
registerMissionCommands(program, { action });
registerCoordinationCommands(program, { action });
registerCopCommands(program, { action });

await program.parseAsync(process.argv);
