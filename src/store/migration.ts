/**
 * A numbered schema migration. Each adapter keeps its own list, applies the ones above the highest version recorded in
 * its schema_migrations table, in order; a released migration never changes: add a new one instead.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function pendingMigrations(migrations: readonly Migration[], appliedVersion: number): Migration[] {
  return migrations.filter((m) => m.version > appliedVersion).sort((a, b) => a.version - b.version);
}
