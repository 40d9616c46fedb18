/** Who is asking. Every service call takes one; access is decided from it in the services, nowhere else. */
export interface Actor {
  id: string;
  name: string;
  nation: string;
  clearance: string;
  caveats: string[];
  roles: string[];
}

/** The loader of public demo data and the CLI on a local file act as this system user. */
export const SYSTEM_ACTOR: Actor = {
  id: 'system',
  name: 'System',
  nation: 'USA',
  clearance: 'UNCLASSIFIED',
  caveats: [],
  roles: ['admin'],
};
