import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DOCTRINE, type DoctrineSettings } from './domain/command/settings.js';
import { C2Error } from './domain/errors.js';
import type { ForceDocument } from './domain/force/document.js';
import { DEFAULT_POLICY } from './domain/security/default-policy.js';
import { parsePolicy, type Policy } from './domain/security/policy.js';
import { SYSTEM_ACTOR } from './services/actor.js';
import { type Clock, systemClock } from './services/clock.js';
import { createServices, type Services } from './services/index.js';
import { openStore } from './store/open.js';

/** The composition root: the one place that picks adapters and wires them to the services. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_SCENARIO = resolve(REPO_ROOT, 'data/scenarios/usfj-2024.json');
export const DEMO_MISSIONS = resolve(REPO_ROOT, 'data/scenarios/usfj-2024-missions.json');
export const DEFAULT_DB = process.env.C2_DB ?? resolve(REPO_ROOT, 'var/c2.db');

export interface AppOptions {
  /** A SQLite file path, ':memory:', or a postgres:// URL. */
  db?: string;
  /** Load the demo scenario when the store is empty. */
  demo?: boolean;
  clock?: Clock;
  doctrine?: DoctrineSettings;
  /** A security policy file (classification levels, nations, caveats); default config/policy.json. */
  policyFile?: string;
}

export async function openApp(options: AppOptions = {}): Promise<Services> {
  const db = options.db ?? DEFAULT_DB;
  if (!db.includes('://') && db !== ':memory:') mkdirSync(dirname(resolve(db)), { recursive: true });
  const store = await openStore(db);
  await store.migrate();
  const services = await createServices({
    store,
    clock: options.clock ?? systemClock,
    doctrine: options.doctrine ?? DEFAULT_DOCTRINE,
    policy: loadPolicy(options.policyFile ?? process.env.C2_POLICY),
  });
  if (options.demo && (await store.lastTxId()) === 0) {
    const result = await services.force.importDocument(SYSTEM_ACTOR, readDemoScenario(), {
      summary: 'load demo scenario',
    });
    if (!result.committed) {
      const problems = [
        ...result.refused.map((r) => ({ code: 'C2_BAD_INPUT' as const, path: r.path, message: r.reason })),
        ...result.violations,
      ];
      throw new C2Error(
        'C2_BAD_INPUT',
        `the demo scenario did not load: ${problems[0]?.message ?? 'unknown reason'}`,
        problems,
      );
    }
    await services.coordination.importDocument(
      SYSTEM_ACTOR,
      JSON.parse(readFileSync(DEMO_MISSIONS, 'utf8')),
      'load demo missions',
    );
  }
  return services;
}

export function readDemoScenario(): ForceDocument {
  if (!existsSync(DEMO_SCENARIO)) throw new Error(`demo scenario missing: ${DEMO_SCENARIO}`);
  return JSON.parse(readFileSync(DEMO_SCENARIO, 'utf8')) as ForceDocument;
}

function loadPolicy(file: string | undefined): Policy {
  return file ? parsePolicy(JSON.parse(readFileSync(file, 'utf8')), file) : DEFAULT_POLICY;
}
