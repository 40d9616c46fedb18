import { hostname } from 'node:os';
import type { Command } from 'commander';
import { C2Error } from '../domain/errors.js';
import { ApiClient, saveCredential, savedCredential } from './client.js';
import { output, reportError } from './output.js';
import { readLine, readSecret } from './prompt.js';

/** `c2 login` / `c2 logout`: a personal API token for this machine, saved 0600, used by commands given --server. */
export function registerAuthCommands(program: Command): void {
  const globals = () => program.opts<{ json?: boolean; server?: string }>();
  const serverOf = (_options: unknown) => {
    const server = globals().server ?? process.env.C2_SERVER;
    if (!server) throw new C2Error('C2_BAD_INPUT', 'give --server URL (or set C2_SERVER)');
    return server;
  };

  program
    .command('login')
    .description('sign in to a server and save an API token for this machine')
    .option('-u, --username <name>', 'username (asked if not given)')
    .option('--days <n>', 'token lifetime in days', (value) => Number.parseInt(value, 10), 30)
    .action(async (options: { server?: string; username?: string; days: number }) => {
      const out = output(Boolean(globals().json));
      try {
        const server = serverOf(options);
        const username = options.username ?? (await readLine('Username: '));
        const password = await readSecret('Password: ');
        const anonymous = new ApiClient(server);
        const login = await anonymous.request<{ csrfToken: string }>('POST', '/api/auth/login', {
          body: { username, password },
        });
        const cookie = (login.headers.getSetCookie?.() ?? []).map((line) => line.split(';')[0]).join('; ');
        const session = new ApiClient(server, { cookie, 'x-csrf-token': login.body.csrfToken });
        const expiresAt = new Date(Date.now() + options.days * 86_400_000).toISOString();
        const { body: token } = await session.request<{ token: string; id: string; expiresAt: string }>(
          'POST',
          '/api/auth/tokens',
          { body: { name: `c2 CLI on ${hostname()}`.slice(0, 100), expiresAt } },
        );
        await session.request('POST', '/api/auth/logout');
        saveCredential(server, { token: token.token, tokenId: token.id, username, expiresAt: token.expiresAt });
        out.print(`signed in to ${server} as ${username}; token saved until ${token.expiresAt.slice(0, 10)}`, {
          server,
          username,
          expiresAt: token.expiresAt,
        });
      } catch (error) {
        process.exitCode = reportError(error, out.json);
      }
    });

  program
    .command('logout')
    .description('revoke and forget the saved API token of a server')
    .action(async (options: { server?: string }) => {
      const out = output(Boolean(globals().json));
      try {
        const server = serverOf(options);
        const saved = savedCredential(server);
        if (saved) {
          await ApiClient.signedIn(server)
            .request('DELETE', `/api/auth/tokens/${saved.tokenId}`)
            .catch(() => undefined);
          saveCredential(server, undefined);
        }
        out.print(saved ? `signed out of ${server}` : `not signed in to ${server}`, {
          server,
          signedOut: Boolean(saved),
        });
      } catch (error) {
        process.exitCode = reportError(error, out.json);
      }
    });
}
