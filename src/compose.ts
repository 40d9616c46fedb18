import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DOCTRINE, type DoctrineSettings } from './domain/command/settings.js';
import { C2Error } from './domain/errors.js';
import type { ForceDocument } from './domain/force/document.js';
import { DEFAULT_POLICY } from './domain/security/default-policy.js';
import { parsePolicy, type Policy } from './domain/security/policy.js';
import { SYSTEM_ACTOR } from './services/actor.js';
import { type AuditKeyring, fileKeyring, memoryKeyring } from './services/audit.js';
import { type Clock, systemClock } from './services/clock.js';
import { createServices, type Services } from './services/index.js';
import type { SessionSettings } from './services/sessions.js';
import { openBus } from './bus/open.js';
import { openStore } from './store/open.js';
import { openTrackStore } from './store/open-tracks.js';

/** The composition root: the one place that picks adapters and wires them to the services. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_SCENARIO = resolve(REPO_ROOT, 'data/scenarios/usfj-2024.json');
export const DEMO_MISSIONS = resolve(REPO_ROOT, 'data/scenarios/usfj-2024-missions.json');
export const DEFAULT_DB = process.env.C2_DB ?? resolve(REPO_ROOT, 'var/c2.db');
/** NOTIONAL labelled records, loaded after the main scenario in demo mode only. */
export const DEMO_LABELLED = resolve(REPO_ROOT, 'data/scenarios/usfj-2024-labelled.json');

/** Demo sign-ins, created with --demo only and printed at startup: never use them outside a demo. */
export const DEMO_USERS = [
  {
    username: 'us.admin',
    password: 'usa-admin-demo-2024',
    name: 'U.S. administrator (demo)',
    nation: 'USA',
    clearance: 'TOP SECRET',
    roles: ['viewer', 'admin'],
  },
  {
    username: 'us.planner',
    password: 'usa-planner-demo-2024',
    name: 'U.S. planner, USFJ J5 (demo)',
    nation: 'USA',
    clearance: 'SECRET',
    roles: ['viewer', 'editor', 'planner'],
    homeCommand: 'usfj',
  },
  {
    username: 'us.viewer',
    password: 'usa-viewer-demo-2024',
    name: 'U.S. staff officer (demo)',
    nation: 'USA',
    clearance: 'CONFIDENTIAL',
    roles: ['viewer'],
    homeCommand: 'usfj',
  },
  {
    username: 'us.approver',
    password: 'usa-approver-demo-2024',
    name: 'U.S. approving authority, COMUSFJ (demo)',
    nation: 'USA',
    clearance: 'SECRET',
    roles: ['viewer', 'approver'],
    homeCommand: 'usfj',
  },
  {
    username: 'us.fdo',
    password: 'usa-fdo-demo-2024',
    name: 'U.S. foreign disclosure officer (demo)',
    nation: 'USA',
    clearance: 'SECRET',
    roles: ['viewer', 'fdo'],
    homeCommand: 'usfj',
  },
  {
    username: 'jp.planner',
    password: 'jpn-planner-demo-2024',
    name: 'JPN planner, JJOC J5 (demo)',
    nation: 'JPN',
    clearance: 'SECRET',
    roles: ['viewer', 'editor', 'planner'],
    homeCommand: 'jjoc',
  },
  {
    username: 'jp.viewer',
    password: 'jpn-viewer-demo-2024',
    name: 'JPN staff officer (demo)',
    nation: 'JPN',
    clearance: 'CONFIDENTIAL',
    roles: ['viewer'],
    homeCommand: 'jjoc',
  },
  {
    username: 'jp.fdo',
    password: 'jpn-fdo-demo-2024',
    name: 'JPN foreign disclosure officer (demo)',
    nation: 'JPN',
    clearance: 'SECRET',
    roles: ['viewer', 'fdo'],
    homeCommand: 'jjoc',
  },
];

export interface AppOptions {
  /** A SQLite file path, ':memory:', or a postgres:// URL. */
  db?: string;
  /** Load the demo scenario when the store is empty. */
  demo?: boolean;
  clock?: Clock;
  doctrine?: DoctrineSettings;
  /** A security policy file (classification levels, nations, caveats); default config/policy.json. */
  policyFile?: string;
  /**
   * Where the audit log's HMAC key and anchor live, outside the database (env C2_AUDIT_DIR; default: the SQLite file's
   * folder, var/ for PostgreSQL, memory for ':memory:'). C2_AUDIT_KEY gives the key itself instead of the key file.
   */
  auditDir?: string;
  /** Session lifetimes and sign-in throttling (tests shorten them). */
  sessionSettings?: SessionSettings;
  /** How long track history is kept (default 7 days). */
  trackRetentionDays?: number;
  /** The message bus: 'memory:' (default, in-process) or a nats:// URL (env C2_BUS). */
  bus?: string;
}

function auditKeyring(db: string, dir: string | undefined): AuditKeyring {
  const key = process.env.C2_AUDIT_KEY;
  const chosen = dir ?? process.env.C2_AUDIT_DIR;
  if (!chosen && db === ':memory:') return memoryKeyring();
  const folder =
    chosen ?? (db.includes('://') ? resolve(REPO_ROOT, 'var') : dirname(resolve(db.replace(/^sqlite:/, ''))));
  return fileKeyring(folder, key ? { key } : {});
}

export async function openApp(options: AppOptions = {}): Promise<Services> {
  const db = options.db ?? DEFAULT_DB;
  if (!db.includes('://') && db !== ':memory:') mkdirSync(dirname(resolve(db)), { recursive: true });
  const store = await openStore(db);
  await store.migrate();
  const tracks = openTrackStore(store);
  await tracks.migrate();
  const services = await createServices({
    tracks,
    trackRetentionMs: (options.trackRetentionDays ?? 7) * 86_400_000,
    bus: await openBus(options.bus ?? process.env.C2_BUS ?? 'memory:'),
    store,
    clock: options.clock ?? systemClock,
    doctrine: options.doctrine ?? DEFAULT_DOCTRINE,
    policy: loadPolicy(options.policyFile ?? process.env.C2_POLICY),
    auditKeyring: auditKeyring(db, options.auditDir),
    ...(options.sessionSettings ? { sessionSettings: options.sessionSettings } : {}),
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
    await loadDemoFile(services, DEMO_LABELLED, 'load notional labelled demo records');
    for (const user of DEMO_USERS) await services.identity.createUser(SYSTEM_ACTOR, user);
    await services.coordination.importDocument(
      SYSTEM_ACTOR,
      JSON.parse(readFileSync(DEMO_MISSIONS, 'utf8')),
      'load demo missions',
    );
    await services.plans.create(
      SYSTEM_ACTOR,
      JSON.parse(readFileSync(resolve(REPO_ROOT, 'data/scenarios/usfj-upgrade-plan.json'), 'utf8')).plan,
    );
  }
  return services;
}

async function loadDemoFile(services: Services, file: string, summary: string): Promise<void> {
  const result = await services.force.importDocument(SYSTEM_ACTOR, JSON.parse(readFileSync(file, 'utf8')), { summary });
  if (!result.committed) throw new C2Error('C2_BAD_INPUT', `${file} did not load`, [...result.violations]);
}

export function readDemoScenario(): ForceDocument {
  if (!existsSync(DEMO_SCENARIO)) throw new Error(`demo scenario missing: ${DEMO_SCENARIO}`);
  return JSON.parse(readFileSync(DEMO_SCENARIO, 'utf8')) as ForceDocument;
}

function loadPolicy(file: string | undefined): Policy {
  return file ? parsePolicy(JSON.parse(readFileSync(file, 'utf8')), file) : DEFAULT_POLICY;
}
