import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildServer } from '../api/server.js';
import { openApp, REPO_ROOT } from '../compose.js';
import { SYSTEM_ACTOR } from '../services/actor.js';

export interface ServeOptions {
  db: string;
  demo: boolean;
  host: string;
  port: number;
}

const PROVENANCE =
  'UNCLASSIFIED. Drawn from public sources (press releases, official websites, 2+2 joint statements); notional where marked.';

/** Open the app, start the HTTP server, and close both cleanly on SIGINT/SIGTERM. */
export async function serve(options: ServeOptions): Promise<void> {
  const services = await openApp({ db: options.db, demo: options.demo });
  const webDistDir = resolve(REPO_ROOT, 'web/dist');
  const app = await buildServer({
    services,
    anonymousActor: SYSTEM_ACTOR,
    meta: { title: 'U.S. Forces Japan and Japan Joint Operations Command', provenance: PROVENANCE },
    ...(existsSync(webDistDir) ? { webDistDir } : {}),
  });
  const address = await app.listen({ host: options.host, port: options.port });
  process.stdout.write(`Alliance C2 listening on ${address} (store: ${services.store.kind} ${options.db})\n`);
  const stop = async () => {
    await app.close();
    await services.store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
