import { C2Error } from '../domain/errors.js';
import type { ChangeSet } from '../domain/force/change.js';
import type { StoredDocument } from '../domain/records.js';
import type { Versioned } from '../domain/time/bitemporal.js';
import { type Instant, toInstant } from '../domain/time/instant.js';
import type { TxMeta, TxRecord } from './port.js';

/**
 * What every store adapter checks and builds the same way, so SQLite and PostgreSQL differ only in their SQL.
 * The checks that need the stored state (current versions, last record time) run inside each adapter's transaction.
 */

/** Stands in for an open-ended valid time in SQL comparisons; sorts after every instant toInstant accepts. */
export const OPEN_END = '9999-12-31T23:59:59.999Z';

/** Rejects what is wrong with a change set on its own, before touching the database. */
export function checkChangeSet(change: ChangeSet, meta: TxMeta): void {
  if (toInstant(meta.at, 'meta.at') !== meta.at) {
    throw new C2Error('C2_BAD_TIME', `meta.at '${meta.at}' is not a canonical UTC instant (${toInstant(meta.at)})`);
  }
  firstDuplicate(
    change.retireUnitSlices.map((r) => `${r.id}@${r.validFrom}`),
    (key) => new C2Error('C2_BAD_INPUT', `unit slice ${key} is retired twice in one change set`),
  );
  firstDuplicate(
    change.retireRelationships,
    (id) => new C2Error('C2_BAD_INPUT', `relationship ${id} is retired twice in one change set`),
  );
  firstDuplicate(
    change.insertRelationships.map((r) => r.id),
    (id) => duplicateRelationship(id),
  );
  firstDuplicate(
    (change.putDocuments ?? []).map((d) => `${d.collection}/${d.id}`),
    (key) => new C2Error('C2_BAD_INPUT', `document ${key} is written twice in one change set`),
  );
}

function firstDuplicate(keys: string[], error: (key: string) => C2Error): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw error(key);
    seen.add(key);
  }
}

export function timeGoesBack(at: Instant, lastAt: Instant): C2Error {
  return new C2Error('C2_BAD_TIME', `record time ${at} is earlier than the last transaction's ${lastAt}`);
}

export function unitNotCurrent(id: string, validFrom: Instant): C2Error {
  const message = `unit ${id} slice from ${validFrom} is not current (retired, replaced since the writer's basis, or never stored)`;
  return new C2Error('C2_CONFLICT', message, [{ code: 'C2_CONFLICT', message, units: [id] }]);
}

export function relationshipNotCurrent(id: string): C2Error {
  const message = `relationship ${id} is not current (retired, replaced since the writer's basis, or never stored)`;
  return new C2Error('C2_CONFLICT', message, [{ code: 'C2_CONFLICT', message, relationshipIds: [id] }]);
}

export function sliceOverlaps(id: string, validFrom: Instant): C2Error {
  const message = `unit ${id} slice from ${validFrom} overlaps a current slice of the same unit in valid time`;
  return new C2Error('C2_CONFLICT', message, [{ code: 'C2_CONFLICT', message, units: [id] }]);
}

export function duplicateRelationship(id: string): C2Error {
  const message = `relationship ${id} already has a current version`;
  return new C2Error('C2_DUPLICATE_ID', message, [{ code: 'C2_DUPLICATE_ID', message, relationshipIds: [id] }]);
}

export function versioned<T>(record: T, from: Instant, to: Instant | null, txId: number): Versioned<T> {
  return { record, recorded: { from, to }, txId };
}

/**
 * Rows of [record JSON text, recorded_from, recorded_to, tx_id] as versions. A plain loop over array rows: loading
 * 400k versions should spend its time in JSON.parse, not in per-row objects and closures.
 */
export function versionsFromRows<T>(rows: unknown[]): Versioned<T>[] {
  const out = new Array<Versioned<T>>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as [string, Instant, Instant | null, number];
    out[i] = { record: JSON.parse(row[0]) as T, recorded: { from: row[1], to: row[2] }, txId: row[3] };
  }
  return out;
}

/** The stored detail column (JSON text, or null when the transaction had none) back as TxMeta.detail. */
export function parseDetail(json: string | null): unknown {
  return json === null ? undefined : JSON.parse(json);
}

/**
 * Rows of [collection, id, body JSON text, label JSON text, retired, recorded_from, recorded_to, tx_id] as document
 * versions. `retired` appears only when set (a stored `retired: false` reads back as absent).
 */
export function documentsFromRows<T>(rows: unknown[]): Versioned<StoredDocument<T>>[] {
  return (rows as unknown[][]).map(([collection, id, body, label, retired, from, to, txId]) => {
    const record: StoredDocument<T> = {
      collection: collection as string,
      id: id as string,
      body: JSON.parse(body as string) as T,
      label: JSON.parse(label as string) as StoredDocument['label'],
    };
    if (retired === true || retired === 1) record.retired = true;
    return versioned(record, from as Instant, to as Instant | null, txId as number);
  });
}

export function txRecord(id: number, at: Instant, actor: string, summary: string, detail: unknown): TxRecord {
  return detail === undefined ? { id, at, actor, summary } : { id, at, actor, summary, detail };
}
