import type { DoctrineSettings } from '../domain/command/settings.js';
import type { Policy } from '../domain/security/policy.js';
import type { Bus } from '../bus/port.js';
import type { Store } from '../store/port.js';
import type { TrackStore } from '../store/tracks.js';
import { AuditService, type AuditKeyring, auditedStore, memoryKeyring } from './audit.js';
import { SYSTEM_ACTOR } from './actor.js';
import type { Clock } from './clock.js';
import { CoordinationService } from './coordination.js';
import { CopService } from './cop.js';
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
  cop: CopService;
  bus: Bus;
  /** Stops the picture's timers, then closes the bus and the store. */
  close(): Promise<void>;
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
  /** Where track history lives (the adapter that matches `store`) and how long it is kept. */
  tracks: TrackStore;
  trackRetentionMs?: number;
  /** Alerts and other notices go out on the bus. */
  bus: Bus;
}): Promise<Services> {
  const guard = new Guard(options.policy);
  const audit = new AuditService(options.store, options.clock, options.auditKeyring ?? memoryKeyring());
  // Every commit by any service lands in the audit log.
  const store = auditedStore(options.store, audit);
  guard.onRefusal = (actor, target, action) =>
    audit.recordQuietly({ actor: actor.id, action: `refused.${action}`, target, outcome: 'refused' });
  const force = await ForceService.open(store, options.clock, guard, options.doctrine);
  // Other processes on the same store (several servers on one PostgreSQL) reach this one's reads within a second.
  force.follow();
  force.onExport = (actor, detail) => audit.recordQuietly({ actor: actor.id, action: 'export', outcome: 'ok', detail });
  const missions = new MissionService(store, force, options.clock, guard);
  const coordination = new CoordinationService(store, force, missions, options.clock, guard);
  const cop = new CopService(options.tracks, store, guard, options.clock, {
    ...(options.trackRetentionMs ? { retentionMs: options.trackRetentionMs } : {}),
    publish: async (subject, payload) => void (await options.bus.publish(subject, payload as object)),
    // An alert inside a mission's area notifies the commands responsible for it.
    responsibleCommands: async (point, at) =>
      (await missions.responsible(SYSTEM_ACTOR, { point }, at)).map((entry) => entry.unitId),
  });
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
    cop,
    bus: options.bus,
    async close() {
      await force.stop();
      await cop.stop();
      await audit.settled();
      await options.bus.close();
      await options.store.close();
    },
    marking: (records) => guard.banner(records),
  };
}
