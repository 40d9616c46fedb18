import type { DoctrineSettings } from '../domain/command/settings.js';
import type { Policy } from '../domain/security/policy.js';
import type { Store } from '../store/port.js';
import type { Clock } from './clock.js';
import { CoordinationService } from './coordination.js';
import { ForceService } from './force.js';
import { Guard } from './guard.js';
import { MissionService } from './missions.js';

/** Everything the adapters call, built once per process by the composition root (src/compose.ts). */
export interface Services {
  clock: Clock;
  store: Store;
  guard: Guard;
  force: ForceService;
  missions: MissionService;
  coordination: CoordinationService;
  /** The roll-up marking of a set of labelled records: what a view's banner shows. */
  marking(records: Iterable<{ label: import('../domain/security/label.js').SecurityLabel }>): string;
}

export async function createServices(options: {
  store: Store;
  clock: Clock;
  doctrine: DoctrineSettings;
  policy: Policy;
}): Promise<Services> {
  const guard = new Guard(options.policy);
  const force = await ForceService.open(options.store, options.clock, guard, options.doctrine);
  const missions = new MissionService(options.store, force, options.clock, guard);
  const coordination = new CoordinationService(options.store, force, missions, options.clock, guard);
  return {
    clock: options.clock,
    store: options.store,
    guard,
    force,
    missions,
    coordination,
    marking: (records) => guard.banner(records),
  };
}
