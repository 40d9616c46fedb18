import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildServer } from '../api/server.js';
import { DEMO_USERS, openApp, REPO_ROOT } from '../compose.js';
import { copAppOptions, startCop } from './cop.js';

export interface ServeOptions {
  db: string;
  demo: boolean;
  host: string;
  port: number;
  /** PEM files: serve HTTPS. */
  tlsCert?: string;
  tlsKey?: string;
}

const PROVENANCE =
  'UNCLASSIFIED. Drawn from public sources (press releases, official websites, 2+2 joint statements); notional where marked.';

/** Open the app, start the HTTP server, and close both cleanly on SIGINT/SIGTERM. */
export async function serve(options: ServeOptions): Promise<void> {
  const services = await openApp({ db: options.db, demo: options.demo, ...copAppOptions() });
  const webDistDir = resolve(REPO_ROOT, 'web/dist');
  const app = await buildServer({
    services,
    ...(options.tlsCert && options.tlsKey
      ? { tls: { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey) } }
      : {}),
    meta: { title: 'U.S. Forces Japan and Japan Joint Operations Command', provenance: PROVENANCE },
    ...(existsSync(webDistDir) ? { webDistDir } : {}),
  });
  await startCop(services, app);
  const address = await app.listen({ host: options.host, port: options.port });
  process.stdout.write(`Alliance C2 listening on ${address} (store: ${services.store.kind} ${options.db})\n`);
  if (options.demo) {
    const rows = DEMO_USERS.map(
      (u) => `  ${u.username.padEnd(11)} ${u.password.padEnd(22)} ${u.nation} ${u.clearance}, ${u.roles.join(', ')}`,
    );
    process.stdout.write(`Demo sign-ins (demo data only; never use these outside a demo):\n${rows.join('\n')}\n`);
  } else if (!(await services.identity.hasAdmin())) {
    process.stdout.write('No admin yet: create one with `c2 admin create-user --admin <username>`.\n');
  }
  const stop = async () => {
    await app.close();
    await services.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
