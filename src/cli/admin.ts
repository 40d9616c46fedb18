import type { Command } from 'commander';
import { openApp } from '../compose.js';
import { SYSTEM_ACTOR } from '../services/actor.js';
import { output, reportError, table } from './output.js';
import { readSecret } from './prompt.js';

interface CreateOptions {
  name?: string;
  nation: string;
  clearance: string;
  roles: string;
  caveats?: string;
  homeCommand?: string;
  admin?: boolean;
}

/**
 * `c2 admin …` on the local store: whoever holds the database file administers it. This is how the first admin is
 * made; there is no default password anywhere.
 */
export function registerAdminCommands(program: Command): void {
  const admin = program.command('admin').description('users, on the local store (the first admin is made here)');
  const globals = () => program.opts<{ db: string; json?: boolean }>();

  admin
    .command('create-user <username>')
    .description('create a user; the password is read from the terminal (no echo) or the first line of stdin')
    .option('--name <name>', 'full name (default: the username)')
    .option('--nation <trigraph>', 'nation', 'USA')
    .option('--clearance <level>', 'clearance, a level of the security policy', 'UNCLASSIFIED')
    .option('--roles <list>', 'comma-separated: viewer, editor, planner, approver, fdo, admin', 'viewer')
    .option('--caveats <list>', 'access caveats the user is read in to, comma-separated')
    .option('--home-command <unit>', 'unit id of the home command')
    .option('--admin', 'add the admin role')
    .action(async (username: string, options: CreateOptions) => {
      const out = output(Boolean(globals().json));
      const services = await openApp({ db: globals().db }).catch((error) => {
        process.exitCode = reportError(error, out.json);
      });
      if (!services) return;
      try {
        const password = await readSecret(`Password for ${username}: `);
        const roles = new Set(
          options.roles
            .split(',')
            .map((role) => role.trim())
            .filter(Boolean),
        );
        if (options.admin) roles.add('admin');
        const user = await services.identity.createUser(SYSTEM_ACTOR, {
          username,
          password,
          name: options.name ?? username,
          nation: options.nation.toUpperCase(),
          clearance: options.clearance.toUpperCase(),
          roles: [...roles],
          caveats: options.caveats ? options.caveats.split(',').map((c) => c.trim()) : [],
          ...(options.homeCommand ? { homeCommand: options.homeCommand } : {}),
        });
        out.print(
          `created ${user.username} (${user.id}): ${user.nation} ${user.clearance}, ${user.roles.join(', ')}`,
          user,
        );
      } catch (error) {
        process.exitCode = reportError(error, out.json);
      } finally {
        await services.close();
      }
    });

  admin
    .command('list-users')
    .description('every user')
    .action(async () => {
      const out = output(Boolean(globals().json));
      const services = await openApp({ db: globals().db });
      try {
        const users = await services.identity.listUsers(SYSTEM_ACTOR);
        out.print(
          table(
            ['USERNAME', 'NAME', 'NATION', 'CLEARANCE', 'ROLES', 'DISABLED'],
            users.map((u) => [u.username, u.name, u.nation, u.clearance, u.roles.join(','), u.disabled ? 'yes' : '']),
          ),
          users,
        );
      } catch (error) {
        process.exitCode = reportError(error, out.json);
      } finally {
        await services.close();
      }
    });
}
