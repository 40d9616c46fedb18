import type { DoctrineSettings } from '../domain/command/settings.js';
import type { Policy } from '../domain/security/policy.js';
import type { Store } from '../store/port.js';
import { AuditService, type AuditKeyring, auditedStore, memoryKeyring } from './audit.js';
import type { Clock } from './clock.js';
import { CoordinationService } from './coordination.js';
import { DisclosureService } from './disclosure.js';
import { ForceService } from './force.js';
import { Guard } from './guard.js';
import { IdentityService } from './identity.js';
import { InterchangeService } from './interchange.js';
import { LabelService } from './labels.js';
import { MissionService } from './missions.js';
import { PlansService } from './plans.js';
import { type SessionSettings, SessionService } from './sessions.js';

/** Everything the adapters call, built once per process by the composition root (src/compose.ts). */
export interface Services {
  clock: Clock;
  store: Store;
  guard: Guard;
  force: ForceService;
  missions: MissionService;
  coordination: CoordinationService;
  plans: PlansService;
  audit: AuditService;
  identity: IdentityService;
  sessions: SessionService;
  disclosure: DisclosureService;
  interchange: InterchangeService;
  labels: LabelService;
  /** The roll-up marking of a set of labelled records: what a view's banner shows. */
  marking(records: Iterable<{ label: import('../domain/security/label.js').SecurityLabel }>): string;
}

export async function createServices(options: {
  store: Store;
  clock: Clock;
  doctrine: DoctrineSettings;
  policy: Policy;
  /** The audit log's HMAC key and anchor, kept outside the store (default: in memory, for throwaway stores). */
  auditKeyring?: AuditKeyring;
  sessionSettings?: SessionSettings;
}): Promise<Services> {
  const guard = new Guard(options.policy);
  const audit = new AuditService(options.store, options.clock, options.auditKeyring ?? memoryKeyring());
  // Every commit by any service lands in the audit log.
  const store = auditedStore(options.store, audit);
  guard.onRefusal = (actor, target, action) =>
    audit.recordQuietly({ actor: actor.id, action: `refused.${action}`, target, outcome: 'refused' });
  const force = await ForceService.open(store, options.clock, guard, options.doctrine);
  force.onExport = (actor, detail) => audit.recordQuietly({ actor: actor.id, action: 'export', outcome: 'ok', detail });
  const missions = new MissionService(store, force, options.clock, guard);
  const coordination = new CoordinationService(store, force, missions, options.clock, guard);
  return {
    clock: options.clock,
    store,
    guard,
    force,
    missions,
    coordination,
    plans: new PlansService(store, options.clock, guard, force, missions),
    audit,
    identity: new IdentityService(store, options.clock, guard, audit),
    sessions: new SessionService(store, options.clock, audit, options.sessionSettings),
    disclosure: new DisclosureService(force, guard, options.clock, audit),
    interchange: new InterchangeService(force, options.clock),
    labels: new LabelService(guard, options.clock),
    marking: (records) => guard.banner(records),
  };
}
