import type { Migration } from '../migration.js';

/**
 * Versioned tables may change in one way only: a current version gets its record time closed (`recorded_to`,
 * `retired_tx_id`) once. Triggers enforce it, so even buggy code cannot rewrite or delete history.
 */
function appendOnly(table: string, immutable: string[]): string {
  return `
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only: rows are never deleted'); END;
CREATE TRIGGER ${table}_immutable BEFORE UPDATE OF ${immutable.join(', ')} ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only: only recorded_to and retired_tx_id may be set'); END;
CREATE TRIGGER ${table}_retire_once BEFORE UPDATE OF recorded_to, retired_tx_id ON ${table}
WHEN OLD.recorded_to IS NOT NULL OR OLD.retired_tx_id IS NOT NULL
  OR NEW.recorded_to IS NULL OR NEW.retired_tx_id IS NULL OR NEW.recorded_to < OLD.recorded_from
BEGIN SELECT RAISE(ABORT, '${table}: a version is retired once, with a record time not before its start'); END;`;
}

const VERSION_COLUMNS = ['seq', 'valid_from', 'valid_to', 'recorded_from', 'tx_id'];

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'bitemporal force, change log and documents',
    sql: `
CREATE TABLE transactions (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  summary TEXT NOT NULL,
  detail TEXT
) STRICT;
CREATE TRIGGER transactions_no_delete BEFORE DELETE ON transactions
BEGIN SELECT RAISE(ABORT, 'transactions is append-only: rows are never deleted'); END;
CREATE TRIGGER transactions_no_update BEFORE UPDATE ON transactions
BEGIN SELECT RAISE(ABORT, 'transactions is append-only: rows are never updated'); END;

CREATE TABLE unit_versions (
  seq INTEGER PRIMARY KEY,
  unit_id TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  recorded_from TEXT NOT NULL,
  recorded_to TEXT,
  tx_id INTEGER NOT NULL REFERENCES transactions (id),
  retired_tx_id INTEGER REFERENCES transactions (id),
  name TEXT NOT NULL,
  short_name TEXT NOT NULL,
  nation TEXT NOT NULL,
  service TEXT NOT NULL,
  slice TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX unit_versions_current ON unit_versions (unit_id, valid_from) WHERE recorded_to IS NULL;
CREATE INDEX unit_versions_unit ON unit_versions (unit_id, valid_from, recorded_from);
CREATE INDEX unit_versions_tx ON unit_versions (tx_id);
CREATE INDEX unit_versions_retired_tx ON unit_versions (retired_tx_id) WHERE retired_tx_id IS NOT NULL;
CREATE INDEX unit_versions_nation ON unit_versions (nation, service);
${appendOnly('unit_versions', [...VERSION_COLUMNS, 'unit_id', 'name', 'short_name', 'nation', 'service', 'slice'])}

CREATE TABLE relationship_versions (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  superior_id TEXT NOT NULL,
  subordinate_id TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  recorded_from TEXT NOT NULL,
  recorded_to TEXT,
  tx_id INTEGER NOT NULL REFERENCES transactions (id),
  retired_tx_id INTEGER REFERENCES transactions (id),
  relationship TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX relationship_versions_current ON relationship_versions (id) WHERE recorded_to IS NULL;
CREATE INDEX relationship_versions_superiors ON relationship_versions (subordinate_id, kind, valid_from);
CREATE INDEX relationship_versions_subordinates ON relationship_versions (superior_id, kind, valid_from);
CREATE INDEX relationship_versions_tx ON relationship_versions (tx_id);
CREATE INDEX relationship_versions_retired_tx ON relationship_versions (retired_tx_id)
  WHERE retired_tx_id IS NOT NULL;
${appendOnly('relationship_versions', [...VERSION_COLUMNS, 'id', 'kind', 'superior_id', 'subordinate_id', 'relationship'])}

CREATE TABLE documents (
  seq INTEGER PRIMARY KEY,
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  body TEXT NOT NULL,
  label TEXT NOT NULL,
  retired INTEGER NOT NULL CHECK (retired IN (0, 1)),
  recorded_from TEXT NOT NULL,
  recorded_to TEXT,
  tx_id INTEGER NOT NULL REFERENCES transactions (id),
  retired_tx_id INTEGER REFERENCES transactions (id)
) STRICT;
CREATE UNIQUE INDEX documents_current ON documents (collection, id) WHERE recorded_to IS NULL;
CREATE INDEX documents_history ON documents (collection, id, seq);
CREATE INDEX documents_known ON documents (collection, recorded_from);
${appendOnly('documents', ['seq', 'collection', 'id', 'body', 'label', 'retired', 'recorded_from', 'tx_id'])}
`,
  },
  {
    version: 2,
    name: 'users, sessions, API tokens and the hash-chained audit log',
    sql: `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  record TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  expires_at TEXT NOT NULL,
  record TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users (id),
  record TEXT NOT NULL
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- pos is the storage order; seq the chain order. A verifier compares the two to see a reordering.
CREATE TABLE audit_log (
  pos INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  entry TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows are never deleted'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows are never updated'); END;
`,
  },
  {
    version: 3,
    name: 'failed sign-ins, shared by every process on the store',
    sql: `
CREATE TABLE sign_in_failures (
  key TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
`,
  },
];
