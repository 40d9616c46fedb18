import type { SecurityLabel } from './security/label.js';

/**
 * A labelled JSON document in a named collection. Later modules (plans, missions, coordination) keep their records
 * as documents, versioned in record time like the force, so they need no schema of their own.
 */
export interface StoredDocument<T = unknown> {
  collection: string;
  id: string;
  body: T;
  label: SecurityLabel;
  /** A retired document is kept in history but no longer listed. */
  retired?: boolean;
}
