import type { Person } from '../domain/security/access.js';

/** What a person may do beyond reading what their clearance and nation allow. */
export const ROLES = ['viewer', 'editor', 'planner', 'approver', 'fdo', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking. Every service call takes one; access is decided from it in the services, nowhere else. */
export interface Actor extends Person {
  name: string;
  /** The unit id of the command the person belongs to. */
  homeCommand?: string;
}

/**
 * The process itself: the loader of demo data and the CLI on a local store file (whose reader already holds every byte
 * of it). The `system` role passes the guard; no signed-in person ever has it.
 */
export const SYSTEM_ACTOR: Actor = {
  id: 'system',
  name: 'System',
  nation: 'USA',
  clearance: 'UNCLASSIFIED',
  caveats: [],
  roles: ['system', 'admin'],
};
