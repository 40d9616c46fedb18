import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  type AuditEntry,
  type ChainAnchor,
  type ChainReport,
  type HashFn,
  sealEntry,
  verifyChain,
} from '../domain/audit/chain.js';
import type { Store } from '../store/port.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';

/** One thing worth a line in the audit log. `detail` holds ids and outcomes, never a record's labelled content. */
export interface AuditEvent {
  actor: string;
  action: string;
  target?: string;
  outcome: AuditEntry['outcome'];
  detail?: Record<string, unknown>;
}

/**
 * The HMAC key and the chain's anchor, both kept outside the database: whoever can rewrite the audit table cannot
 * recompute the hashes without the key, nor cut off the tail without the anchor disagreeing.
 */
export interface AuditKeyring {
  hmac: HashFn;
  readAnchor(): ChainAnchor | undefined;
  writeAnchor(anchor: ChainAnchor): void;
}

const hmacWith =
  (key: Buffer): HashFn =>
  (data) =>
    createHmac('sha256', key).update(data, 'utf8').digest('hex');

/**
 * `dir/audit.key` (32 random bytes, hex, created 0600 on first use unless `key` is given) and `dir/audit.anchor.json`
 * (the last seq and hash, rewritten atomically after each entry).
 */
export function fileKeyring(dir: string, options: { key?: string } = {}): AuditKeyring {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyFile = join(dir, 'audit.key');
  let key: string;
  if (options.key) key = options.key;
  else if (existsSync(keyFile)) key = readFileSync(keyFile, 'utf8').trim();
  else {
    key = randomBytes(32).toString('hex');
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(keyFile, 0o600);
  }
  if (key.length < 32) throw new Error(`audit key in ${options.key ? 'C2_AUDIT_KEY' : keyFile} is too short`);
  const anchorFile = join(dir, 'audit.anchor.json');
  return {
    hmac: hmacWith(Buffer.from(key, 'utf8')),
    readAnchor: () =>
      existsSync(anchorFile) ? (JSON.parse(readFileSync(anchorFile, 'utf8')) as ChainAnchor) : undefined,
    writeAnchor(anchor) {
      const temp = `${anchorFile}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
      renameSync(temp, anchorFile);
    },
  };
}

/** For a store that lives and dies with the process (':memory:'): a random key and an anchor in memory. */
export function memoryKeyring(): AuditKeyring {
  let anchor: ChainAnchor | undefined;
  return {
    hmac: hmacWith(randomBytes(32)),
    readAnchor: () => anchor,
    writeAnchor: (next) => {
      anchor = next;
    },
  };
}

export interface AuditVerification extends ChainReport {
  entries: number;
  anchor?: ChainAnchor;
}

/** Writes the hash-chained audit log and checks it. */
export class AuditService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly keyring: AuditKeyring,
  ) {}

  async record(event: AuditEvent): Promise<AuditEntry> {
    const entry = await this.store.appendAudit(this.sealer(event));
    this.advanceAnchor(entry);
    return entry;
  }

  /** Seals `event` after the last entry: for the store to run inside the write that the entry records. */
  sealer(event: AuditEvent): (previous: AuditEntry | null) => AuditEntry {
    const at = this.clock.now();
    return (previous) =>
      sealEntry(
        previous,
        {
          seq: (previous?.seq ?? 0) + 1,
          at,
          actor: event.actor,
          action: event.action,
          outcome: event.outcome,
          ...(event.target === undefined ? {} : { target: event.target }),
          ...(event.detail === undefined ? {} : { detail: event.detail }),
        },
        this.keyring.hmac,
      );
  }

  /** Moves the outside anchor to an appended entry. Two processes may append concurrently: it only moves forward. */
  advanceAnchor(entry: AuditEntry): void {
    const anchor = this.keyring.readAnchor();
    if (!anchor || anchor.seq < entry.seq) this.keyring.writeAnchor({ seq: entry.seq, hash: entry.hash });
  }

  private readonly pending = new Set<Promise<unknown>>();

  /** For paths where a failed audit write must not turn a refusal into a 500: the failure goes to the log. */
  recordQuietly(
    event: AuditEvent,
    log: (error: unknown) => void = (error) => console.error('audit write failed', error),
  ) {
    const write = this.record(event).catch(log);
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  /** Resolves once every quiet write has landed: call before closing the store. */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async verify(): Promise<AuditVerification> {
    const entries = await this.store.auditEntries();
    const anchor = this.keyring.readAnchor();
    const report = verifyChain(entries, this.keyring.hmac, anchor);
    return { ...report, entries: entries.length, ...(anchor ? { anchor } : {}) };
  }

  async list(filter: { afterSeq?: number; limit?: number; action?: string; actor?: string } = {}) {
    const entries = await this.store.auditEntries({
      ...(filter.afterSeq === undefined ? {} : { afterSeq: filter.afterSeq }),
    });
    const matching = entries.filter(
      (entry) =>
        (!filter.action || entry.action === filter.action || entry.action.startsWith(`${filter.action}.`)) &&
        (!filter.actor || entry.actor === filter.actor),
    );
    return filter.limit === undefined ? matching : matching.slice(-filter.limit);
  }
}

/**
 * The store as the services see it: every commit, by whichever service, also lands in the audit log, so no write path
 * can forget to record itself.
 */
export function auditedStore(store: Store, audit: AuditService): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'commit') {
        const commit: Store['commit'] = async (change, meta) => {
          // The entry is sealed and appended in the commit's own transaction: no change without its entry.
          let entry: AuditEntry | undefined;
          const tx = await target.commit(change, meta, (tx, previous) => {
            entry = audit.sealer({
              actor: meta.actor,
              action: 'store.commit',
              target: `tx:${tx.id}`,
              outcome: 'ok',
              detail: {
                summary: meta.summary,
                units: change.insertUnitSlices.length,
                relationships: change.insertRelationships.length,
                retired: change.retireUnitSlices.length + change.retireRelationships.length,
                documents: (change.putDocuments ?? []).map((d) => `${d.collection}/${d.id}`),
              },
            })(previous);
            return entry;
          });
          if (entry) audit.advanceAnchor(entry);
          return tx;
        };
        return commit;
      }
      if (property === 'close') {
        return async () => {
          await audit.settled();
          await target.close();
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The audit line's actor: the id, which the users table resolves to a name. */
export const auditActor = (actor: Actor | undefined) => actor?.id ?? 'anonymous';
