import type { Migration } from '../migration.js';

/** Versioned tables may change in one way: a current version gets recorded_to and retired_tx_id set, once. */
function appendOnly(table: string): string {
  return `
CREATE TRIGGER ${table}_retire_only BEFORE UPDATE OR DELETE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION c2_retire_only();
CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION c2_append_only();`;
}

// Instants stay the fixed-width ISO text, collated bytewise ("C"), so SQL orders them as the domain's strings do.
const INSTANT = 'text COLLATE "C"';

const VERSION_TAIL = `
  recorded_from ${INSTANT} NOT NULL,
  recorded_to ${INSTANT},
  tx_id bigint NOT NULL REFERENCES transactions (id),
  retired_tx_id bigint REFERENCES transactions (id)`;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'bitemporal force, change log and documents',
    sql: `
CREATE FUNCTION c2_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: rows are never updated or deleted', TG_TABLE_NAME;
END $$;

CREATE FUNCTION c2_retire_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '% is append-only: rows are never deleted', TG_TABLE_NAME;
  END IF;
  IF OLD.recorded_to IS NOT NULL OR OLD.retired_tx_id IS NOT NULL
     OR NEW.recorded_to IS NULL OR NEW.retired_tx_id IS NULL OR NEW.recorded_to < OLD.recorded_from
     OR (to_jsonb(NEW) - 'recorded_to' - 'retired_tx_id') IS DISTINCT FROM (to_jsonb(OLD) - 'recorded_to' - 'retired_tx_id')
  THEN
    RAISE EXCEPTION '% is append-only: a current version may only be retired, once', TG_TABLE_NAME;
  END IF;
  RETURN NEW;
END $$;

CREATE TABLE transactions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at ${INSTANT} NOT NULL,
  actor text NOT NULL,
  summary text NOT NULL,
  detail jsonb
);
CREATE TRIGGER transactions_append_only BEFORE UPDATE OR DELETE ON transactions
  FOR EACH ROW EXECUTE FUNCTION c2_append_only();
CREATE TRIGGER transactions_no_truncate BEFORE TRUNCATE ON transactions
  FOR EACH STATEMENT EXECUTE FUNCTION c2_append_only();

CREATE TABLE unit_versions (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id text NOT NULL,
  valid_from ${INSTANT} NOT NULL,
  valid_to ${INSTANT},${VERSION_TAIL},
  name text NOT NULL,
  short_name text NOT NULL,
  nation text NOT NULL,
  service text NOT NULL,
  slice jsonb NOT NULL
);
CREATE UNIQUE INDEX unit_versions_current ON unit_versions (unit_id, valid_from) WHERE recorded_to IS NULL;
CREATE INDEX unit_versions_unit ON unit_versions (unit_id, valid_from, recorded_from);
CREATE INDEX unit_versions_tx ON unit_versions (tx_id);
CREATE INDEX unit_versions_retired_tx ON unit_versions (retired_tx_id) WHERE retired_tx_id IS NOT NULL;
CREATE INDEX unit_versions_nation ON unit_versions (nation, service);
${appendOnly('unit_versions')}

CREATE TABLE relationship_versions (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL,
  kind text NOT NULL,
  superior_id text NOT NULL,
  subordinate_id text NOT NULL,
  valid_from ${INSTANT} NOT NULL,
  valid_to ${INSTANT},${VERSION_TAIL},
  relationship jsonb NOT NULL
);
CREATE UNIQUE INDEX relationship_versions_current ON relationship_versions (id) WHERE recorded_to IS NULL;
CREATE INDEX relationship_versions_superiors ON relationship_versions (subordinate_id, kind, valid_from);
CREATE INDEX relationship_versions_subordinates ON relationship_versions (superior_id, kind, valid_from);
CREATE INDEX relationship_versions_tx ON relationship_versions (tx_id);
CREATE INDEX relationship_versions_retired_tx ON relationship_versions (retired_tx_id)
  WHERE retired_tx_id IS NOT NULL;
${appendOnly('relationship_versions')}

CREATE TABLE documents (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  collection text NOT NULL,
  id text NOT NULL,
  body jsonb NOT NULL,
  label jsonb NOT NULL,
  retired boolean NOT NULL,${VERSION_TAIL}
);
CREATE UNIQUE INDEX documents_current ON documents (collection, id) WHERE recorded_to IS NULL;
CREATE INDEX documents_history ON documents (collection, id, seq);
CREATE INDEX documents_known ON documents (collection, recorded_from);
${appendOnly('documents')}
`,
  },
  {
    version: 2,
    name: 'users, sessions, API tokens and the hash-chained audit log',
    sql: `
CREATE TABLE users (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  record jsonb NOT NULL
);

CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  expires_at ${INSTANT} NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  hash text NOT NULL UNIQUE,
  user_id text NOT NULL REFERENCES users (id),
  record jsonb NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- pos is the storage order; seq the chain order. A verifier compares the two to see a reordering.
CREATE TABLE audit_log (
  pos bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seq bigint NOT NULL UNIQUE,
  entry jsonb NOT NULL
);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION c2_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION c2_append_only();
`,
  },
  {
    version: 3,
    name: 'failed sign-ins, shared by every process on the store',
    sql: `
CREATE TABLE sign_in_failures (
  key text NOT NULL,
  at ${INSTANT} NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
`,
  },
];
